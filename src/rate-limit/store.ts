/**
 * Where the limiter keeps what it knows, and the contract every store keeps: the in-process store
 * here, and the Redis store (`redis-store.ts`) that shares one budget between instances. Both run the
 * same decisions, step for step; Redis runs them as Lua scripts, so each step is atomic.
 *
 * Per bucket the state is small: the learned `limit`, the calls `remaining` in the current window
 * (counting calls granted but not answered yet), the window's id (Okta's reset, epoch seconds), when
 * the window resets on the store's own clock, and whether that reset has passed. Per org: the leases
 * of calls in flight (each expires, so a crashed instance's slots come back), one probe per unknown
 * bucket, and, after Okta said the org has too many calls in flight, a short hold and a lowered cap.
 * @module
 */
import { monotonicNow } from './headers.js';

/** The bucket a call counts against. */
export interface BucketRef {
  /** The org's origin, such as `https://acme.okta.com`. */
  readonly org: string;
  /** `METHOD /path/template`, such as `GET /api/v1/users/{id}`. */
  readonly bucket: string;
}

/** Input of {@link RateLimitStore.acquire}. */
export interface AcquireInput extends BucketRef {
  /** Unique id of this call's lease. */
  readonly leaseId: string;
  /** Share of each bucket's limit to leave for other apps (0–0.9). */
  readonly reserve: number;
  /** Org-wide cap on calls in flight (leases). */
  readonly concurrency: number;
  /** How long a lease lives unless renewed, in ms. */
  readonly leaseMs: number;
}

/** Why a call may not go now. */
export type WaitReason =
  /** The bucket is down to its reserve until its reset (`waitMs` until then). */
  | 'reset'
  /** The bucket's window has passed and its new allowance is used up before Okta confirmed the new window. */
  | 'window'
  /** The bucket is not learned yet and another call is probing it. */
  | 'unknown'
  /** The org-wide cap on calls in flight is reached. */
  | 'concurrency'
  /** Okta said the org has too many calls in flight; every call holds briefly (`waitMs`). */
  | 'held';

/** Result of {@link RateLimitStore.acquire}. */
export type AcquireOutcome =
  | { readonly granted: true; /** This call is the one probing an unknown bucket. */ readonly probe: boolean }
  | { readonly granted: false; readonly reason: WaitReason; /** How long until it may change; 0 = unknown, poll. */ readonly waitMs: number };

/** What a finished call taught, as {@link RateLimitStore.complete} takes it. */
export type Learned =
  | { readonly kind: 'none' }
  /** An answer without rate-limit headers: the bucket is not gated for a while. */
  | { readonly kind: 'no_headers' }
  | {
      readonly kind: 'rate';
      readonly limit: number;
      readonly remaining: number;
      readonly resetEpoch: number;
      /** Upper bound on the time until the reset, in ms from now. */
      readonly resetInMs: number;
      /** A 429: hold the bucket until its reset, on every instance. */
      readonly rejected: boolean;
    }
  /** Okta's concurrency values; with a 429, every call on the org holds for `holdMs`. */
  | { readonly kind: 'concurrency'; readonly rejected: boolean; readonly holdMs: number };

/** Input of {@link RateLimitStore.complete}. */
export interface CompleteInput extends BucketRef {
  readonly leaseId: string;
  readonly probe: boolean;
  readonly learned: Learned;
}

/**
 * A place to keep rate-limit state. Every method is one atomic step. The limiter never lets a store
 * error reach the app: a store that throws or times out is replaced by an in-process store until it
 * answers again.
 */
export interface RateLimitStore {
  /** `memory`, `redis`, or a custom store's name (used in events). */
  readonly name: string;
  /** Takes a lease for one call, or says why not and for how long. */
  acquire(input: AcquireInput): Promise<AcquireOutcome>;
  /** Releases the lease and records what the answer taught. */
  complete(input: CompleteInput): Promise<void>;
  /** Extends the leases (and probes) of calls still running. */
  renew(org: string, leases: readonly { readonly leaseId: string; readonly bucket: string; readonly probe: boolean }[], leaseMs: number): Promise<void>;
  /** Resolves when the store answers (used to tell that an outage is over). */
  ping(): Promise<void>;
}

/** How long a bucket's state is kept after its reset when nothing refreshes it (10 min). */
export const STATE_TTL_MS = 600_000;
/** How long a bucket whose answers carry no rate-limit headers goes ungated before it is probed again. */
export const NO_HEADERS_TTL_MS = 60_000;
/**
 * How long the org's cap on calls in flight stays lowered after Okta's concurrency 429 (30 s): to the
 * number of calls that were in flight when Okta refused, so the next burst does not hit it again.
 */
export const CEILING_TTL_MS = 30_000;

/** The reserve of a bucket, in calls. */
export const reserveOf = (limit: number, reserve: number): number => Math.floor(limit * reserve);

interface BucketState {
  /** Learned limit; 0 = answers carry no headers (not gated). */
  limit: number;
  remaining: number;
  /** Window id (Okta's reset, epoch seconds). */
  window: number;
  /** When the window resets, on this store's clock; 0 once passed. */
  resetAt: number;
  /** The reset of `window` has passed; `remaining` counts the next window's calls. */
  passed: boolean;
  expiresAt: number;
}

interface OrgState {
  readonly leases: Map<string, number>;
  readonly probes: Map<string, { leaseId: string; expiresAt: number }>;
  holdUntil: number;
  /** Lowered cap on calls in flight, until `ceilingUntil`. */
  ceiling: number;
  ceilingUntil: number;
}

/** Most buckets one in-process store keeps; the least recently used go first. */
const MAX_BUCKETS = 10_000;

