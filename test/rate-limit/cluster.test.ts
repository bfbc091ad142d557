/**
 * Several instances of an app, each its own process, sharing one Okta bucket through one real Redis:
 * - together they stay under the bucket (0 429s), through `fetch` and through the Okta SDK;
 * - Redis killed mid-run: every call still succeeds, and each instance reports one store_error;
 * - an instance killed while holding leases: its slots come back once the leases expire.
 * Every wait is bounded; nothing asserts how long anything took.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { createOktaRateLimiter, redisRateLimitStore, type RateLimitEvent } from '../../src/rate-limit/index.js';
import { connect, type Connected } from './clients.js';
import { startFakeOrg, type FakeOrg } from './fake-org.js';
import { SKIP_REDIS, startRedis, type RedisServer } from './redis-server.js';
import { startInstance, stopInstance, type Instance } from './spawn-instance.js';

const USER = '00u1ab2cd3EF4GH5IJ6k';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(SKIP_REDIS)('instances in separate processes sharing Redis', () => {
  let redis: RedisServer;
  let okta: FakeOrg | undefined;
  let instances: Instance[] = [];
  const connections: Connected[] = [];
  let prefixes = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) await c.close();
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(instances.map(stopInstance));
    instances = [];
    await okta?.close();
    okta = undefined;
  });

  it('four instances, one bucket: 0 429s, every call succeeds (fetch on ioredis and node-redis, the SDK executor)', { timeout: 90_000 }, async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 20, windowSec: 1 }, latencyMs: 5 });
    const prefix = `c${++prefixes}:`;
    const common = { mode: 'limiter', orgUrl: okta.url, path: `/api/v1/users/${USER}`, calls: 30, parallel: 3, prefix, limiter: { reserve: 0, maxWaitMs: 30_000 } } as const;
    instances = await Promise.all([
      startInstance({ ...common, redis: { client: 'ioredis', port: redis.port } }),
      startInstance({ ...common, redis: { client: 'redis', port: redis.port } }),
      startInstance({ ...common, redis: { client: 'redis4', port: redis.port }, door: 'sdk' }),
      startInstance({ ...common, redis: { client: 'ioredis6', port: redis.port }, door: 'sdk' }),
    ]);
    const reports = await Promise.all(instances.map((i) => i.go()));
    for (const r of reports) expect(r).toMatchObject({ ok: 30, failed: 0, failures: {} });
    expect(okta.stats.rateLimited).toBe(0);
    expect(okta.stats.concurrencyLimited).toBe(0);
    expect(okta.stats.accepted).toBe(120);
    for (const w of okta.stats.windows) expect(w.accepted).toBeLessThanOrEqual(20);
    expect(reports.reduce((n, r) => n + (r.events['ratelimit.wait'] ?? 0), 0)).toBeGreaterThan(0);
  });

  it('Redis killed mid-run: nothing fails, and each instance reports the outage once', { timeout: 90_000 }, async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 40, windowSec: 1 }, latencyMs: 5 });
    const prefix = `c${++prefixes}:`;
    const config = {
      mode: 'limiter',
      orgUrl: okta.url,
      path: `/api/v1/users/${USER}`,
      calls: 50,
      parallel: 2,
      prefix,
      redis: { client: 'ioredis', port: redis.port, timeoutMs: 200 },
      limiter: { reserve: 0.2, maxWaitMs: 30_000 },
    } as const;
    instances = await Promise.all([
      startInstance(config),
      startInstance({ ...config, redis: { ...config.redis, client: 'redis' } }),
      startInstance(config),
      startInstance({ ...config, redis: { ...config.redis, client: 'redis' } }),
    ]);
    const running = Promise.all(instances.map((i) => i.go()));
    for (let i = 0; i < 300 && okta.stats.accepted < 50; i++) await sleep(20);
    expect(okta.stats.accepted).toBeGreaterThanOrEqual(50);
    await redis.kill();
    const reports = await running;
    await redis.restart();
    for (const r of reports) {
      expect(r).toMatchObject({ ok: 50, failed: 0 });
      expect(r.events['ratelimit.store_error']).toBe(1);
    }
    expect(okta.stats.accepted).toBe(200);
    for (const i of instances) expect(i.events).toEqual([expect.objectContaining({ type: 'ratelimit.store_error', store: 'redis', bucket: 'GET /api/v1/users/{id}' })]);
  });

  it("an instance killed while holding leases: its slots come back after the lease expiry, not before", { timeout: 90_000 }, async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 1000, windowSec: 60 } });
    const prefix = `c${++prefixes}:`;
    const limiter = { concurrency: 3, leaseMs: 1500, maxWaitMs: 60_000 };
    // Instance A holds all three org-wide slots with slow calls.
    const a = await startInstance({ mode: 'limiter', orgUrl: okta.url, path: `/api/v1/users/${USER}?delayMs=60000`, calls: 3, parallel: 3, prefix, redis: { client: 'ioredis', port: redis.port }, limiter });
    instances = [a];
    // The probe goes first, alone; warm the bucket so that A's three calls go out together.
    const c = await connect('redis', redis.port);
    connections.push(c);
    const events: RateLimitEvent[] = [];
    const store = redisRateLimitStore(c.client, { prefix });
    const b = (maxWaitMs: number) => createOktaRateLimiter({ store, concurrency: 3, leaseMs: 1500, maxWaitMs, onEvent: (e) => void events.push(e) });
    await (await b(5000).fetch(`${okta.url}/api/v1/users/${USER}`)).arrayBuffer();
    void a.go().catch(() => {});
    for (let i = 0; i < 300 && okta.stats.inFlight < 3; i++) await sleep(20);
    expect(okta.stats.inFlight).toBe(3);

    // While A lives, its leases are renewed: after more than one lease time, the slots are still taken.
    await expect(b(200).fetch(`${okta.url}/api/v1/groups`)).rejects.toBeInstanceOf(UpstreamError);
    await sleep(2000);
    await expect(b(200).fetch(`${okta.url}/api/v1/groups`)).rejects.toBeInstanceOf(UpstreamError);
    expect(events.filter((e) => e.type === 'ratelimit.rejected').map((e) => e.type === 'ratelimit.rejected' && e.reason)).toEqual(['concurrency', 'concurrency']);

    await a.kill();
    const res = await b(10_000).fetch(`${okta.url}/api/v1/groups`);
    expect(res.status).toBe(200);
    const waited = events.filter((e) => e.type === 'ratelimit.wait').at(-1);
    expect(waited).toMatchObject({ reason: 'concurrency', bucket: 'GET /api/v1/groups' });
    // All three of A's leases are gone from Redis.
    for (let i = 0; i < 100; i++) {
      if ((await redis.command('KEYS', `${prefix}*inflight`)).startsWith('*0')) break;
      await sleep(50);
    }
    expect(await redis.command('KEYS', `${prefix}*inflight`)).toMatch(/^\*0/);
  });
});
