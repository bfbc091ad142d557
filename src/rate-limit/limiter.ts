/**
 * The limiter's engine: before a call, take a lease from the store (or wait, or refuse); after it, teach
 * the store what the answer's headers said. `create.ts` opens three doors to it: `fetch`, the Okta SDK
 * executor and `schedule`.
 * @module
 */
import { getHeader } from '../core/upstream/headers.js';
import { answerOfError, type Answer } from './answer.js';
import { sanitizeText } from '../core/text/redact.js';
import { cleanBucketName, defaultBucket, normalizeMethod, orgOf } from './bucket.js';
import { emitRateLimitEvent, type RateLimitEvent } from './events.js';
import { FallbackStore, type Lease } from './fallback.js';
import { monotonicNow, OktaClock, readRateLimitHeaders } from './headers.js';
import type { ResolvedRateLimiterOptions } from './options.js';
import { rateLimitedError, retryAfterSeconds } from './reject.js';
import { memoryRateLimitStore, type BucketRef, type Learned, type WaitReason } from './store.js';

/** How {@link Engine.run} treats one kind of call. */
export interface RunOptions<T> {
  /** The status and headers of a value the call returned (`undefined`: nothing to learn). */
  readonly inspect: (value: T) => Answer | undefined;
  /** Whether a 429 may be retried (the request can be sent again), within `maxWaitMs`. */
  readonly retry: boolean;
  /** Frees a 429 answer that is retried (cancels its body). */
  readonly discard?: (value: T) => void;
  readonly signal?: AbortSignal | null | undefined;
}

/** A 429 is retried at most this many times, and only when its reset fits in `maxWaitMs`. */
const MAX_429_RETRIES = 2;
const MIN_POLL_MS = 5;
const MAX_POLL_MS = 100;
/** Okta's concurrency reset is an estimate: hold between these bounds, in ms. */
const MIN_CONCURRENCY_HOLD_MS = 100;
const MAX_CONCURRENCY_HOLD_MS = 1000;
const MAX_KNOWN = 10_000;

interface KnownState {
  kind: 'rate' | 'concurrency';
  limit: number;
  resetEpoch: number;
}