/**
 * The in-process store: the default, and the fallback when a shared store fails. Shares nothing
 * between processes; each instance learns the buckets from its own answers.
 */
export function memoryRateLimitStore(options: { now?: () => number } = {}): RateLimitStore {
  const now = options.now ?? monotonicNow;
  const buckets = new Map<string, BucketState>();
  const orgs = new Map<string, OrgState>();
  const keyOf = (ref: BucketRef) => `${ref.org}\n${ref.bucket}`;

  const orgState = (org: string, t: number): OrgState => {
    let state = orgs.get(org);
    if (!state) {
      state = { leases: new Map(), probes: new Map(), holdUntil: 0, ceiling: 0, ceilingUntil: 0 };
      orgs.set(org, state);
    }
    for (const [id, expiresAt] of state.leases) if (expiresAt <= t) state.leases.delete(id);
    for (const [bucket, probe] of state.probes) if (probe.expiresAt <= t) state.probes.delete(bucket);
    return state;
  };

  const bucketState = (key: string, t: number): BucketState | undefined => {
    const state = buckets.get(key);
    if (state && state.expiresAt <= t) {
      buckets.delete(key);
      return undefined;
    }
    if (state) {
      // Most recently used last, for eviction.
      buckets.delete(key);
      buckets.set(key, state);
    }
    return state;
  };

  const put = (key: string, state: BucketState) => {
    buckets.set(key, state);
    if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
  };

  return {
    name: 'memory',

    async acquire(input) {
      const t = now();
      const org = orgState(input.org, t);
      if (org.holdUntil > t) return { granted: false, reason: 'held', waitMs: Math.ceil(org.holdUntil - t) };
      const cap = org.ceilingUntil > t ? Math.min(input.concurrency, org.ceiling) : input.concurrency;
      if (org.leases.size >= cap) return { granted: false, reason: 'concurrency', waitMs: 0 };
      const key = keyOf(input);
      const state = bucketState(key, t);
      let probe = false;
      if (!state) {
        if (org.probes.has(input.bucket)) return { granted: false, reason: 'unknown', waitMs: 0 };
        org.probes.set(input.bucket, { leaseId: input.leaseId, expiresAt: t + input.leaseMs });
        probe = true;
      } else if (state.limit > 0) {
        if (state.resetAt > 0 && t >= state.resetAt) {
          // The window has passed. Calls granted before but still in flight may reach Okta in the new one.
          state.remaining = Math.max(0, state.limit - org.leases.size);
          state.resetAt = 0;
          state.passed = true;
        }
        if (state.remaining <= reserveOf(state.limit, input.reserve)) {
          return state.resetAt > 0
            ? { granted: false, reason: 'reset', waitMs: Math.ceil(state.resetAt - t) }
            : { granted: false, reason: 'window', waitMs: 0 };
        }
        state.remaining -= 1;
      }
      org.leases.set(input.leaseId, t + input.leaseMs);
      return { granted: true, probe };
    },

    async complete(input) {
      const t = now();
      const org = orgState(input.org, t);
      org.leases.delete(input.leaseId);
      if (input.probe && org.probes.get(input.bucket)?.leaseId === input.leaseId) org.probes.delete(input.bucket);
      const learned = input.learned;
      const key = keyOf(input);
      if (learned.kind === 'no_headers') {
        if (!bucketState(key, t)) put(key, { limit: 0, remaining: 0, window: 0, resetAt: 0, passed: false, expiresAt: t + NO_HEADERS_TTL_MS });
        return;
      }
      if (learned.kind === 'concurrency') {
        if (learned.rejected) {
          org.holdUntil = Math.max(org.holdUntil, t + learned.holdMs);
          const inFlight = Math.max(1, org.leases.size);
          org.ceiling = org.ceilingUntil > t ? Math.min(org.ceiling, inFlight) : inFlight;
          org.ceilingUntil = t + CEILING_TTL_MS;
        }
        return;
      }
      if (learned.kind !== 'rate') return;
      const resetAt = t + learned.resetInMs;
      const state = bucketState(key, t);
      let next: BucketState;
      if (!state || state.limit === 0) {
        next = { limit: learned.limit, remaining: learned.remaining, window: learned.resetEpoch, resetAt, passed: false, expiresAt: 0 };
      } else if (learned.resetEpoch < state.window || (learned.resetEpoch === state.window && state.passed)) {
        // An answer from a window already over: it says nothing about the current one.
        return;
      } else if (learned.resetEpoch === state.window) {
        next = { ...state, limit: learned.limit, remaining: Math.min(state.remaining, learned.remaining), resetAt: Math.min(state.resetAt, resetAt) };
      } else {
        // A new window. Once the old reset has passed here, `remaining` already counts the new
        // window's calls; otherwise Okta moved first, and calls still in flight may count in it.
        const remaining = state.passed ? Math.min(state.remaining, learned.remaining) : Math.max(0, learned.remaining - org.leases.size);
        next = { limit: learned.limit, remaining, window: learned.resetEpoch, resetAt, passed: false, expiresAt: 0 };
      }
      if (learned.rejected) next.remaining = 0;
      next.expiresAt = t + learned.resetInMs + STATE_TTL_MS;
      put(key, next);
    },

    async renew(orgName, leases, leaseMs) {
      const t = now();
      const org = orgState(orgName, t);
      for (const lease of leases) {
        if (org.leases.has(lease.leaseId)) org.leases.set(lease.leaseId, t + leaseMs);
        const probe = org.probes.get(lease.bucket);
        if (lease.probe && probe?.leaseId === lease.leaseId) probe.expiresAt = t + leaseMs;
      }
    },

    async ping() {},
  };
}
