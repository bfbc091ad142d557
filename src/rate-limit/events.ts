/**
 * The events the limiter passes to `onEvent`. Like the handlers' `onError` events they are plain
 * objects discriminated by `type`; every one names the bucket and the wait, and none carries a URL
 * query, a token or a header value other than the rate-limit numbers.
 * @module
 */
import type { WaitReason } from './store.js';

interface Common {
  /** The org (origin of the URL). */
  readonly org: string;
  /** The bucket, `METHOD /path/template` or the name given by `bucketFor` / `schedule`. */
  readonly bucket: string;
  /** ISO time of the event. */
  readonly time: string;
}

/** A call waited before going to Okta (once per call, when it goes). */
export interface RateLimitWaitEvent extends Common {
  readonly type: 'ratelimit.wait';
  /** How long the call waited in all, in ms. */
  readonly waitMs: number;
  /** What it waited for last. */
  readonly reason: WaitReason;
}

/** A call was refused without calling Okta: the wait it needed is past `maxWaitMs`. */
export interface RateLimitRejectedEvent extends Common {
  readonly type: 'ratelimit.rejected';
  /** The wait that would still have been needed, in ms (as far as known). */
  readonly waitMs: number;
  /** The `Retry-After` the app answers with, in seconds. */
  readonly retryAfter: number;
  readonly reason: WaitReason;
}

/** An answer taught something new: a bucket's limit, a new window, or Okta's concurrency values. */
export interface RateLimitLearnedEvent extends Common {
  readonly type: 'ratelimit.learned';
  /** `rate`: the bucket's values; `concurrency`: the org had too many calls in flight. */
  readonly kind: 'rate' | 'concurrency';
  readonly limit: number;
  readonly remaining: number;
  /** `X-Rate-Limit-Reset` (Okta epoch seconds). */
  readonly resetEpoch: number;
  /** Time until that reset, in ms (an upper bound, measured against Okta's `Date`). */
  readonly waitMs: number;
  /** The answer was a 429. */
  readonly rejected: boolean;
}

/** The shared store failed or timed out: the limiter uses its in-process store until it answers. Once per outage. */
export interface RateLimitStoreErrorEvent extends Common {
  readonly type: 'ratelimit.store_error';
  /** The store's name (`redis`). */
  readonly store: string;
  /** The error, sanitized (at most 200 characters). */
  readonly message: string;
  /** How long the failing operation took, in ms (the timeout, for a store that did not answer). */
  readonly waitMs: number;
}

/** Every event `onEvent` receives. Discriminated by `type`. */
export type RateLimitEvent = RateLimitWaitEvent | RateLimitRejectedEvent | RateLimitLearnedEvent | RateLimitStoreErrorEvent;

/** Calls the hook without ever letting it break a call. */
export function emitRateLimitEvent(hook: ((event: RateLimitEvent) => void) | undefined, event: RateLimitEvent): void {
  if (!hook) return;
  try {
    const result = hook(event) as unknown;
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(() => {});
  } catch {
    // A failing logger must not fail a call to Okta.
  }
}
