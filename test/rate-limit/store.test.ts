/**
 * The store contract, step by step, on the in-process store and on the Redis store with a real
 * redis-server through every supported client (ioredis 5/6, node-redis 4/5/6). The two stores must
 * decide alike: the same table of steps runs on each. Waits here are for expiries to pass (a lease of
 * 100 ms, checked after 300 ms), never assertions about how long something took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryRateLimitStore, redisClientKind, redisRateLimitStore, type AcquireInput, type RateLimitStore } from '../../src/rate-limit/index.js';
import { CLIENTS, connect, type Connected } from './clients.js';
import { SKIP_REDIS, startRedis, type RedisServer } from './redis-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ORG = 'https://acme.okta.com';

/** A fresh bucket per test, so tests on one Redis do not see each other. */
const fresh = () => `GET /api/v1/t${++n}/{id}`;
const input = (bucket: string, over: Partial<AcquireInput> = {}): AcquireInput => ({
  org: ORG,
  bucket,
  leaseId: `lease-${++n}`,
  reserve: 0,
  concurrency: 1000,
  leaseMs: 10_000,
  ...over,
});
const rate = (limit: number, remaining: number, resetEpoch: number, resetInMs: number, rejected = false) =>
  ({ kind: 'rate', limit, remaining, resetEpoch, resetInMs, rejected }) as const;

