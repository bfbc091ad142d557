/**
 * The shared store: one rate-limit budget for every instance of the app, in Redis. It takes the
 * client the app already has, `ioredis` (5, 6; a `Cluster` too) or `node-redis` (`redis` 4, 5, 6),
 * and never imports either. Every step is one Lua script (`redis-scripts.ts`), so instances never
 * interleave inside a decision; every command is bounded by `timeoutMs`, after which the limiter
 * carries on with its in-process store.
 * @module
 */
import { assertOption, rejectUnknownKeys } from '../core/options/index.js';
import { ACQUIRE, COMPLETE, RENEW } from './redis-scripts.js';
import { CEILING_TTL_MS, NO_HEADERS_TTL_MS, STATE_TTL_MS, type RateLimitStore } from './store.js';

/** An ioredis client (`Redis` or `Cluster`): its generic `call`. */
export interface IoRedisLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** A node-redis client (`createClient()`, v4 to v6): its raw `sendCommand`. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A connected Redis client of either library. */
export type RedisClientLike = IoRedisLike | NodeRedisLike;

/** Options of {@link redisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** Prefix of every key (default `oeh:rl:`). */
  readonly prefix?: string;
  /**
   * Longest wait for one Redis command, in ms (default 250). Past it the limiter treats Redis as
   * down, reports `ratelimit.store_error` and uses its in-process store until Redis answers again.
   */
  readonly timeoutMs?: number;
}

/** Which client library a value is, by duck typing (neither is imported). */
export function redisClientKind(client: unknown): 'ioredis' | 'node-redis' | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Record<string, unknown>;
  // ioredis also has a `sendCommand`, taking its own Command objects: test for it first.
  if (typeof c.call === 'function' && typeof c.evalsha === 'function') return 'ioredis';
  if (typeof c.sendCommand === 'function') return 'node-redis';
  return undefined;
}

/** 32-bit FNV-1a, base 36: a short, stable tag for an org in key names (the URL stays out of Redis). */
function tagOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

interface Script {
  readonly source: string;
  sha?: Promise<string>;
}

async function sha1(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

const toNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(String(value)));
const toText = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/**
 * A store in Redis shared by every instance of the app, through the client the app already has.
 *
 * The client must be connected (node-redis: `await client.connect()`). The store keeps a handful of
 * small keys per org, every one with an expiry; nothing is kept for a crashed instance longer than
 * its leases (30 s by default).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createOktaRateLimiter, redisRateLimitStore } from 'okta-error-handler/rate-limit';
 * const limiter = createOktaRateLimiter({ store: redisRateLimitStore(new Redis(process.env.REDIS_URL!)) });
 * ```
 * @throws InvalidOptionError when `client` is neither an ioredis nor a node-redis client, or an option is wrong.
 */
export function redisRateLimitStore(client: RedisClientLike, options: RedisRateLimitStoreOptions = {}): RateLimitStore {
  const kind = redisClientKind(client);
  assertOption(kind !== undefined, 'client', typeof client, 'an ioredis client (new Redis()) or a connected node-redis client (createClient())');
  assertOption(typeof options === 'object' && options !== null, 'options', options, 'an object');
  rejectUnknownKeys(options, ['prefix', 'timeoutMs']);
  const prefix = options.prefix ?? 'oeh:rl:';
  assertOption(typeof prefix === 'string' && prefix.length <= 64 && !/[\s{}]/.test(prefix), 'prefix', prefix, 'a string of at most 64 characters without spaces or braces');
  const timeoutMs = options.timeoutMs ?? 250;
  assertOption(Number.isSafeInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 60_000, 'timeoutMs', timeoutMs, 'an integer number of ms from 1 to 60000');

  const send: (args: string[]) => Promise<unknown> =
    kind === 'ioredis'
      ? (args) => (client as IoRedisLike).call(args[0]!, ...args.slice(1))
      : (args) => (client as NodeRedisLike).sendCommand(args);

  const bounded = (args: string[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisTimeoutError(timeoutMs)), timeoutMs);
      timer.unref?.();
      let pending: Promise<unknown>;
      try {
        pending = send(args);
      } catch (err) {
        clearTimeout(timer);
        return reject(err);
      }
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });

  const scripts = { acquire: { source: ACQUIRE }, complete: { source: COMPLETE }, renew: { source: RENEW } } satisfies Record<string, Script>;

  /** EVALSHA, falling back to EVAL (which caches the script) the first time, or after SCRIPT FLUSH. */
  const run = async (script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> => {
    script.sha ??= sha1(script.source);
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await bounded(['EVALSHA', await script.sha, ...tail]);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return bounded(['EVAL', script.source, ...tail]);
    }
  };

  const base = (org: string) => `${prefix}{${tagOf(org)}}:`;
  const keysOf = (org: string, bucket: string) => {
    const b = base(org);
    return [`${b}b:${bucket}`, `${b}inflight`, `${b}p:${bucket}`, `${b}hold`, `${b}ceil`] as const;
  };

  return {
    name: 'redis',

    async acquire(input) {
      const reply = await run(scripts.acquire, keysOf(input.org, input.bucket), [input.leaseId, input.reserve, input.concurrency, input.leaseMs]);
      if (!Array.isArray(reply)) throw new Error('Redis acquire script returned no array');
      if (toNumber(reply[0]) === 1) return { granted: true, probe: toNumber(reply[1]) === 1 };
      const reason = toText(reply[1]);
      if (reason !== 'held' && reason !== 'concurrency' && reason !== 'unknown' && reason !== 'reset' && reason !== 'window') {
        throw new Error('Redis acquire script returned an unknown reason');
      }
      return { granted: false, reason, waitMs: Math.max(0, toNumber(reply[2]) || 0) };
    },

    async complete(input) {
      const l = input.learned;
      const rate = l.kind === 'rate' ? l : undefined;
      await run(scripts.complete, keysOf(input.org, input.bucket), [
        input.leaseId,
        input.probe ? 1 : 0,
        l.kind,
        rate?.limit ?? 0,
        rate?.remaining ?? 0,
        rate?.resetEpoch ?? 0,
        rate?.resetInMs ?? 0,
        (l.kind === 'rate' || l.kind === 'concurrency') && l.rejected ? 1 : 0,
        l.kind === 'concurrency' ? l.holdMs : 0,
        STATE_TTL_MS,
        NO_HEADERS_TTL_MS,
        CEILING_TTL_MS,
      ]);
    },

    async renew(org, leases, leaseMs) {
      if (leases.length === 0) return;
      const [, inflight] = keysOf(org, '');
      const keys = [inflight, ...leases.map((lease) => (lease.probe ? keysOf(org, lease.bucket)[2] : inflight))];
      await run(scripts.renew, keys, [leaseMs, ...leases.map((lease) => lease.leaseId)]);
    },

    async ping() {
      await bounded(['PING']);
    },
  };
}
