/**
 * The limiter on a real redis-server, in one process with two "instances" (two limiters, two clients
 * of different libraries): a 429 seen by one holds the bucket for the other; a killed or paused Redis
 * never fails a call, is reported once per outage, and is used again when it answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { createOktaRateLimiter, redisRateLimitStore, type RateLimitEvent } from '../../src/rate-limit/index.js';
import { connect, type ClientName, type Connected } from './clients.js';
import { startFakeOrg, type FakeOrg } from './fake-org.js';
import { SKIP_REDIS, startRedis, type RedisServer } from './redis-server.js';

const USER = '00u1ab2cd3EF4GH5IJ6k';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(SKIP_REDIS)('limiter on Redis', () => {
  let redis: RedisServer;
  let okta: FakeOrg;
  const connections: Connected[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) await c.close();
    await redis?.stop();
  });
  afterEach(async () => {
    await okta?.close();
  });
  const client = async (name: ClientName) => {
    const c = await connect(name, redis.port);
    connections.push(c);
    return c.client;
  };
  let prefixes = 0;

  it('a 429 seen by one instance holds the bucket for every other (ioredis and node-redis sharing one Redis)', async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 2, windowSec: 60 } });
    const url = `${okta.url}/api/v1/users/${USER}`;
    for (let i = 0; i < 2; i++) await (await fetch(url)).arrayBuffer(); // another app used the bucket up
    const prefix = `rl${++prefixes}:`;
    const a = createOktaRateLimiter({ store: redisRateLimitStore(await client('ioredis'), { prefix }), maxWaitMs: 500 });
    const b = createOktaRateLimiter({ store: redisRateLimitStore(await client('redis'), { prefix }), maxWaitMs: 500 });
    expect((await a.fetch(url)).status).toBe(429);
    const requests = okta.stats.requests;
    await expect(b.fetch(url)).rejects.toBeInstanceOf(UpstreamError);
    expect(okta.stats.requests).toBe(requests);
  });

  it('two instances share one budget: together they stay under the bucket (0 429s)', async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 10, windowSec: 1 }, latencyMs: 5 });
    const prefix = `rl${++prefixes}:`;
    const limiters = [
      createOktaRateLimiter({ store: redisRateLimitStore(await client('ioredis6'), { prefix }), reserve: 0, maxWaitMs: 10_000 }),
      createOktaRateLimiter({ store: redisRateLimitStore(await client('redis4'), { prefix }), reserve: 0, maxWaitMs: 10_000 }),
    ];
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const res = await limiters[i % 2]!.fetch(`${okta.url}/api/v1/users/${USER}?n=${i}`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses).toEqual(Array(30).fill(200));
    expect(okta.stats.rateLimited).toBe(0);
    for (const w of okta.stats.windows) expect(w.accepted).toBeLessThanOrEqual(10);
  });

  /** The bucket's `remaining` in Redis, or undefined when Redis holds no bucket under `prefix`. */
  const remainingOnRedis = async (prefix: string): Promise<number | undefined> => {
    const lines = (await redis.command('KEYS', `${prefix}*:b:*`)).split('\r\n');
    const key = lines[2];
    if (!key) return undefined;
    const reply = (await redis.command('HGET', key, 'r')).split('\r\n');
    return reply[1] === undefined ? undefined : Number(reply[1]);
  };

  /** Calls until a call changes the bucket's count in Redis: the limiter uses Redis again. Bounded. */
  const untilBackOnRedis = async (call: () => Promise<unknown>, prefix: string) => {
    for (let i = 0; i < 100; i++) {
      const before = await remainingOnRedis(prefix);
      await call();
      const after = await remainingOnRedis(prefix);
      if (after !== undefined && after !== before) return true;
      await sleep(100);
    }
    return false;
  };

  describe.each<ClientName>(['ioredis', 'redis', 'redis4'])('Redis killed and restarted (%s)', (name) => {
    it('every call succeeds on the in-process store; one store_error per outage; Redis is used again once back', async () => {
      okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 1000, windowSec: 60 } });
      const events: RateLimitEvent[] = [];
      const prefix = `rl${++prefixes}:`;
      const limiter = createOktaRateLimiter({ store: redisRateLimitStore(await client(name), { prefix, timeoutMs: 200 }), onEvent: (e) => void events.push(e) });
      const call = async () => {
        const res = await limiter.fetch(`${okta.url}/api/v1/users/${USER}`);
        await res.arrayBuffer();
        return res.status;
      };
      const storeErrors = () => events.filter((e) => e.type === 'ratelimit.store_error');
      expect(await call()).toBe(200);
      expect(storeErrors()).toHaveLength(0);

      await redis.kill();
      for (let i = 0; i < 10; i++) expect(await call()).toBe(200);
      expect(storeErrors()).toHaveLength(1);
      expect(storeErrors()[0]).toMatchObject({ type: 'ratelimit.store_error', store: 'redis', org: okta.url, bucket: 'GET /api/v1/users/{id}', waitMs: expect.any(Number) });
      expect(storeErrors()[0]!.waitMs).toBeLessThan(5000);

      await redis.restart();
      expect(await untilBackOnRedis(call, prefix)).toBe(true);
      expect(storeErrors()).toHaveLength(1);

      await redis.kill();
      for (let i = 0; i < 5; i++) expect(await call()).toBe(200);
      expect(storeErrors()).toHaveLength(2);
      await redis.restart();
    });
  });

  it('a Redis that stops answering (CLIENT PAUSE) is left after timeoutMs: calls go on, one store_error', async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 1000, windowSec: 60 } });
    const events: RateLimitEvent[] = [];
    const prefix = `rl${++prefixes}:`;
    const limiter = createOktaRateLimiter({ store: redisRateLimitStore(await client('ioredis'), { prefix, timeoutMs: 100 }), onEvent: (e) => void events.push(e) });
    const call = async () => (await limiter.fetch(`${okta.url}/api/v1/users/${USER}`)).status;
    expect(await call()).toBe(200);
    expect((await redis.command('CLIENT', 'PAUSE', '1500', 'ALL')).startsWith('+OK')).toBe(true);
    for (let i = 0; i < 5; i++) expect(await call()).toBe(200);
    const errors = events.filter((e) => e.type === 'ratelimit.store_error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: expect.stringContaining('did not answer within 100 ms') });
    expect(await untilBackOnRedis(call, prefix)).toBe(true);
  });
});
