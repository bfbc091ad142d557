/**
 * Which Okta rate-limit bucket a call counts against: the org (the URL's origin) and `METHOD /path`
 * with Okta ids folded, so `GET /api/v1/users/00u1ab2cd3EF4GH5IJ6k` and every other user share
 * `GET /api/v1/users/{id}`. Okta's own buckets are coarser or finer for a few endpoints;
 * `bucketFor(url, method)` overrides the default for those.
 * @module
 */

/** Longest bucket name kept, in characters (store keys and events stay small). */
export const MAX_BUCKET_LENGTH = 200;
/** Most path segments kept in a default bucket name; deeper paths end in `/…`. */
const MAX_SEGMENTS = 12;
/** A longer segment is not a name Okta gives a collection: it is folded to `{id}`. */
const MAX_SEGMENT_LENGTH = 40;

/**
 * Segments folded to `{id}`, as data: Okta object ids (`00u1ab2cd3EF4GH5IJ6k`, `0oa…`, `aus…`: 20
 * characters, letters and digits, at least one digit), UUIDs, numbers, logins (`ann@example.com`,
 * `ann.lee`, percent-encoded anything) and anything too long to be a literal path name.
 */
const ID_SEGMENTS: readonly RegExp[] = [
  /^(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{12,}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\d+$/,
  /[@%]/,
  /^[^.]+\.[^.]/,
  /[^A-Za-z0-9._~-]/,
];

const METHOD = /^[A-Za-z]{1,16}$/;
// C0/C1 controls, DEL and the Unicode line/paragraph separators: never in a store key or a log line.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

function foldSegment(segment: string): string {
  if (segment.length > MAX_SEGMENT_LENGTH) return '{id}';
  return ID_SEGMENTS.some((pattern) => pattern.test(segment)) ? '{id}' : segment;
}

/**
 * The path template of a URL path: Okta ids (and logins, UUIDs, numbers) folded to `{id}`, the query
 * dropped, at most 12 segments.
 *
 * @example
 * ```ts
 * pathTemplate('/api/v1/users/00u1ab2cd3EF4GH5IJ6k/groups') // '/api/v1/users/{id}/groups'
 * pathTemplate('/api/v1/users/ann%40example.com')          // '/api/v1/users/{id}'
 * ```
 */
export function pathTemplate(pathname: string): string {
  const path = pathname.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/').filter((s) => s !== '');
  const kept = segments.slice(0, MAX_SEGMENTS).map(foldSegment);
  return `/${kept.join('/')}${segments.length > MAX_SEGMENTS ? '/…' : ''}`;
}

/** The method as Okta buckets it: upper case, `OTHER` for anything that is not a plain token. */
export function normalizeMethod(method: unknown): string {
  return typeof method === 'string' && METHOD.test(method) ? method.toUpperCase() : 'OTHER';
}

/**
 * The default bucket of a call: `METHOD /path/template`.
 *
 * @example
 * ```ts
 * defaultBucket('https://acme.okta.com/api/v1/users/00u1ab2cd3EF4GH5IJ6k', 'get') // 'GET /api/v1/users/{id}'
 * ```
 */
export function defaultBucket(url: string | URL, method: string): string {
  const pathname = typeof url === 'string' ? safeUrl(url)?.pathname ?? url : url.pathname;
  return `${normalizeMethod(method)} ${pathTemplate(pathname)}`;
}

/** The org a call goes to: the URL's origin (scheme, host, port), or `''` when it is not a URL. */
export function orgOf(url: string | URL): string {
  const parsed = typeof url === 'string' ? safeUrl(url) : url;
  return parsed && parsed.origin !== 'null' ? parsed.origin : '';
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A bucket name given by the app (`bucketFor`, `schedule(fn, { bucket })`), made safe to use as a
 * store key and in events: a string, control characters removed, at most 200 characters. Returns
 * `undefined` for anything else, so the default applies.
 */
export function cleanBucketName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(CONTROL, ' ').trim().slice(0, MAX_BUCKET_LENGTH);
  return clean === '' ? undefined : clean;
}
