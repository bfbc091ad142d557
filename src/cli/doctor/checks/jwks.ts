/**
 * `jwks`: the discovery document's `jwks_uri` answers with at least one key that has a `kid`
 * (jose and openid-client select the verification key by the token header's `kid`).
 * @module
 */
import { field, jsonObject } from '../http.js';
import { oktaFailure, requestIdOf } from '../okta.js';
import { endpoint, type CheckDefinition, type Finding } from '../context.js';

export const jwks: CheckDefinition = {
  id: 'jwks',
  title: 'Signing keys (JWKS)',
  async run(ctx): Promise<Finding> {
    const { scrub } = ctx.options;
    const found = await ctx.discovery();
    if (!found.doc) return { status: 'skip', detail: 'needs the discovery document, which could not be read (see the discovery check)' };
    const uri = endpoint(found.doc, 'jwks_uri');
    if (!uri) {
      return { status: 'fail', detail: 'The discovery document has no jwks_uri: tokens cannot be verified.', fix: 'Point the issuer at an Okta authorization server (the org one, or /oauth2/{id}).' };
    }
    const res = await ctx.fetch(uri);
    const where = `GET ${scrub.clean(uri, 300)}`;
    if (res.status !== 200) {
      const failure = oktaFailure(res);
      return {
        status: 'fail',
        detail: `${where} answered ${res.status}${failure.summary ? `: ${scrub.clean(failure.summary, 200)}` : ''}.`,
        code: failure.code.startsWith('http_') ? undefined : failure.code,
        requestId: failure.requestId,
        fix: 'Okta serves the keys at {issuer}/v1/keys (org: /oauth2/v1/keys); check that nothing between this machine and Okta rewrites the path.',
      };
    }
    const keys = field(jsonObject(res), 'keys');
    if (!Array.isArray(keys)) {
      return { status: 'fail', detail: `${where} answered 200 without a "keys" array.`, requestId: requestIdOf(res), fix: 'The JWKS must be a JSON object {"keys": […]} (RFC 7517 §5).' };
    }
    const kids = keys
      .map((key) => field(key, 'kid'))
      .filter((kid): kid is string => typeof kid === 'string' && kid !== '')
      .map((kid) => scrub.clean(kid, 64));
    if (kids.length === 0) {
      return {
        status: 'fail',
        detail: `${where}: ${keys.length} key(s), none with a kid; libraries pick the verification key by kid.`,
        requestId: requestIdOf(res),
        fix: 'Every signing key needs a "kid" (Okta always sets one: is something else answering for the org?).',
      };
    }
    const algs = [...new Set(keys.map((key) => field(key, 'alg')).filter((alg): alg is string => typeof alg === 'string'))].slice(0, 5);
    const shown = kids.slice(0, 5).join(', ') + (kids.length > 5 ? ', …' : '');
    return {
      status: 'pass',
      detail: `${kids.length} signing key(s) with a kid (${shown})${algs.length ? `, ${algs.map((a) => scrub.clean(a, 16)).join('/')}` : ''}.`,
      requestId: requestIdOf(res),
    };
  },
};
