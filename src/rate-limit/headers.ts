/**
 * Learning a bucket from Okta's answers: `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` on every
 * response (successes included), with the reset measured against Okta's own `Date` header so that a
 * skewed local clock changes nothing.
 *
 * Two things make the headers less simple than they look:
 * - `X-Rate-Limit-Reset` is an absolute Okta time (epoch seconds) and `Date` has one-second
 *   resolution. {@link OktaClock} keeps bounds on the offset between the local monotonic clock and
 *   Okta's, narrowed by every response, and answers "how long until that reset, at most".
 * - While the org's concurrency limit is exceeded, Okta reports the concurrency values in the same
 *   three headers. {@link readRateLimitHeaders} tells the two apart, so a concurrency blip neither
 *   replaces a bucket's limit nor parks the bucket for its whole window.
 * @module
 */
import { getHeader } from '../core/upstream/headers.js';

/** What Okta's rate-limit headers said about one bucket, after one response. */
export interface RateLimitObservation {
  /** `rate`: the bucket's per-window values; `concurrency`: the org's in-flight limit was exceeded. */
  readonly kind: 'rate' | 'concurrency';
  readonly limit: number;
  readonly remaining: number;
  /** `X-Rate-Limit-Reset` as sent (Okta epoch seconds): identifies the window. */
  readonly resetEpoch: number;
  /** Upper bound on the time from now until that reset, in ms (0 when it has passed), at most 1 h. */
  readonly resetInMs: number;
  /** The response was a 429. */
  readonly rejected: boolean;
}

/** The three headers, parsed; `undefined` members were absent or unusable. */
export interface RateLimitHeaders {
  readonly limit: number;
  readonly remaining: number;
  readonly resetEpoch: number;
}

/** Okta's default org-wide concurrency limit (35 on Integrator Free orgs). */
export const OKTA_CONCURRENCY_LIMIT = 75;
/** Longest reset honoured, in ms: a bogus far-future reset must not park a bucket for days. */
const MAX_RESET_MS = 3_600_000;
// Oldest plausible X-Rate-Limit-Reset (2001-09-09): anything smaller is not an epoch timestamp.
const MIN_EPOCH_SECONDS = 1e9;
const INTEGER = /^\d{1,15}$/;

/** Local time in ms on a monotonic clock: wall-clock steps (NTP) do not move it. */
export const monotonicNow = (): number => performance.timeOrigin + performance.now();

/** Parses comma-joined repeats of an integer header; `pick` chooses among them. */
function integers(value: string | undefined, pick: (...n: number[]) => number): number | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length > 8 || !parts.every((p) => INTEGER.test(p))) return undefined;
  return pick(...parts.map(Number));
}

/**
 * The three `X-Rate-Limit-*` headers, or `undefined` unless all three are present and sane
 * (`0 ≤ remaining ≤ limit`, an epoch-seconds reset). Repeated headers are read conservatively: the
 * smallest limit and remaining, the latest reset.
 */
export function parseRateLimitHeaders(headers: unknown): RateLimitHeaders | undefined {
  const limit = integers(getHeader(headers, 'x-rate-limit-limit'), Math.min);
  const remaining = integers(getHeader(headers, 'x-rate-limit-remaining'), Math.min);
  const resetEpoch = integers(getHeader(headers, 'x-rate-limit-reset'), Math.max);
  if (limit === undefined || remaining === undefined || resetEpoch === undefined) return undefined;
  if (remaining > limit || resetEpoch < MIN_EPOCH_SECONDS) return undefined;
  return { limit, remaining, resetEpoch };
}

/**
 * Bounds on `offset = local monotonic time − Okta's time`, from the `Date` header of each response
 * and the local times the request was sent and its response received. Okta generated the response
 * at some Okta time `T` with `Date ≤ T < Date + 1 s`, while the local clock was between `sentAt` and
 * `receivedAt`; so `sentAt − Date − 1 s < offset ≤ receivedAt − Date`. Each response narrows the
 * bounds; bounds that contradict each other mean a clock moved, and start again from that response.
 *
 * The reset of a window, in local time, is then at most `reset + high`: waiting until then is safe
 * whatever the skew, and costs at most the width of the bounds (a few ms after a few responses).
 */
export class OktaClock {
  #low = Number.NEGATIVE_INFINITY;
  #high = Number.POSITIVE_INFINITY;