/** The part of the limiter every door shares. */
export class Engine {
  readonly options: ResolvedRateLimiterOptions;
  readonly #store: FallbackStore;
  readonly #clock = new OktaClock();
  readonly #known = new Map<string, KnownState>();
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #active = new Set<Lease>();
  readonly #instance = Math.random().toString(36).slice(2, 10);
  #counter = 0;
  #renewTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ResolvedRateLimiterOptions) {
    this.options = options;
    const primary = options.store ?? memoryRateLimitStore();
    const fallback = primary.name === 'memory' ? undefined : memoryRateLimitStore();
    this.#store = new FallbackStore(primary, fallback, ({ store, org, bucket, error, elapsedMs }) => {
      const message = sanitizeText(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 200);
      this.#emit({ type: 'ratelimit.store_error', org, bucket, store, message, waitMs: elapsedMs, time: new Date().toISOString() });
    });
  }

  /** The clock bounds learned from Okta's `Date` headers (diagnostics). */
  get clock(): OktaClock {
    return this.#clock;
  }

  #emit(event: RateLimitEvent): void {
    emitRateLimitEvent(this.options.onEvent, event);
  }

  /** The bucket of a call to `url` with `method`. */
  refFor(url: string, method: string): BucketRef {
    const verb = normalizeMethod(method);
    let bucket: string | undefined;
    if (this.options.bucketFor) {
      try {
        bucket = cleanBucketName(this.options.bucketFor(url, verb));
      } catch {
        // A throwing bucketFor must not fail the call: the default bucket applies.
      }
    }
    return { org: orgOf(url) || this.options.org, bucket: bucket ?? defaultBucket(url, verb) };
  }

  /**
   * Runs `call` under the limiter: waits for (or is refused) a lease, calls, learns from the answer
   * (returned or thrown), and retries a 429 when allowed and its reset fits in `maxWaitMs`.
   */
  async run<T>(ref: BucketRef, call: () => Promise<T>, options: RunOptions<T>): Promise<T> {
    const started = monotonicNow();
    const deadline = started + this.options.maxWaitMs;
    for (let retries = 0; ; retries++) {
      const lease = await this.#acquire(ref, started, deadline, options.signal);
      const sentAt = monotonicNow();
      let value: T | undefined;
      let error: unknown;
      let failed = false;
      try {
        value = await call();
      } catch (err) {
        error = err;
        failed = true;
      }
      const answer = failed ? answerOfError(error) : options.inspect(value as T);
      const learned = this.#learn(ref, answer, sentAt, monotonicNow(), !failed);
      await this.#release(lease, learned);
      if (failed) throw error;
      if (options.retry && retries < MAX_429_RETRIES && (learned.kind === 'rate' || learned.kind === 'concurrency') && learned.rejected) {
        const needed = learned.kind === 'rate' ? learned.resetInMs : learned.holdMs;
        if (monotonicNow() + needed < deadline) {
          options.discard?.(value as T);
          continue;
        }
      }
      return value as T;
    }
  }

  #leaseId(): string {
    this.#counter = (this.#counter + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.#instance}:${this.#counter.toString(36)}`;
  }

  async #acquire(ref: BucketRef, started: number, deadline: number, signal: AbortSignal | null | undefined): Promise<Lease> {
    const { reserve, concurrency, leaseMs } = this.options;
    let pollMs = MIN_POLL_MS;
    let resetWaits = 0;
    let reason: WaitReason | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const leaseId = this.#leaseId();
      const { outcome, store } = await this.#store.acquire({ ...ref, leaseId, reserve, concurrency, leaseMs });
      const now = monotonicNow();
      if (outcome.granted) {
        const lease: Lease = { leaseId, org: ref.org, bucket: ref.bucket, probe: outcome.probe, store };
        this.#track(lease);
        if (reason) this.#emit({ type: 'ratelimit.wait', org: ref.org, bucket: ref.bucket, waitMs: Math.round(now - started), reason, time: new Date().toISOString() });
        return lease;
      }
      reason = outcome.reason;
      const known = outcome.waitMs > 0;
      if (now >= deadline || (known && now + outcome.waitMs > deadline)) {
        const retryAfter = retryAfterSeconds(known ? outcome.waitMs : 1000);
        this.#emit({ type: 'ratelimit.rejected', org: ref.org, bucket: ref.bucket, waitMs: Math.round(outcome.waitMs), retryAfter, reason, time: new Date().toISOString() });
        throw rateLimitedError(retryAfter);
      }
      let sleepMs: number;
      if (known) {
        // Jitter, so that instances waiting for the same reset do not all wake in the same millisecond;
        // narrower for a call that already lost one race for a window, so it is not the last again.
        const spread = Math.min(1000, 20 + outcome.waitMs * 0.1) / (1 + 4 * resetWaits);
        sleepMs = outcome.waitMs + Math.random() * spread;
        resetWaits++;
      } else {
        sleepMs = pollMs * (0.5 + Math.random());
        pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
      }
      await this.#sleep(ref, reason, Math.min(sleepMs, deadline - now), signal);
    }
  }

  /** Sleeps, waking early when a local call frees what this one waits for. */
  #sleep(ref: BucketRef, reason: WaitReason, ms: number, signal: AbortSignal | null | undefined): Promise<void> {
    const key = reason === 'concurrency' ? ref.org : reason === 'unknown' || reason === 'window' ? `${ref.org}\n${ref.bucket}` : undefined;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        const set = key === undefined ? undefined : this.#waiters.get(key);
        if (set?.delete(wake) && set.size === 0) this.#waiters.delete(key!);
        signal?.removeEventListener('abort', onAbort);
      };
      const wake = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal!.reason);
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      if (key) {
        const set = this.#waiters.get(key) ?? new Set();
        set.add(wake);
        this.#waiters.set(key, set);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Wakes local waiters: every one on the bucket (it may be known now), one on the org (a slot is free). */
  #notify(ref: BucketRef): void {
    const bucket = this.#waiters.get(`${ref.org}\n${ref.bucket}`);
    if (bucket) for (const wake of [...bucket]) wake();
    const org = this.#waiters.get(ref.org);
    const first = org?.values().next();
    if (first && !first.done) first.value();
  }

  #learn(ref: BucketRef, answer: Answer | undefined, sentAt: number, receivedAt: number, returned: boolean): Learned {
    if (!answer) return { kind: 'none' };
    this.#clock.observe(getHeader(answer.headers, 'date'), sentAt, receivedAt);
    const key = `${ref.org}\n${ref.bucket}`;
    const known = this.#known.get(key);
    const observation = readRateLimitHeaders(answer.headers, {
      status: answer.status,
      known: known?.kind === 'rate' ? { limit: known.limit } : undefined,
      concurrencyLimit: this.options.oktaConcurrencyLimit,
      clock: this.#clock,
      now: receivedAt,
    });
    if (!observation) {
      return returned && answer.status >= 200 && answer.status < 300 ? { kind: 'no_headers' } : { kind: 'none' };
    }
    const { kind, limit, remaining, resetEpoch, resetInMs, rejected } = observation;
    if (!known || known.kind !== kind || known.limit !== limit || known.resetEpoch !== resetEpoch || rejected) {
      this.#emit({ type: 'ratelimit.learned', org: ref.org, bucket: ref.bucket, kind, limit, remaining, resetEpoch, waitMs: resetInMs, rejected, time: new Date().toISOString() });
    }
    if (kind === 'rate') {
      this.#known.delete(key);
      this.#known.set(key, { kind, limit, resetEpoch });
      if (this.#known.size > MAX_KNOWN) this.#known.delete(this.#known.keys().next().value!);
      return { kind: 'rate', limit, remaining, resetEpoch, resetInMs, rejected };
    }
    const holdMs = Math.min(MAX_CONCURRENCY_HOLD_MS, Math.max(MIN_CONCURRENCY_HOLD_MS, resetInMs));
    return { kind: 'concurrency', rejected, holdMs };
  }

  async #release(lease: Lease, learned: Learned): Promise<void> {
    this.#active.delete(lease);
    if (this.#active.size === 0 && this.#renewTimer) {
      clearInterval(this.#renewTimer);
      this.#renewTimer = undefined;
    }
    try {
      await this.#store.complete(lease, learned);
    } catch {
      // Only the in-process store is left when this throws, and it does not: nothing to do but go on.
    }
    this.#notify(lease);
  }

  /** Keeps the leases of calls still running alive, every third of `leaseMs`. */
  #track(lease: Lease): void {
    this.#active.add(lease);
    if (this.#renewTimer) return;
    const every = Math.max(50, Math.floor(this.options.leaseMs / 3));
    this.#renewTimer = setInterval(() => {
      void this.#store.renew([...this.#active], this.options.leaseMs);
    }, every);
    this.#renewTimer.unref?.();
  }
}
