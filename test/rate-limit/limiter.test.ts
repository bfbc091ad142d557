/**
 * The limiter in one process against the fake Okta org (accelerated windows of 1–2 s), through
 * `limiter.fetch` and `limiter.schedule`: it learns from every answer, approaches an unknown bucket
 * one call at a time, waits for resets within `maxWaitMs` and refuses past it without calling Okta,
 * holds after a 429, tells concurrency values apart, and keeps its reserve. Assertions are about what
 * happened (statuses, counts, events), never about how long it took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { createOktaRateLimiter, type RateLimitEvent } from '../../src/rate-limit/index.js';
import { E0000047, startFakeOrg, type FakeOrg, type FakeOrgOptions } from './fake-org.js';

const USER = '00u1ab2cd3EF4GH5IJ6k';
const orgs: FakeOrg[] = [];
afterEach(async () => {
  while (orgs.length) await orgs.pop()!.close();
});
async function org(options: FakeOrgOptions): Promise<FakeOrg> {
  const o = await startFakeOrg(options);
  orgs.push(o);
  return o;
}

/** Runs `count` calls, `parallel` at a time; returns every status (or the error). */
async function drive(count: number, parallel: number, call: (i: number) => Promise<Response>): Promise<(number | unknown)[]> {
  const results: (number | unknown)[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        try {
          const res = await call(i);
          await res.arrayBuffer();
          results[i] = res.status;
        } catch (err) {
          results[i] = err;
        }
      }
    }),
  );
  return results;
}

const events = () => {
  const list: RateLimitEvent[] = [];
  return { list, onEvent: (e: RateLimitEvent) => void list.push(e) };
};

