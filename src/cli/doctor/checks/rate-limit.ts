/**
 * `rate-limit`: the headroom Okta reports in `X-Rate-Limit-Limit/Remaining/Reset` on a cheap call,
 * and when the window resets, measured against Okta's own `Date` (the reset is Okta's epoch time, so
 * this machine's clock must not be used for it).
 * @module
 */
import { formatSeconds, intHeader, oktaTime, requestIdOf } from '../okta.js';
import { needsApiToken, type CheckDefinition, type Finding } from '../context.js';
import { OKTA_CODE } from '../../../catalog/codes.js';

/** Warn below this share of the limit, or below {@link MIN_REMAINING} requests. */
const MIN_SHARE = 0.1;
const MIN_REMAINING = 50;
const BACKOFF_FIX =
  'Spread the calls out and back off on 429 until X-Rate-Limit-Reset (oktaApiErrorHandler and withOktaRetry do this); see Reports > Rate Limits in the Admin Console for the busiest endpoints.';

export const rateLimit: CheckDefinition = {
  id: 'rate-limit',
  title: 'Rate-limit headroom',
  skip: (o) => needsApiToken(o),
  async run(ctx): Promise<Finding> {
    const res = await ctx.apiMe();
    const requestId = requestIdOf(res);
    const limit = intHeader(res, 'x-rate-limit-limit');
    const remaining = intHeader(res, 'x-rate-limit-remaining');
    const reset = intHeader(res, 'x-rate-limit-reset');
    if (limit === undefined || remaining === undefined) {
      return {
        status: 'warn',
        detail: `GET /api/v1/users/me (${res.status}) carried no X-Rate-Limit-Limit/Remaining headers: a proxy between this machine and Okta may strip them, and then no client can back off in time.`,
        requestId,
        fix: 'Let X-Rate-Limit-* and Retry-After through the proxy.',
      };
    }
    const okta = oktaTime(res);
    const resetIn = reset !== undefined ? reset - (okta ?? res.localTime) / 1000 : undefined;
    const when =
      resetIn === undefined
        ? 'no X-Rate-Limit-Reset'
        : resetIn <= 0
          ? 'the window has just reset'
          : `resets in ${formatSeconds(resetIn)}${okta === undefined ? ' (by this machine\'s clock: no Date header)' : ' (by Okta\'s clock)'}`;
    const share = limit > 0 ? remaining / limit : 0;
    const headroom = `${remaining} of ${limit} requests left (${Math.round(share * 100)} %) for GET /api/v1/users/me's bucket; ${when}`;
    if (res.status === 429 || remaining === 0) {
      return { status: 'fail', detail: `Rate limit exhausted: ${headroom}.`, code: OKTA_CODE.E0000047, requestId, fix: BACKOFF_FIX };
    }
    if (remaining < MIN_REMAINING || share < MIN_SHARE) {
      return { status: 'warn', detail: `Little headroom: ${headroom}.`, requestId, fix: BACKOFF_FIX };
    }
    return { status: 'pass', detail: `${headroom.charAt(0).toUpperCase()}${headroom.slice(1)}.`, requestId };
  },
};
