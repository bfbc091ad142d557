/**
 * Retrying a call to Okta when, and only when, the failure says a retry can work.
 * @module
 */
import { assertOption } from '../options/checks.js';
import { UpstreamError } from './errors.js';
import { normalizeOktaError, type NormalizeContext, type NormalizedOktaError } from './normalize.js';

/**
 * Options of {@link withOktaRetry}.
 * @group Upstream
 */
export interface WithOktaRetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 calls). */
  readonly maxRetries?: number;
  /** Longest single wait in ms (default 10 000). A `retryAfter` longer than this gives up instead. */
  readonly maxDelayMs?: number;
  /** First backoff ceiling in ms, doubled per retry (default 250). */
  readonly baseDelayMs?: number;
  /** Stops waiting and retrying; the abort reason is thrown. */
  readonly signal?: AbortSignal;
  /** Replaces the timer (tests, custom schedulers). Should reject when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Math.random` for the jitter (tests). */
  readonly random?: () => number;
  /** Passed to {@link normalizeOktaError} (`kind`, `statusFor`, …). */
  readonly normalize?: NormalizeContext;
  /** Called before each wait, for logging or metrics. */
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly error: NormalizedOktaError }) => void;
}

function nonNegativeInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  assertOption(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0, option, value, 'a non-negative integer');
  return value as number;
}

/** Timer that settles early (rejecting with the abort reason) when `signal` aborts. */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Whether waiting can fix it: rate limits, and retryable upstream 5xx/429. A retryable 409 such as
 * E0000112 ("still being activated, try in a few minutes") is left to the caller: milliseconds of
 * backoff would not help.
 */
function worthRetrying(error: NormalizedOktaError): boolean {
  if (!error.retryable) return false;
  const status = error.upstreamStatus ?? error.status;
  return error.category === 'rate_limit' || status === 429 || status >= 500;
}

/**
 * Calls `fn`, retrying when its error normalizes to a retryable Okta failure (rate limit, 5xx,
 * timeout), with exponential backoff and full jitter. A `retryAfter` from the response is honoured
 * exactly; when it exceeds `maxDelayMs` the call gives up at once rather than hold a request that long.
 *
 * When retries are exhausted, or the failure is not retryable, throws an {@link UpstreamError} wrapping
 * the normalized error (the original is its `cause`). Errors not recognised as upstream failures are
 * rethrown untouched, immediately.
 *
 * Only wrap calls that are safe to repeat: a GET, an idempotent PUT, or a POST Okta deduplicates. An
 * authorization-code exchange is not (a code works once).
 *
 * @throws InvalidOptionError (a `TypeError`, `code: 'OEH_INVALID_OPTION'`) when an option is not a non-negative integer.
 * @example
 * ```ts
 * const user = await withOktaRetry(() => client.userApi.getUser({ userId }), { maxRetries: 3 })
 * ```
 * @group Upstream
 */
export async function withOktaRetry<T>(fn: (attempt: number) => T | Promise<T>, options: WithOktaRetryOptions = {}): Promise<T> {
  const maxRetries = nonNegativeInteger('maxRetries', options.maxRetries, 2);
  const maxDelayMs = nonNegativeInteger('maxDelayMs', options.maxDelayMs, 10_000);
  const baseDelayMs = nonNegativeInteger('baseDelayMs', options.baseDelayMs, 250);
  const { signal, sleep = defaultSleep, random = Math.random, onRetry } = options;

  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      const normalized = normalizeOktaError(err, options.normalize);
      if (!normalized) throw err;
      const fail = () => (err instanceof UpstreamError ? err : new UpstreamError(normalized, { cause: err }));
      if (attempt >= maxRetries || !worthRetrying(normalized)) throw fail();

      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      let delayMs = Math.floor(random() * ceiling);
      if (normalized.retryAfter !== undefined) {
        const retryAfterMs = normalized.retryAfter * 1000;
        if (retryAfterMs > maxDelayMs) throw fail();
        delayMs = Math.max(delayMs, retryAfterMs);
      }
      onRetry?.({ attempt: attempt + 1, delayMs, error: normalized });
      await sleep(delayMs, signal);
    }
  }
}
