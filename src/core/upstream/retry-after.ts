/**
 * How long to wait before calling Okta again, from the response headers.
 *
 * Okta sends `X-Rate-Limit-Reset` (epoch seconds) on every rate-limited answer, and proxies may send
 * `Retry-After`. Absolute times are measured against the response's own `Date` header, so a skewed
 * local clock does not turn "in 30 s" into "in an hour" or "now".
 * @module
 */
import { getHeader, type HeadersLike } from './headers.js';

/** Smallest wait returned, in seconds: never tell a client "retry now". */
export const MIN_RETRY_AFTER = 1;
/** Largest wait returned, in seconds: a bogus far-future reset must not park a client for days. */
export const MAX_RETRY_AFTER = 3600;
/** Wait assumed for a rate-limit error whose headers give nothing usable, in seconds. */
export const DEFAULT_RATE_LIMIT_RETRY_AFTER = 60;

/**
 * Options of {@link parseRetryAfter}.
 * @group Upstream
 */
export interface RetryAfterOptions {
  /** Local time used when the response has no valid `Date` header (default `Date.now()`). */
  readonly now?: number | Date;
  /** Returned when no header is usable (default `undefined`). */
  readonly fallback?: number;
}

// The three date formats RFC 9110 §5.6.7 requires recipients to accept. Date.parse alone is far too
// lenient ("abc 12" is a date to V8), so the shape is checked first.
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} \d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/;
const INTEGER = /^[+-]?\d+$/;
// Oldest plausible X-Rate-Limit-Reset (2001-09-09): anything smaller is not an epoch timestamp.
const MIN_EPOCH_SECONDS = 1e9;

function parseHttpDate(value: string): number | undefined {
  const text = value.trim().replace(/\s+/g, ' ');
  let ms = Number.NaN;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) ms = Date.parse(text);
  // asctime carries no zone and V8 would read it as local time; HTTP means GMT.
  else if (ASCTIME_DATE.test(text)) ms = Date.parse(`${text} GMT`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Largest of a comma-joined list of integers (repeated headers), or undefined if any part is not one. */
function parseIntegers(value: string): number | undefined {
  const parts = value.split(',').map((p) => p.trim());
  if (!parts.every((p) => INTEGER.test(p))) return undefined;
  return Math.max(...parts.map(Number));
}

/** Latest of one or several comma-joined HTTP-dates. */
function parseHttpDates(value: string): number | undefined {
  // IMF-fixdate has its own comma after the weekday, so split only where a new weekday begins.
  const dates = value.split(/,\s*(?=[A-Za-z]{3,9},)/).map(parseHttpDate);
  if (dates.some((d) => d === undefined)) return undefined;
  return Math.max(...(dates as number[]));
}

function clamp(seconds: number): number {
  return Math.min(MAX_RETRY_AFTER, Math.max(MIN_RETRY_AFTER, Math.ceil(seconds)));
}

function toMs(now: number | Date | undefined): number {
  const ms = now instanceof Date ? now.getTime() : now;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : Date.now();
}

/**
 * Seconds to wait before retrying, as an integer in 1–3600, from `Retry-After` (delta-seconds or an
 * HTTP-date) or else `X-Rate-Limit-Reset` (epoch seconds). Times are measured against the upstream
 * `Date` header when it is valid, and `options.now` otherwise. Returns `options.fallback` when neither
 * header is usable.
 *
 * @example
 * ```ts
 * parseRetryAfter({ 'X-Rate-Limit-Reset': '1709500047', Date: 'Sun, 03 Mar 2024 21:06:40 GMT' }) // 47
 * parseRetryAfter(new Headers(), { fallback: 60 }) // 60
 * ```
 * @group Upstream
 */
export function parseRetryAfter(headers: HeadersLike | unknown, options: RetryAfterOptions = {}): number | undefined {
  const serverDate = getHeader(headers, 'date');
  const reference = (serverDate === undefined ? undefined : parseHttpDates(serverDate)) ?? toMs(options.now);

  const retryAfter = getHeader(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const delta = parseIntegers(retryAfter);
    if (delta !== undefined) return clamp(delta);
    const at = parseHttpDates(retryAfter);
    if (at !== undefined) return clamp((at - reference) / 1000);
  }

  const reset = getHeader(headers, 'x-rate-limit-reset');
  if (reset !== undefined) {
    const epoch = parseIntegers(reset);
    if (epoch !== undefined && epoch >= MIN_EPOCH_SECONDS) return clamp(epoch - reference / 1000);
  }

  return options.fallback;
}
