/**
 * Making untrusted text safe for the places it may go: log events, headers, redirect targets.
 * @module
 */


const BASE = 'http://origin.invalid';

/**
 * The same-origin relative path `value` names, percent-encoded so it is safe in a `Location` header
 * (`/中文` → `/%E4%B8%AD%E6%96%87`), or `undefined` when it is anything else: `//host`, `/\\host`
 * (which browsers read as `//host`), a scheme, control characters or whitespace. The only kind of
 * redirect target this library emits.
 */
export function toSameOriginPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (value.charCodeAt(0) !== 47 /* / */) return undefined;
  const second = value.charCodeAt(1);
  if (second === 47 || second === 92 /* \\ */) return undefined;
  if (/[\u0000-\u0020\u007F-\u00A0\\\u2028\u2029]/.test(value)) return undefined;
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
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