describe('limiter.fetch against an Okta-like org', () => {
  it('learns the bucket from successes and keeps every call under the limit across windows (0 429s)', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 10, windowSec: 1 } });
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 10_000, onEvent });
    const results = await drive(35, 5, (i) => limiter.fetch(`${okta.url}/api/v1/users/${USER}?n=${i}`));
    expect(results).toEqual(Array(35).fill(200));
    expect(okta.stats.rateLimited).toBe(0);
    expect(okta.stats.concurrencyLimited).toBe(0);
    for (const w of okta.stats.windows) expect(w.accepted).toBeLessThanOrEqual(10);
    const learned = list.filter((e) => e.type === 'ratelimit.learned');
    expect(learned[0]).toMatchObject({ type: 'ratelimit.learned', bucket: 'GET /api/v1/users/{id}', org: okta.url, kind: 'rate', limit: 10, rejected: false });
    expect(learned.length).toBeGreaterThanOrEqual(3); // a new window each time (35 calls, 10 a window)
    const waits = list.filter((e) => e.type === 'ratelimit.wait');
    expect(waits.length).toBeGreaterThan(0);
    for (const e of waits) expect(e).toMatchObject({ bucket: 'GET /api/v1/users/{id}', waitMs: expect.any(Number), reason: expect.any(String) });
  });

  it.each([
    ['7 s ahead of the local one', 7000],
    ['7 s behind the local one', -7000],
  ])("measures resets against Okta's Date: an org clock %s changes nothing", async (_label, skewMs) => {
    // Misread, a 7 s skew would park every call past maxWaitMs (refused) or send it early (429).
    const okta = await org({ defaultBucket: { name: 'users', limit: 10, windowSec: 1 }, skewMs });
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 3000 });
    const results = await drive(30, 6, (i) => limiter.fetch(`${okta.url}/api/v1/users/${USER}?n=${i}`));
    expect(results).toEqual(Array(30).fill(200));
    expect(okta.stats.rateLimited).toBe(0);
  });

  it('approaches an unknown bucket one call at a time, so a cold burst gets no 429', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 4, windowSec: 1 }, latencyMs: 20 });
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 10_000 });
    const results = await drive(12, 12, (i) => limiter.fetch(`${okta.url}/api/v1/users/${USER}?n=${i}`));
    expect(results).toEqual(Array(12).fill(200));
    expect(okta.stats.rateLimited).toBe(0);
  });

  it('refuses without calling Okta when the reset is past maxWaitMs: the UpstreamError of an Okta rate limit', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 2, windowSec: 60 } });
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 1000, onEvent });
    const url = `${okta.url}/api/v1/users/${USER}`;
    expect((await limiter.fetch(url)).status).toBe(200);
    expect((await limiter.fetch(url)).status).toBe(200);
    const requests = okta.stats.requests;
    const err = await limiter.fetch(url).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    const upstream = err as UpstreamError;
    expect(upstream).toMatchObject({ status: 503, errorCode: 'E0000047', expose: false });
    expect(upstream.retryAfter).toBeGreaterThanOrEqual(1);
    expect(upstream.retryAfter).toBeLessThanOrEqual(61);
    expect(upstream.requestId).toBeUndefined();
    expect(okta.stats.requests).toBe(requests);
    const rejected = list.find((e) => e.type === 'ratelimit.rejected');
    expect(rejected).toMatchObject({ type: 'ratelimit.rejected', bucket: 'GET /api/v1/users/{id}', reason: 'reset', retryAfter: upstream.retryAfter });
    expect(rejected!.waitMs).toBeGreaterThan(1000);
  });

  it('leaves the reserve for other apps', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 10, windowSec: 60 } });
    const limiter = createOktaRateLimiter({ reserve: 0.3, maxWaitMs: 0 });
    const results = await drive(10, 1, () => limiter.fetch(`${okta.url}/api/v1/users/${USER}`));
    expect(results.filter((r) => r === 200)).toHaveLength(7);
    expect(results.filter((r) => r instanceof UpstreamError)).toHaveLength(3);
    expect(okta.stats.accepted).toBe(7);
  });

  it('after a 429 (another app used the bucket up) holds the bucket until its reset', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 3, windowSec: 60 } });
    const url = `${okta.url}/api/v1/users/${USER}`;
    for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer(); // someone else
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({ maxWaitMs: 500, onEvent });
    const first = await limiter.fetch(url);
    expect(first.status).toBe(429); // its reset is past maxWaitMs: no retry, Okta's answer as is
    expect(await first.json()).toEqual(E0000047);
    const requests = okta.stats.requests;
    await expect(limiter.fetch(url)).rejects.toBeInstanceOf(UpstreamError);
    expect(okta.stats.requests).toBe(requests);
    expect(list.find((e) => e.type === 'ratelimit.learned')).toMatchObject({ rejected: true, remaining: 0, limit: 3 });
  });

  it('retries a 429 once the reset comes, when it is within maxWaitMs', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 3, windowSec: 1 } });
    const url = `${okta.url}/api/v1/users/${USER}`;
    // Wait for the start of a window, then let someone else use it up.
    while (okta.now() % 1000 > 300) await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer();
    const limiter = createOktaRateLimiter({ maxWaitMs: 5000 });
    const res = await limiter.fetch(url, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(okta.stats.rateLimited).toBeGreaterThanOrEqual(1);
  });

  it("tells Okta's concurrency values apart: the bucket keeps its limit, the org's cap comes down, every call succeeds", async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 1000, windowSec: 60 }, concurrencyLimit: 3, latencyMs: 40 });
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({ reserve: 0, concurrency: 6, maxWaitMs: 10_000, onEvent });
    const results = await drive(24, 12, (i) => limiter.fetch(`${okta.url}/api/v1/users/${USER}?n=${i}`));
    expect(results).toEqual(Array(24).fill(200));
    expect(okta.stats.concurrencyLimited).toBeGreaterThan(0);
    const learned = list.filter((e) => e.type === 'ratelimit.learned');
    expect(learned.some((e) => e.kind === 'concurrency' && e.limit === 3 && e.rejected)).toBe(true);
    for (const e of learned.filter((x) => x.kind === 'rate')) expect(e.limit).toBe(1000);
    // Never parked for the bucket's minute-long window: concurrency 429s are not rate limits.
    expect(list.some((e) => (e.type === 'ratelimit.wait' || e.type === 'ratelimit.rejected') && e.reason === 'reset')).toBe(false);
  });

  it('maxWaitMs bounds the wait for an org-wide concurrency slot too', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 1000, windowSec: 60 } });
    const limiter = createOktaRateLimiter({ concurrency: 1, maxWaitMs: 200 });
    const slow = limiter.fetch(`${okta.url}/api/v1/users/${USER}?delayMs=1500`);
    await new Promise((r) => setTimeout(r, 100));
    const err = await limiter.fetch(`${okta.url}/api/v1/groups`).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).retryAfter).toBe(1);
    expect((await slow).status).toBe(200);
  });

  it('bucketFor groups calls into one bucket; the default folds Okta ids', async () => {
    const okta = await org({ defaultBucket: { name: 'all', limit: 1000, windowSec: 60 } });
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({
      onEvent,
      bucketFor: (url, method) => (new URL(url).pathname.startsWith('/api/v1/groups') ? `${method} /api/v1/groups*` : undefined),
    });
    await (await limiter.fetch(`${okta.url}/api/v1/groups/00g1ab2cd3EF4GH5IJ6k/users`)).arrayBuffer();
    await (await limiter.fetch(`${okta.url}/api/v1/users/00u9zz2cd3EF4GH5IJ6k`, { method: 'post', body: '{}' })).arrayBuffer();
    expect(list.filter((e) => e.type === 'ratelimit.learned').map((e) => e.bucket)).toEqual(['GET /api/v1/groups*', 'POST /api/v1/users/{id}']);
  });

  it('a call aborted while waiting stops waiting with the abort reason', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 1, windowSec: 60 } });
    const limiter = createOktaRateLimiter({ concurrency: 1, maxWaitMs: 30_000 });
    const slow = limiter.fetch(`${okta.url}/api/v1/users/${USER}?delayMs=500`);
    const controller = new AbortController();
    const waiting = limiter.fetch(`${okta.url}/api/v1/groups`, { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    await slow;
  });

  it('an answer without rate-limit headers leaves the bucket to the concurrency cap alone', async () => {
    const okta = await org({ defaultBucket: { name: 'x', limit: 1000, windowSec: 60 }, noHeaders: /^\/plain/, latencyMs: 20 });
    const limiter = createOktaRateLimiter({ maxWaitMs: 5000 });
    const results = await drive(20, 10, () => limiter.fetch(`${okta.url}/plain/resource`));
    expect(results).toEqual(Array(20).fill(200));
    expect(okta.stats.maxInFlight).toBeGreaterThan(1); // not one at a time forever
  });
});

