/**
 * Making untrusted text safe for the places it may go: log events, headers, redirect targets.
 * @module
 */


const BASE = 'http://origin.invalid';

/**
 * `value` as a same-origin relative path safe for a `Location` header, or `undefined` when it is anything
 * else: `//host`, `/\\host` (which browsers read as `//host`), a scheme, control characters or whitespace,
 * or dot segments that resolve to `//host`. Non-ASCII characters are percent-encoded (`/中文` →
 * `/%E4%B8%AD%E6%96%87`) since Node refuses them in headers; nothing else is rewritten, so the result
 * can never become a different kind of URL than the one checked.
 * @group Rendering
 */
export function toSameOriginPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (value.charCodeAt(0) !== 47 /* / */) return undefined;
  const second = value.charCodeAt(1);
  if (second === 47 || second === 92 /* \\ */) return undefined;
  if (/[\u0000-\u0020\u007F-\u00A0\\\u2028\u2029]/.test(value)) return undefined;
  let encoded: string;
  try {
    encoded = value.replace(/[^\u0000-\u007F]+/gu, (run) => encodeURI(run));
    const url = new URL(encoded, BASE);
    // `/.//evil.example` is same-origin as written, but a hop that normalizes it sends the browser away.
    if (url.origin !== BASE || url.pathname.startsWith('//')) return undefined;
  } catch {
    return undefined; // lone surrogates, unparsable
  }
  return encoded;
}

/** Whether `value` is a same-origin relative path (see {@link toSameOriginPath}). */
export function isSameOriginPath(value: unknown): value is string {
  return toSameOriginPath(value) !== undefined;
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