function contract(name: string, make: () => RateLimitStore, orgFor: () => string = () => ORG) {
  describe(name, () => {
    let store: RateLimitStore;
    let org: string;
    beforeAll(() => {
      store = make();
    });
    const acq = (bucket: string, over: Partial<AcquireInput> = {}) => store.acquire(input(bucket, { org, ...over }));
    const learn = async (bucket: string, learned: Parameters<RateLimitStore['complete']>[0]['learned'], leaseId = `done-${++n}`, probe = false) =>
      store.complete({ org, bucket, leaseId, probe, learned });
    beforeAll(() => {
      org = orgFor();
    });

    it('probes an unknown bucket with one call at a time, then lets calls through once learned', async () => {
      const bucket = fresh();
      const first = await acq(bucket, { leaseId: 'probe-1' });
      expect(first).toEqual({ granted: true, probe: true });
      expect(await acq(bucket)).toEqual({ granted: false, reason: 'unknown', waitMs: 0 });
      await store.complete({ org, bucket, leaseId: 'probe-1', probe: true, learned: rate(10, 9, 2_000_000_000, 5000) });
      expect(await acq(bucket)).toEqual({ granted: true, probe: false });
    });

    it('a probe that taught nothing (a network error) lets the next call probe', async () => {
      const bucket = fresh();
      expect(await acq(bucket, { leaseId: 'p-a' })).toEqual({ granted: true, probe: true });
      await store.complete({ org, bucket, leaseId: 'p-a', probe: true, learned: { kind: 'none' } });
      expect(await acq(bucket)).toEqual({ granted: true, probe: true });
    });

    it('counts granted calls and stops at the reserve until the reset', async () => {
      const bucket = fresh();
      await learn(bucket, rate(10, 3, 2_000_000_000, 5000));
      expect((await acq(bucket, { reserve: 0.2 })).granted).toBe(true); // 3 → 2, reserve floor(10 × 0.2) = 2
      const held = await acq(bucket, { reserve: 0.2 });
      expect(held).toMatchObject({ granted: false, reason: 'reset' });
      expect(held.granted === false && held.waitMs).toBeGreaterThan(3000);
      expect(held.granted === false && held.waitMs).toBeLessThanOrEqual(5000);
    });

    it('a 429 anywhere holds the bucket until its reset', async () => {
      const bucket = fresh();
      await learn(bucket, rate(100, 50, 2_000_000_000, 4000));
      await learn(bucket, rate(100, 0, 2_000_000_000, 4000, true));
      expect(await acq(bucket)).toMatchObject({ granted: false, reason: 'reset' });
    });

    it('an answer with remaining left does not give back calls already counted (the smaller count wins)', async () => {
      const bucket = fresh();
      await learn(bucket, rate(10, 2, 2_000_000_000, 4000));
      expect((await acq(bucket)).granted).toBe(true); // 2 → 1
      await learn(bucket, rate(10, 5, 2_000_000_000, 4000)); // a late answer, sent before the others
      expect((await acq(bucket)).granted).toBe(true); // 1 → 0
      expect(await acq(bucket)).toMatchObject({ granted: false, reason: 'reset' });
    });

    it('after the reset passes the bucket has its whole limit again; late answers of the old window are ignored; the first answer of the new window does not give back calls in flight', async () => {
      const bucket = fresh();
      const org2 = `${org}/pass-${++n}`;
      const at = () => store.acquire(input(bucket, { org: org2 }));
      const tell = (learned: ReturnType<typeof rate>) => store.complete({ org: org2, bucket, leaseId: `t-${++n}`, probe: false, learned });
      await tell(rate(3, 0, 1_900_000_000, 100));
      expect(await at()).toMatchObject({ granted: false, reason: 'reset' });
      await sleep(300);
      for (let i = 0; i < 3; i++) expect((await at()).granted).toBe(true);
      await tell(rate(3, 2, 1_900_000_000, 0)); // old window: ignored
      expect(await at()).toEqual({ granted: false, reason: 'window', waitMs: 0 });
      // The new window confirmed with one left: one of our three is still in flight, so none is left
      // for a new call, and the wait is now known.
      await tell(rate(3, 1, 1_900_000_005, 5000));
      expect(await at()).toMatchObject({ granted: false, reason: 'reset' });
    });

    it('calls still in flight when the reset passes count against the new window', async () => {
      const bucket = fresh();
      const org2 = `${org}/pass-${++n}`;
      const at = () => store.acquire(input(bucket, { org: org2 }));
      await store.complete({ org: org2, bucket, leaseId: 'x', probe: false, learned: rate(4, 2, 1_900_000_000, 200) });
      expect((await at()).granted).toBe(true);
      expect((await at()).granted).toBe(true);
      await sleep(400);
      // Two granted in the old window have not answered: they may land in the new one.
      expect((await at()).granted).toBe(true);
      expect((await at()).granted).toBe(true);
      expect(await at()).toEqual({ granted: false, reason: 'window', waitMs: 0 });
    });

    it('when Okta moves to a new window first, calls still in flight count against it', async () => {
      const bucket = fresh();
      const org2 = `${org}/move-${++n}`;
      const at = (over: Partial<AcquireInput> = {}) => store.acquire(input(bucket, { org: org2, ...over }));
      const tell = (learned: ReturnType<typeof rate>) => store.complete({ org: org2, bucket, leaseId: `t-${++n}`, probe: false, learned });
      await tell(rate(10, 8, 1_900_000_100, 60_000));
      const inflight = [await at(), await at()];
      expect(inflight.every((o) => o.granted)).toBe(true);
      // A new window reported with 4 left while those two (and nothing else on this org) are in flight.
      await tell(rate(10, 4, 1_900_000_160, 60_000));
      expect((await at()).granted).toBe(true);
      expect((await at()).granted).toBe(true);
      expect(await at()).toMatchObject({ granted: false, reason: 'reset' });
    });

    it('caps calls in flight org-wide and frees a slot on completion', async () => {
      const bucket = fresh();
      const org2 = `${org}/cap-${++n}`;
      await store.complete({ org: org2, bucket, leaseId: 'x', probe: false, learned: rate(100, 100, 2_000_000_000, 60_000) });
      const a = input(bucket, { org: org2, concurrency: 2 });
      const b = input(bucket, { org: org2, concurrency: 2 });
      expect((await store.acquire(a)).granted).toBe(true);
      expect((await store.acquire(b)).granted).toBe(true);
      expect(await store.acquire(input(bucket, { org: org2, concurrency: 2 }))).toEqual({ granted: false, reason: 'concurrency', waitMs: 0 });
      await store.complete({ org: org2, bucket, leaseId: a.leaseId, probe: false, learned: { kind: 'none' } });
      expect((await store.acquire(input(bucket, { org: org2, concurrency: 2 }))).granted).toBe(true);
    });

    it('leases expire (a crashed instance gives its slots back) unless renewed', async () => {
      const bucket = fresh();
      const org2 = `${org}/lease-${++n}`;
      await store.complete({ org: org2, bucket, leaseId: 'x', probe: false, learned: rate(100, 100, 2_000_000_000, 60_000) });
      const kept = input(bucket, { org: org2, concurrency: 2, leaseMs: 150 });
      expect((await store.acquire(kept)).granted).toBe(true);
      expect((await store.acquire(input(bucket, { org: org2, concurrency: 2, leaseMs: 150 }))).granted).toBe(true);
      expect((await store.acquire(input(bucket, { org: org2, concurrency: 2 }))).granted).toBe(false);
      for (let i = 0; i < 6; i++) {
        await sleep(50);
        await store.renew(org2, [{ leaseId: kept.leaseId, bucket, probe: false }], 150);
      }
      // 300 ms later: the unrenewed lease is gone, the renewed one is still there.
      expect((await store.acquire(input(bucket, { org: org2, concurrency: 2 }))).granted).toBe(true);
      expect((await store.acquire(input(bucket, { org: org2, concurrency: 2 }))).granted).toBe(false);
    });

    it("a crashed prober's probe expires with its lease", async () => {
      const bucket = fresh();
      expect(await acq(bucket, { leaseMs: 100 })).toEqual({ granted: true, probe: true });
      expect(await acq(bucket)).toMatchObject({ granted: false, reason: 'unknown' });
      await sleep(300);
      expect(await acq(bucket)).toEqual({ granted: true, probe: true });
    });

    it("Okta's concurrency 429 holds every call on the org briefly", async () => {
      const bucket = fresh();
      const org2 = `${org}/hold-${++n}`;
      await store.complete({ org: org2, bucket, leaseId: 'x', probe: false, learned: rate(100, 100, 2_000_000_000, 60_000) });
      await store.complete({ org: org2, bucket, leaseId: 'y', probe: false, learned: { kind: 'concurrency', rejected: true, holdMs: 200 } });
      const held = await store.acquire(input(fresh(), { org: org2 }));
      expect(held).toMatchObject({ granted: false, reason: 'held' });
      await sleep(400);
      expect((await store.acquire(input(bucket, { org: org2 }))).granted).toBe(true);
    });

    it("after Okta's concurrency 429, the org's cap is lowered to the calls that were in flight", async () => {
      const bucket = fresh();
      const org2 = `${org}/ceil-${++n}`;
      await store.complete({ org: org2, bucket, leaseId: 'x', probe: false, learned: rate(100, 100, 2_000_000_000, 60_000) });
      const leases = [input(bucket, { org: org2 }), input(bucket, { org: org2 }), input(bucket, { org: org2 })];
      for (const l of leases) expect((await store.acquire(l)).granted).toBe(true);
      // The third was refused by Okta for concurrency: two stay in flight.
      await store.complete({ org: org2, bucket, leaseId: leases[2]!.leaseId, probe: false, learned: { kind: 'concurrency', rejected: true, holdMs: 100 } });
      await sleep(250);
      expect(await store.acquire(input(bucket, { org: org2 }))).toEqual({ granted: false, reason: 'concurrency', waitMs: 0 });
      await store.complete({ org: org2, bucket, leaseId: leases[0]!.leaseId, probe: false, learned: { kind: 'none' } });
      expect((await store.acquire(input(bucket, { org: org2 }))).granted).toBe(true);
    });

    it('answers without rate-limit headers leave the bucket ungated', async () => {
      const bucket = fresh();
      await learn(bucket, { kind: 'no_headers' });
      for (let i = 0; i < 5; i++) expect(await acq(bucket)).toEqual({ granted: true, probe: false });
      // A later answer with headers starts gating it.
      await learn(bucket, rate(5, 0, 2_000_000_000, 5000));
      expect(await acq(bucket)).toMatchObject({ granted: false, reason: 'reset' });
    });
  });
}