  /** Narrows the offset bounds with one response. Ignores a missing or unparsable `Date`. */
  observe(date: string | undefined, sentAt: number, receivedAt: number): void {
    const okta = date === undefined ? Number.NaN : parseHttpDate(date);
    if (!Number.isFinite(okta)) return;
    const low = sentAt - okta - 1000;
    const high = receivedAt - okta;
    if (low > this.#high || high < this.#low) {
      this.#low = low;
      this.#high = high;
      return;
    }
    this.#low = Math.max(this.#low, low);
    this.#high = Math.min(this.#high, high);
  }

  /** Whether a response with a `Date` header has been seen. */
  get synced(): boolean {
    return Number.isFinite(this.#high);
  }

  /** The bounds, for tests and diagnostics. */
  get bounds(): { readonly low: number; readonly high: number } {
    return { low: this.#low, high: this.#high };
  }

  /**
   * At most how long, in ms from `now` (local monotonic), until Okta's clock reaches `epochSeconds`.
   * Before any `Date` has been seen the local wall clock stands in for Okta's, plus one second.
   */
  untilMs(epochSeconds: number, now: number = monotonicNow()): number {
    const high = this.synced ? this.#high : now - Date.now() + 1000;
    const ms = epochSeconds * 1000 + high - now;
    return Math.min(MAX_RESET_MS, Math.max(0, Math.ceil(ms)));
  }
}

// IMF-fixdate, the form every HTTP server sends (RFC 9110 §5.6.7); Okta does.
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
let lastDate: { text: string; ms: number } | undefined;

/** Parses an IMF-fixdate `Date` header (one-entry cache: concurrent responses share one value). */
function parseHttpDate(text: string): number {
  if (lastDate?.text === text) return lastDate.ms;
  const ms = IMF_FIXDATE.test(text.trim()) ? Date.parse(text) : Number.NaN;
  if (text.length <= 64) lastDate = { text, ms };
  return ms;
}

/** What is known about a bucket before a response, for telling concurrency values apart. */
export interface KnownBucket {
  readonly limit: number;
}

/** Options of {@link readRateLimitHeaders}. */
export interface ReadRateLimitOptions {
  /** HTTP status of the response. */
  readonly status: number;
  /** The bucket's limit as learned before, if it was. */
  readonly known?: KnownBucket | undefined;
  /** What Okta reports as the limit while the org's concurrency limit is exceeded (default 75). */
  readonly concurrencyLimit?: number;
  /** Converts the reset to a wait; default: a fresh {@link OktaClock} (the local clock plus 1 s). */
  readonly clock?: OktaClock;
  /** Local monotonic time the response was received (default now). */
  readonly now?: number;
}

/**
 * Reads one response's rate-limit headers into an observation, or `undefined` when they are absent.
 *
 * The headers carry concurrency values instead of the bucket's when Okta says nothing is left
 * (`remaining` 0) and either the limit differs from the one learned for this bucket, or nothing was
 * learned yet, the call was rejected (429) and the limit is Okta's concurrency limit. A limit of 0 is
 * never a rate limit either. When a bucket's own limit equals the concurrency limit the two cannot be
 * told apart; holding the bucket until the (short) reset is then the safe reading.
 *
 * @example
 * ```ts
 * readRateLimitHeaders(res.headers, { status: 429, known: { limit: 600 } })
 * // { kind: 'concurrency', limit: 75, remaining: 0, … } while the org has too many calls in flight
 * ```
 */
export function readRateLimitHeaders(headers: unknown, options: ReadRateLimitOptions): RateLimitObservation | undefined {
  const parsed = parseRateLimitHeaders(headers);
  if (!parsed) return undefined;
  const { limit, remaining, resetEpoch } = parsed;
  const rejected = options.status === 429;
  const concurrencyLimit = options.concurrencyLimit ?? OKTA_CONCURRENCY_LIMIT;
  const known = options.known;
  const concurrency =
    limit === 0 ||
    (remaining === 0 && (known !== undefined ? known.limit > 0 && limit !== known.limit : rejected && limit === concurrencyLimit));
  const clock = options.clock ?? new OktaClock();
  return {
    kind: concurrency ? 'concurrency' : 'rate',
    limit,
    remaining,
    resetEpoch,
    resetInMs: clock.untilMs(resetEpoch, options.now),
    rejected,
  };
}
