/**
 * The loop guard: how many automatic re-prompts and retries this browser had in the current window.
 * Kept in a short-lived cookie rather than server memory so that every app instance behind a load
 * balancer agrees. The cookie is not a security control (a client can always drop it, which only costs
 * it one more redirect); it stops honest browsers from bouncing between the app and the provider.
 * @module
 */

/** Name of the guard cookie. */
export const GUARD_COOKIE = 'oeh_guard';

/** Counts within the window that started at `since` (epoch seconds). */
export interface GuardState {
  readonly reprompts: number;
  readonly retries: number;
  readonly since: number;
}

const FORMAT = /^v1\.(\d{1,2})\.(\d{1,2})\.(\d{1,12})$/;

/** Reads the guard from a Cookie header; a missing, malformed or expired guard is a fresh window. */
export function readGuard(cookieHeader: string | undefined, now: number, windowSeconds: number): GuardState {
  const fresh = { reprompts: 0, retries: 0, since: now };
  if (!cookieHeader || !cookieHeader.includes(GUARD_COOKIE)) return fresh;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== GUARD_COOKIE) continue;
    const match = FORMAT.exec(part.slice(eq + 1).trim());
    if (!match) return fresh;
    const since = Number(match[3]);
    if (since > now || now - since >= windowSeconds) return fresh;
    return { reprompts: Number(match[1]), retries: Number(match[2]), since };
  }
  return fresh;
}

/** The Set-Cookie value recording `state` until the window ends. */
export function guardCookie(state: GuardState, now: number, windowSeconds: number, secure: boolean): string {
  const maxAge = Math.max(1, state.since + windowSeconds - now);
  // A form_post callback is a cross-site POST: only SameSite=None (which requires Secure) carries the
  // cookie there. Over plain http (development), Lax is the best available.
  const sameSite = secure ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${GUARD_COOKIE}=v1.${state.reprompts}.${state.retries}.${state.since}; Max-Age=${maxAge}; Path=/; HttpOnly; ${sameSite}`;
}