contract('memory store', () => memoryRateLimitStore());

describe.skipIf(SKIP_REDIS)('Redis store (real redis-server)', () => {
  let redis: RedisServer;
  const connections: Connected[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) await c.close();
    await redis?.stop();
  });

  for (const name of CLIENTS) {
    let store: RateLimitStore;
    describe(name, () => {
      beforeAll(async () => {
        const c = await connect(name, redis.port);
        connections.push(c);
        expect(redisClientKind(c.client)).toBe(name.startsWith('ioredis') ? 'ioredis' : 'node-redis');
        store = redisRateLimitStore(c.client, { prefix: `t:${name}:` });
      });
      contract(`redis store through ${name}`, () => ({
        name: 'redis',
        acquire: (i) => store.acquire(i),
        complete: (i) => store.complete(i),
        renew: (o, l, ms) => store.renew(o, l, ms),
        ping: () => store.ping(),
      }), () => `${ORG}/${name}`);

      it('keeps only small keys, every one with an expiry', async () => {
        const c = connections.at(-1)!;
        const all = await send(c, ['KEYS', `t:${name}:*`]);
        expect(Array.isArray(all) && all.length).toBeGreaterThan(3);
        for (const key of all as string[]) {
          const ttl = Number(await send(c, ['PTTL', key]));
          expect(ttl, key).toBeGreaterThan(0);
          expect(ttl, key).toBeLessThanOrEqual(60_000 + 600_000);
          // A bucket is a hash of five small numbers; the in-flight set holds at most `concurrency` lease ids.
          if (String(await send(c, ['TYPE', key])) === 'hash') expect(Number(await send(c, ['HLEN', key])), key).toBeLessThanOrEqual(5);
          expect(Number(await send(c, ['MEMORY', 'USAGE', key])), key).toBeLessThan(2048);
        }
      });

      it('loads its scripts again after SCRIPT FLUSH', async () => {
        const c = connections.at(-1)!;
        await send(c, ['SCRIPT', 'FLUSH']);
        expect(await store.acquire(input(fresh(), { org: `${ORG}/flush` }))).toEqual({ granted: true, probe: true });
      });
    });
  }

  it('refuses a value that is no Redis client, naming the option', () => {
    expect(() => redisRateLimitStore({} as never)).toThrow(/option "client" must be an ioredis client/);
    const fake = { sendCommand: async () => 'OK' };
    expect(() => redisRateLimitStore(fake, { timeoutMs: 0 })).toThrow(/option "timeoutMs"/);
    expect(() => redisRateLimitStore(fake, { prefx: 'a' } as never)).toThrow(/Did you mean "prefix"/);
  });
});

/** A raw command through either client. */
function send(c: Connected, args: string[]): Promise<unknown> {
  const client = c.client as { call?: (...a: string[]) => Promise<unknown>; sendCommand?: (a: string[]) => Promise<unknown> };
  return 'call' in client && typeof client.call === 'function' && 'evalsha' in client ? client.call(...args) : client.sendCommand!(args);
}
