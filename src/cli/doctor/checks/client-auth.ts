/**
 * `client-auth`: whether the client secret (and the way it is sent) is accepted, without signing
 * anyone in: a token request with a deliberately invalid authorization code. `invalid_grant` means
 * the credentials passed and only the code was refused; `invalid_client` means the secret or the
 * authentication method is wrong, so the other method (`client_secret_post` vs `_basic`) is tried.
 * @module
 */
import { randomBytes } from 'node:crypto';

import { field, type HttpResponse } from '../http.js';
import { authenticate, oauthError, requestIdOf, type SecretMethod } from '../okta.js';
import { endpoint, foreignEndpoint, needs, onIssuerOrigin, type CheckDefinition, type Finding } from '../context.js';
import { OAUTH_CODE } from '../../../catalog/codes.js';

const SECRET_FIX =
  'Copy the secret from Applications > Applications > (your app) > General > Client Credentials (or generate a new one) and update OKTA_CLIENT_SECRET; check the app\'s Client authentication setting.';

export const clientAuth: CheckDefinition = {
  id: 'client-auth',
  title: 'Client authentication',
  skip: (o) => needs(o, ['clientId', 'clientSecret']),
  async run(ctx): Promise<Finding> {
    const { options } = ctx;
    const { scrub } = options;
    const clientId = options.clientId!;
    const secret = options.clientSecret!;
    const found = await ctx.discovery();
    const tokenEndpoint = endpoint(found.doc, 'token_endpoint');
    if (!tokenEndpoint) {
      return found.doc
        ? { status: 'fail', detail: 'The discovery document has no token_endpoint.', fix: 'Use an Okta authorization server as the issuer.' }
        : { status: 'skip', detail: 'needs the discovery document, which could not be read (see the discovery check)' };
    }
    if (!onIssuerOrigin(tokenEndpoint, options)) return foreignEndpoint('token_endpoint', tokenEndpoint, options);
    const supported = field(found.doc, 'token_endpoint_auth_methods_supported');
    const methods: SecretMethod[] =
      Array.isArray(supported) && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')
        ? ['client_secret_post', 'client_secret_basic']
        : ['client_secret_basic', 'client_secret_post'];

    const attempt = (method: SecretMethod): Promise<HttpResponse> => {
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        // Not a code Okta issued: the request can never succeed, so no one is signed in.
        code: `doctor-invalid-${randomBytes(16).toString('hex')}`,
        redirect_uri: options.redirectUri ?? 'https://doctor.invalid/callback',
        code_verifier: randomBytes(32).toString('base64url'),
      });
      return ctx.fetch(tokenEndpoint, authenticate(form, method, clientId, secret));
    };

    const first = await attempt(methods[0]!);
    const firstError = oauthError(first);
    if (firstError.error === OAUTH_CODE.invalid_grant) {
      return { status: 'pass', detail: `Okta accepted the client credentials (${methods[0]}) and refused only the deliberately invalid code (invalid_grant).`, requestId: requestIdOf(first) };
    }
    if (firstError.error === OAUTH_CODE.invalid_client || first.status === 401) {
      const second = await attempt(methods[1]!);
      if (oauthError(second).error === OAUTH_CODE.invalid_grant) {
        return {
          status: 'warn',
          detail: `The secret is right, but the app authenticates with ${methods[1]}: ${methods[0]} was refused (invalid_client).`,
          code: OAUTH_CODE.invalid_client,
          requestId: requestIdOf(first),
          fix: `Configure your OIDC library for ${methods[1]} (openid-client: ${methods[1] === 'client_secret_post' ? 'ClientSecretPost' : 'ClientSecretBasic'}(secret)), or change the app's Client authentication in Okta.`,
        };
      }
      const description = firstError.description ? `: "${scrub.clean(firstError.description, 200)}"` : '';
      return {
        status: 'fail',
        detail: `Okta refused the client credentials with ${methods.join(' and with ')} (invalid_client${description}): a wrong client secret, an unknown client id, or an app that uses private_key_jwt or no secret.`,
        code: OAUTH_CODE.invalid_client,
        requestId: requestIdOf(first),
        fix: SECRET_FIX,
      };
    }
    const description = firstError.description ? `: "${scrub.clean(firstError.description, 200)}"` : '';
    if (firstError.error === OAUTH_CODE.unauthorized_client) {
      return {
        status: 'fail',
        detail: `The credentials were accepted, but the app may not use the authorization code grant (unauthorized_client${description}).`,
        code: OAUTH_CODE.unauthorized_client,
        requestId: requestIdOf(first),
        fix: 'Enable Authorization Code under Applications > (your app) > General > Grant type, and allow it in the authorization server\'s access policy.',
      };
    }
    if (first.status === 200) {
      return { status: 'warn', detail: 'The token endpoint answered 200 to a deliberately invalid code: this is not how Okta behaves; is the issuer right?', requestId: requestIdOf(first) };
    }
    return {
      status: first.status === 429 ? 'warn' : 'fail',
      detail: `The token endpoint answered ${first.status}${firstError.error ? ` with ${firstError.error}` : ''}${description}, so the credentials could not be judged.`,
      code: firstError.error,
      requestId: requestIdOf(first),
      fix:
        first.status === 429
          ? 'Wait for the rate limit to reset (X-Rate-Limit-Reset) and run again.'
          : 'Check that the issuer is the authorization server the app signs in with, and run again.',
    };
  },
};
