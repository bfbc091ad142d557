/**
 * The loop guard: how many automatic re-prompts, retries and sign-in restarts this browser had in the
 * current window. Kept in a short-lived cookie rather than server memory so that every app instance
 * behind a load balancer agrees. The cookie is not a security control (a client can always drop it);
 * it stops honest browsers from bouncing between the app and the provider.
 *
 * Where the cookie can come back:
 * - over https (`secure`, or `X-Forwarded-Proto: https` from a TLS-terminating proxy), it is
 *   `__Host-oeh_guard` with `SameSite=None; Secure`, so even a cross-site form_post carries it;
 * - over plain http it is `oeh_guard` with `SameSite=Lax`: top-level GET navigations carry it (query
 *   mode), a cross-site POST does not. The callback then turns such a POST into a GET to itself first
 *   (see `decide.ts`), so form_post is bounded too.
 * @module
 */

/** Name of the guard cookie over plain http. */
export const GUARD_COOKIE = 'oeh_guard';
/** Name of the guard cookie over https: the `__Host-` prefix stops a sibling subdomain from setting it. */
export const SECURE_GUARD_COOKIE = '__Host-oeh_guard';

/**
 * Set with a redirect to the callback itself (see `CONTINUE_PARAMETER`): when the GET that follows carries
 * neither it nor the guard, this browser keeps no cookie of ours, and nothing can count its redirects.
 */
export const PROBE_COOKIE = 'oeh_probe';

/** The Set-Cookie value of the probe: two minutes, enough for one redirect. */
export const PROBE_SET_COOKIE = `${PROBE_COOKIE}=1; Max-Age=120; Path=/; HttpOnly; SameSite=Lax`;

/** Counts within the window that started at `since` (epoch seconds). */
export interface GuardState {
  readonly reprompts: number;
  readonly retries: number;
  readonly restarts: number;
  readonly since: number;
}

/** What the request's cookies say. */
export interface GuardReading extends GuardState {
  /** Whether the request carried any cookie of the guard's (a guard cookie, valid or not, or the probe). */
  readonly sent: boolean;
}

/** The guard's counters, each a kind of automatic redirect. */
export type GuardCounter = 'reprompts' | 'retries' | 'restarts';

// v2.<reprompts>.<retries>.<restarts>.<since>; v1 (before restarts were counted) is still read.
const FORMAT = /^v(?:1\.(\d{1,2})\.(\d{1,2})|2\.(\d{1,2})\.(\d{1,2})\.(\d{1,2}))\.(\d{1,12})$/;

function parseValue(value: string, now: number, windowSeconds: number): GuardState | undefined {
  const m = FORMAT.exec(value.trim());
  if (!m) return undefined;
  const since = Number(m[6]);
  // A window that has not started yet was not written by this app (or its clock jumped): ignore it.
  if (since > now || now - since >= windowSeconds) return undefined;
  return m[1] === undefined
    ? { reprompts: Number(m[3]), retries: Number(m[4]), restarts: Number(m[5]), since }
    : { reprompts: Number(m[1]), retries: Number(m[2]), restarts: 0, since };
}

/**
 * Reads the guard from a Cookie header. Every guard cookie is read (a sibling subdomain can add its own,
 * "cookie tossing"), malformed and expired ones are ignored, and the most restrictive reading wins: the
 * highest count of each counter and the latest window. No valid cookie is a fresh window.
 */
export function readGuard(cookieHeader: string | undefined, now: number, windowSeconds: number): GuardReading {
  let reprompts = 0;
  let retries = 0;
  let restarts = 0;
  let since = now;
  let sent = false;
  let valid = false;
  // Stryker disable next-line StringLiteral: a speed shortcut, a header without "oeh_" holds no cookie of ours and the loop finds none either
  if (cookieHeader && cookieHeader.includes('oeh_')) {
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const name = part.slice(0, eq).trim();
      if (name === PROBE_COOKIE) sent = true;
      if (name !== GUARD_COOKIE && name !== SECURE_GUARD_COOKIE) continue;
      sent = true;
      const state = parseValue(part.slice(eq + 1), now, windowSeconds);
      if (!state) continue;
      reprompts = Math.max(reprompts, state.reprompts);
      retries = Math.max(retries, state.retries);
      restarts = Math.max(restarts, state.restarts);
      since = valid ? Math.max(since, state.since) : state.since;
      valid = true;
    }
  }
  return { reprompts, retries, restarts, since, sent };
}

/**
 * Whether a counted redirect must first go through a continuation on the callback path, which sets the probe
 * (see `PROBE_COOKIE`), because the guard cookie it would set cannot come back: a cross-site POST over plain
 * http (a `SameSite=Lax` cookie does not come with it). With `unproven` (a request no redirect of ours led
 * to), also a GET that carried no cookie at all: a top-level GET brings every `SameSite=Lax` cookie of the
 * site, so one without any may come from a browser that keeps none.
 */
export function needsProbe(guard: GuardReading, request: { readonly method: string; readonly transport: { readonly https: boolean; readonly site?: string }; readonly cookie?: string | undefined }, unproven = false): boolean {
  if (guard.sent) return false;
  if (request.method === 'POST') return !request.transport.https && request.transport.site !== 'same-site';
  return unproven && request.method === 'GET' && !request.cookie?.includes('=');
}

/** The state after one more redirect of kind `counter`. */
export function count(state: GuardState, counter: GuardCounter): GuardState {
  return { reprompts: state.reprompts, retries: state.retries, restarts: state.restarts, since: state.since, [counter]: state[counter] + 1 };
}

/** The Set-Cookie value recording `state` until the window ends. */
export function guardCookie(state: GuardState, now: number, windowSeconds: number, secure: boolean): string {
  const maxAge = Math.max(1, state.since + windowSeconds - now);
  const value = `v2.${state.reprompts}.${state.retries}.${state.restarts}.${state.since}; Max-Age=${maxAge}; Path=/; HttpOnly`;
  // A form_post callback is a cross-site POST: only SameSite=None (which requires Secure) carries the
  // cookie there. Over plain http, Lax is the best available (and the callback bounces form_post).
  return secure ? `${SECURE_GUARD_COOKIE}=${value}; Secure; SameSite=None` : `${GUARD_COOKIE}=${value}; SameSite=Lax`;
}
