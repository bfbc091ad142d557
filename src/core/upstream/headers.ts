/**
 * Reading one header from whatever an HTTP client hands us: fetch `Headers` (or node-fetch's look-alike,
 * which the Okta SDK uses), a `Map`, or a plain object as Node's `IncomingMessage.headers`.
 * @module
 */

/** A header value as the various clients give it. */
export type HeaderValue = string | readonly string[] | number | null | undefined;

/**
 * Headers in any of the shapes the supported libraries use. Names are matched case-insensitively in
 * all of them.
 */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | ReadonlyMap<string, HeaderValue>
  | Readonly<Record<string, HeaderValue>>
  | null
  | undefined;

const MAX_HEADER_LENGTH = 8192;

function flatten(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_HEADER_LENGTH);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // Repeated headers: join the way fetch does, so callers see one shape.
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    return parts.length ? parts.join(', ').slice(0, MAX_HEADER_LENGTH) : undefined;
  }
  return undefined;
}

/**
 * Returns the value of header `name` (case-insensitive), repeated values joined with `", "`, or
 * `undefined`. Never throws, even on hostile getters.
 */
export function getHeader(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  try {
    if (headers instanceof Map) {
      for (const [key, value] of headers) {
        if (typeof key === 'string' && key.toLowerCase() === wanted) return flatten(value);
      }
      return undefined;
    }
    const get = (headers as { get?: unknown }).get;
    if (typeof get === 'function') return flatten(get.call(headers, wanted));
    // Own keys only: a `__proto__` or inherited key must not answer for a real header.
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === wanted) return flatten((headers as Record<string, unknown>)[key]);
    }
  } catch {
    // A throwing getter is treated as an absent header.
  }
  return undefined;
}
