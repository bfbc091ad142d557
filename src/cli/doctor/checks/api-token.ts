/**
 * `api-token`: one cheap call (`GET /api/v1/users/me`) with `Authorization: SSWS`, and the scheme
 * mix-ups behind many 401s: a JWT given as the API token, an API token given as the OAuth token.
 * @module
 */
import { field, jsonObject } from '../http.js';
import { looksLikeJwt, looksLikeSsws, oktaFailure, requestIdOf } from '../okta.js';
import { needs, type CheckDefinition, type Finding } from '../context.js';

const REGENERATE =
  'Create a new token under Security > API > Tokens (a token unused for 30 days expires, and it dies with its creator\'s account), then update OKTA_API_TOKEN in your secret store.';

const OAUTH_AS_SSWS: Finding = {
  status: 'fail',
  detail: 'The --oauth-token (OKTA_OAUTH_TOKEN) value looks like an SSWS API token (00…): Okta refuses it as a Bearer token with 401 E0000011.',
  fix: 'Pass an API token as --token (OKTA_API_TOKEN), which is sent as "Authorization: SSWS …"; OKTA_OAUTH_TOKEN is for an OAuth 2.0 access token (a JWT).',
};

export const apiToken: CheckDefinition = {
  id: 'api-token',
  title: 'API token',
  skip: (o) => (o.token === undefined && o.oauthToken !== undefined && looksLikeSsws(o.oauthToken) ? undefined : needs(o, ['token'])),
  async run(ctx): Promise<Finding> {
    const { token, oauthToken, scrub } = ctx.options;
    const mixup = oauthToken !== undefined && looksLikeSsws(oauthToken);
    if (token === undefined) return OAUTH_AS_SSWS;
    if (looksLikeJwt(token)) {
      return {
        status: 'fail',
        detail: 'The --token (OKTA_API_TOKEN) value is a JWT, an OAuth 2.0 access token, not an SSWS API token: Okta answers 401 E0000011 to it.',
        fix: 'Pass the JWT as --oauth-token (OKTA_OAUTH_TOKEN), where it is sent as "Authorization: Bearer …"; for --token create an API token under Security > API > Tokens.',
      };
    }
    const res = await ctx.apiMe();
    const requestId = requestIdOf(res);
    if (res.status === 200) {
      const login = field(field(jsonObject(res), 'profile'), 'login');
      const who = typeof login === 'string' ? ` It acts as ${scrub.clean(login, 120)}.` : '';
      if (mixup) {
        return {
          ...OAUTH_AS_SSWS,
          detail: `Okta accepted the API token (GET /api/v1/users/me: 200), but the --oauth-token value looks like an SSWS API token too: Okta refuses it as a Bearer token (401 E0000011).`,
          requestId,
        };
      }
      return { status: 'pass', detail: `Okta accepted the API token (GET /api/v1/users/me: 200).${who}`, requestId };
    }
    const failure = oktaFailure(res);
    const summary = failure.summary ? `: "${scrub.clean(failure.summary, 200)}"` : '';
    const code = failure.code.startsWith('http_') ? undefined : failure.code;
    if (res.status === 401) {
      return {
        status: 'fail',
        detail: `Okta refused the API token (401${code ? ` ${code}` : ''}${summary}): it is revoked, expired or mistyped.${mixup ? ' Also, the --oauth-token value looks like an SSWS API token: is it the one meant for --token?' : ''}`,
        code,
        requestId,
        fix: REGENERATE,
      };
    }
    if (res.status === 403) {
      return {
        status: 'warn',
        detail: `The API token is valid but its admin role does not allow GET /api/v1/users/me (403${code ? ` ${code}` : ''}${summary}).`,
        code,
        requestId,
        fix: 'An SSWS token has the rights of the admin who created it: give that admin a role that covers the calls your app makes (Read-Only Administrator at least for these checks), or create the token as such an admin.',
      };
    }
    if (res.status === 429) {
      return { status: 'warn', detail: `Rate limited (429${code ? ` ${code}` : ''}): the token could not be checked now.`, code, requestId, fix: 'See the rate-limit check; run again after X-Rate-Limit-Reset.' };
    }
    return {
      status: 'fail',
      detail: `GET /api/v1/users/me answered ${res.status}${code ? ` ${code}` : ''}${summary}.`,
      code,
      requestId,
      fix: failure.hint,
    };
  },
};