describe('limiter.schedule', () => {
  it('learns from a returned Response and from a thrown error carrying status and headers', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 2, windowSec: 60 } });
    const { list, onEvent } = events();
    const limiter = createOktaRateLimiter({ orgUrl: okta.url, maxWaitMs: 100, reserve: 0, onEvent });
    const bucket = 'GET /api/v1/users';
    const call = async () => {
      const res = await fetch(`${okta.url}/api/v1/users`);
      if (res.status === 429) throw Object.assign(new Error('Okta said 429'), { status: 429, headers: res.headers });
      return res;
    };
    for (const _ of [1, 2]) expect((await limiter.schedule(call, { bucket })).status).toBe(200);
    // Learned: 0 remaining. The third is refused without running `call`.
    let ran = false;
    await expect(limiter.schedule(async () => ((ran = true), call()), { bucket })).rejects.toBeInstanceOf(UpstreamError);
    expect(ran).toBe(false);
    expect(list.filter((e) => e.type === 'ratelimit.learned')[0]).toMatchObject({ org: okta.url, bucket, limit: 2 });
  });

  it('passes through what the function returns, and rejects a missing bucket', async () => {
    const limiter = createOktaRateLimiter();
    expect(await limiter.schedule(() => 42, { bucket: 'GET /api/v1/apps' })).toBe(42);
    await expect(limiter.schedule(() => 1, {} as never)).rejects.toThrow(/option "bucket" must be a bucket name/);
    await expect(limiter.schedule(() => Promise.reject(new Error('boom')), { bucket: 'x' })).rejects.toThrow('boom');
  });
});

describe('options', () => {
  it.each([
    [{ reserve: 1 }, /option "reserve" must be a share of the bucket from 0 to 0.9/],
    [{ maxWaitMs: -1 }, /option "maxWaitMs"/],
    [{ concurrency: 0 }, /option "concurrency"/],
    [{ onEvent: 'log' }, /option "onEvent" must be a function/],
    [{ store: {} }, /option "store" must be a rate-limit store/],
    [{ orgUrl: 'acme' }, /option "orgUrl"/],
    [{ maxWait: 10 }, /Did you mean "maxWaitMs"/],
  ])('%j is refused when the limiter is created', (options, message) => {
    expect(() => createOktaRateLimiter(options as never)).toThrow(message);
  });

  it('an onEvent that throws never fails a call; a bucketFor that throws falls back to the default', async () => {
    const okta = await org({});
    const limiter = createOktaRateLimiter({
      onEvent: () => {
        throw new Error('logger down');
      },
      bucketFor: () => {
        throw new Error('bug');
      },
    });
    expect((await limiter.fetch(`${okta.url}/api/v1/users`)).status).toBe(200);
  });
});
