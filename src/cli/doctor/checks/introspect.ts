/**
 * `introspect`: the OAuth access token as the authorization server sees it (RFC 7662): active or
 * not, its scopes, and when it expires, measured against Okta's clock.
 * @module
 */
import { field, jsonObject } from '../http.js';
import { authenticate, formatSeconds, jwtPayload, looksLikeSsws, oauthError, oktaTime, requestIdOf } from '../okta.js';
import { endpoint, foreignEndpoint, needs, onIssuerOrigin, type CheckDefinition, type Finding } from '../context.js';
import { OAUTH_CODE } from '../../../catalog/codes.js';

/** Warn when the token expires sooner than this. */
const EXPIRY_WARNING_SECONDS = 300;

export const introspect: CheckDefinition = {
  id: 'introspect',
  title: 'Access token introspection',
  skip: (o) => needs(o, ['oauthToken', 'clientId']),
  async run(ctx): Promise<Finding> {
    const { options } = ctx;
    const { scrub } = options;
    const token = options.oauthToken!;
    const clientId = options.clientId!;
    if (looksLikeSsws(token)) {
      return {
        status: 'fail',
        detail: 'The --oauth-token (OKTA_OAUTH_TOKEN) value looks like an SSWS API token, which is not an OAuth token and cannot be introspected.',
        fix: 'Pass API tokens as --token (OKTA_API_TOKEN); give --oauth-token an access token your app received from Okta.',
      };
    }
    const found = await ctx.discovery();
    const url = endpoint(found.doc, 'introspection_endpoint');
    if (!url) {
      return found.doc
        ? { status: 'fail', detail: 'The discovery document has no introspection_endpoint.', fix: 'Okta publishes one for every authorization server: is the issuer an Okta one?' }
        : { status: 'skip', detail: 'needs the discovery document, which could not be read (see the discovery check)' };
    }
    if (!onIssuerOrigin(url, options)) return foreignEndpoint('introspection_endpoint', url, options);
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    let res;
    if (options.clientSecret) {
      // As at the token endpoint: Basic first, then the secret in the form (the app's method is not known).
      res = await ctx.fetch(url, authenticate(form, 'client_secret_basic', clientId, options.clientSecret));
      if (res.status === 401 || oauthError(res).error === OAUTH_CODE.invalid_client) res = await ctx.fetch(url, authenticate(form, 'client_secret_post', clientId, options.clientSecret));
    } else {
      // A public client (PKCE, no secret) introspects with its client_id alone.
      form.set('client_id', clientId);
      res = await ctx.fetch(url, { form });
    }
    const requestId = requestIdOf(res);

    const iss = field(jwtPayload(token), 'iss');
    const otherIssuer =
      typeof iss === 'string' && iss !== options.issuerInput
        ? ` The token was issued by ${scrub.clean(iss, 200)}, not by this issuer: only its own authorization server can introspect it, and an API expecting this issuer rejects it.`
        : '';

    if (res.status !== 200) {
      const { error, description } = oauthError(res);
      const said = description ? `: "${scrub.clean(description, 200)}"` : '';
      return {
        status: 'fail',
        detail: `The introspection endpoint answered ${res.status}${error ? ` ${error}` : ''}${said}.${otherIssuer}`,
        code: error,
        requestId,
        fix:
          error === OAUTH_CODE.invalid_client || res.status === 401
            ? 'Introspection authenticates the client: check --client-id and --client-secret (see the client-auth check).'
            : 'Check the client id and that the token comes from this authorization server.',
      };
    }
    const body = jsonObject(res);
    const active = field(body, 'active');
    if (active !== true) {
      return {
        status: 'fail',
        detail: `The token is not active: it has expired, was revoked, or was not issued by this authorization server.${otherIssuer}`,
        requestId,
        fix: 'Get a new token (refresh it, or run the client_credentials grant again); an API must reject this one with 401.',
      };
    }
    const scope = field(body, 'scope');
    const scopes = typeof scope === 'string' && scope !== '' ? scrub.clean(scope, 300) : 'none';
    const exp = field(body, 'exp');
    const now = (oktaTime(res) ?? res.localTime) / 1000;
    const left = typeof exp === 'number' && Number.isFinite(exp) ? exp - now : undefined;
    const client = field(body, 'client_id');
    const whose = typeof client === 'string' ? `, issued to client ${scrub.clean(client, 100)}` : '';
    const expiry =
      left === undefined ? 'no expiry given' : left <= 0 ? 'expired (by Okta\'s clock)' : `expires in ${formatSeconds(left)} (${new Date((exp as number) * 1000).toISOString()})`;
    const detail = `Active${whose}; scopes: ${scopes}; ${expiry}.${otherIssuer}`;
    if (left !== undefined && left < EXPIRY_WARNING_SECONDS) {
      return { status: 'warn', detail, requestId, fix: 'Refresh the token before it expires (openid-client: refreshTokenGrant, or a new client_credentials grant) rather than waiting for a 401.' };
    }
    if (otherIssuer) return { status: 'warn', detail, requestId, fix: 'Use tokens from the authorization server your API validates against (the issuer given here).' };
    return { status: 'pass', detail, requestId };
  },
};
