/**
 * `clock`: this machine's clock against Okta's `Date` header. Tokens carry `iat`, `nbf` and `exp`;
 * past a few minutes of skew, a fresh token looks issued in the future or already expired.
 * @module
 */
import { formatSeconds, oktaTime, requestIdOf } from '../okta.js';
import type { CheckDefinition, Finding } from '../context.js';

const WARN_SECONDS = 60;
const FAIL_SECONDS = 300;
const FIX = 'Synchronise this machine\'s clock with NTP (timedatectl set-ntp true, chrony or ntpd); in a container, fix the host\'s clock.';

export const clock: CheckDefinition = {
  id: 'clock',
  title: 'Clock skew',
  async run(ctx): Promise<Finding> {
    const found = await ctx.discovery();
    const res = found.response;
    if (!res) return { status: 'fail', detail: `No answer from Okta to compare clocks with: ${found.error?.message ?? 'no answer'}.`, fix: 'See the discovery check.' };
    const okta = oktaTime(res);
    if (okta === undefined) return { status: 'warn', detail: 'Okta\'s answer had no readable Date header, so the clocks cannot be compared.', requestId: requestIdOf(res), fix: 'Let the Date header through the proxy.' };
    // Date has whole seconds and is cut, not rounded: Okta's time is within [Date, Date + 1 s).
    const skew = (res.localTime - (okta + 500)) / 1000;
    const size = Math.abs(skew);
    const direction = `this machine is ${formatSeconds(size)} ${skew > 0 ? 'ahead of' : 'behind'} Okta`;
    if (size > FAIL_SECONDS) {
      return { status: 'fail', detail: `${direction}, over ${FAIL_SECONDS / 60} minutes: tokens fail their iat/exp checks.`, requestId: requestIdOf(res), fix: FIX };
    }
    if (size > WARN_SECONDS) {
      return { status: 'warn', detail: `${direction}, over ${WARN_SECONDS} s: close to the clock tolerance of token validation.`, requestId: requestIdOf(res), fix: FIX };
    }
    return { status: 'pass', detail: size < 2 ? 'This machine\'s clock agrees with Okta\'s (within the Date header\'s 1 s resolution).' : `${direction.charAt(0).toUpperCase()}${direction.slice(1)}: well within tolerance.`, requestId: requestIdOf(res) };
  },
};
