/**
 * Options of `createOktaRateLimiter`, checked once when the limiter is created: a wrong option throws
 * then, naming the option, the value and what was expected, never on a call.
 * @module
 */
import { assertOption, rejectUnknownKeys } from '../core/options/index.js';
import type { RateLimitEvent } from './events.js';
import { OKTA_CONCURRENCY_LIMIT } from './headers.js';
import type { RateLimitStore } from './store.js';

/** The fetch the limiter wraps: the global one, or any with the same shape. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `createOktaRateLimiter`. */
export interface OktaRateLimiterOptions {
  /** Where the budget lives: `redisRateLimitStore(client)` to share it between instances. Default: in process. */
  readonly store?: RateLimitStore;
  /** Share of each bucket left for other apps on the org, from 0 to 0.9 (default 0.1). */
  readonly reserve?: number;
  /**
   * Longest a call waits in all, in ms (default 10 000). When the wait needed is longer, the call
   * fails at once with an `UpstreamError` (503, `Retry-After`) without calling Okta.
   */
  readonly maxWaitMs?: number;
  /** Org-wide cap on calls in flight, every instance together (default 50; Okta's own limit is 75). */
  readonly concurrency?: number;
  /** Receives `ratelimit.wait`, `ratelimit.rejected`, `ratelimit.learned` and `ratelimit.store_error` events. */
  readonly onEvent?: (event: RateLimitEvent) => void;
  /**
   * The bucket of a call, when the default (`METHOD /path/template`, Okta ids folded) does not match
   * Okta's. Return `undefined` to keep the default.
   */
  readonly bucketFor?: (url: string, method: string) => string | undefined;
  /** The fetch `limiter.fetch` and the SDK executor call (default: the global `fetch`, read at call time). */
  readonly fetch?: FetchLike;
  /** How long a call's lease lives unless renewed, in ms (default 30 000). A crashed instance's slots come back after it. */
  readonly leaseMs?: number;
  /** The org `schedule()` calls count against when they name none, such as `https://acme.okta.com`. */
  readonly orgUrl?: string;
  /** What Okta reports as X-Rate-Limit-Limit while the org's concurrency limit is exceeded (default 75; 35 on Integrator Free). */
  readonly oktaConcurrencyLimit?: number;
}

/** Options after validation. */
export interface ResolvedRateLimiterOptions {
  readonly store: RateLimitStore | undefined;
  readonly reserve: number;
  readonly maxWaitMs: number;
  readonly concurrency: number;
  readonly onEvent: ((event: RateLimitEvent) => void) | undefined;
  readonly bucketFor: ((url: string, method: string) => string | undefined) | undefined;
  readonly fetch: FetchLike | undefined;
  readonly leaseMs: number;
  readonly org: string;
  readonly oktaConcurrencyLimit: number;
}

const KEYS = ['store', 'reserve', 'maxWaitMs', 'concurrency', 'onEvent', 'bucketFor', 'fetch', 'leaseMs', 'orgUrl', 'oktaConcurrencyLimit'];
const isFn = (value: unknown) => typeof value === 'function';
const integerIn = (value: unknown, min: number, max: number) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

function isStore(value: unknown): value is RateLimitStore {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return typeof s.name === 'string' && isFn(s.acquire) && isFn(s.complete) && isFn(s.renew) && isFn(s.ping);
}

/** Validates the options once; throws `InvalidOptionError` naming the first wrong one. */
export function resolveRateLimiterOptions(options: OktaRateLimiterOptions | undefined): ResolvedRateLimiterOptions {
  if (options === undefined) options = {};
  assertOption(typeof options === 'object' && options !== null && !Array.isArray(options), 'options', options, 'an object');
  rejectUnknownKeys(options, KEYS);
  const o = options;
  assertOption(o.store === undefined || isStore(o.store), 'store', o.store, 'a rate-limit store such as redisRateLimitStore(client)');
  const reserve = o.reserve ?? 0.1;
  assertOption(typeof reserve === 'number' && reserve >= 0 && reserve <= 0.9, 'reserve', o.reserve, 'a share of the bucket from 0 to 0.9, such as 0.1');
  const maxWaitMs = o.maxWaitMs ?? 10_000;
  assertOption(integerIn(maxWaitMs, 0, 3_600_000), 'maxWaitMs', o.maxWaitMs, 'an integer number of ms from 0 to 3600000');
  const concurrency = o.concurrency ?? 50;
  assertOption(integerIn(concurrency, 1, 10_000), 'concurrency', o.concurrency, 'an integer from 1 to 10000');
  assertOption(o.onEvent === undefined || isFn(o.onEvent), 'onEvent', o.onEvent, 'a function');
  assertOption(o.bucketFor === undefined || isFn(o.bucketFor), 'bucketFor', o.bucketFor, 'a function (url, method) => bucket name');
  assertOption(o.fetch === undefined || isFn(o.fetch), 'fetch', o.fetch, 'a fetch function');
  const leaseMs = o.leaseMs ?? 30_000;
  assertOption(integerIn(leaseMs, 100, 600_000), 'leaseMs', o.leaseMs, 'an integer number of ms from 100 to 600000');
  let org = '';
  if (o.orgUrl !== undefined) {
    const parsed = typeof o.orgUrl === 'string' && URL.canParse(o.orgUrl) ? new URL(o.orgUrl) : undefined;
    assertOption(parsed !== undefined && parsed.origin !== 'null', 'orgUrl', o.orgUrl, 'the org URL, such as "https://acme.okta.com"');
    org = parsed!.origin;
  }
  const oktaConcurrencyLimit = o.oktaConcurrencyLimit ?? OKTA_CONCURRENCY_LIMIT;
  assertOption(integerIn(oktaConcurrencyLimit, 1, 100_000), 'oktaConcurrencyLimit', o.oktaConcurrencyLimit, 'a positive integer such as 75');
  return Object.freeze({
    store: o.store,
    reserve,
    maxWaitMs,
    concurrency,
    onEvent: o.onEvent,
    bucketFor: o.bucketFor,
    fetch: o.fetch,
    leaseMs,
    org,
    oktaConcurrencyLimit,
  });
}
