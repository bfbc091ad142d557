/**
 * Making untrusted text safe for the places it may go: log events, headers, redirect targets.
 * @module
 */


/**
 * True for a same-origin relative path (`/a?b`): not `//host`, not `/\host` (which browsers read as
 * `//host`), no scheme, no control characters. The only kind of redirect target this library emits.
 */
export function isSameOriginPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return false;
  if (value.charCodeAt(0) !== 47 /* / */) return false;
  const second = value.charCodeAt(1);
  if (second === 47 || second === 92 /* \ */) return false;
  if (/[\u0000-\u0020\u007F\\]/.test(value)) return false;
  try {
    const base = 'http://origin.invalid';
    return new URL(value, base).origin === base;
  } catch {
    return false;
  }
}

/** Adds query parameters to a same-origin path, keeping any query it already has. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const hash = path.indexOf('#');
  const bare = hash === -1 ? path : path.slice(0, hash);
  let out = bare;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out += `${out.includes('?') ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  return out;
}
