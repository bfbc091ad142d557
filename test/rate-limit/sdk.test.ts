/**
 * `limiter.requestExecutor()` plugged into a real `@okta/okta-sdk-nodejs` 8 Client, against the fake
 * Okta org: the SDK's calls (reads, a create, a collection, its cache middleware) go through the
 * limiter, which keeps them under the bucket; a refused call rejects the SDK call with the limiter's
 * UpstreamError; an Okta 429 still reaches the app as the SDK's OktaApiError.
 */
import { Client, RequestExecutor } from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { normalizeOktaError } from '../../src/core/upstream/normalize.js';
import { createOktaRateLimiter, OktaRequestExecutor, type RateLimitEvent } from '../../src/rate-limit/index.js';
import { startFakeOrg, type FakeOrg, type FakeOrgOptions } from './fake-org.js';

const TOKEN = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
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

describe('requestExecutor() in @okta/okta-sdk-nodejs 8', () => {
  it('carries the SDK calls under the bucket across windows (0 429s) and emits request/response like the SDK executor', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 8, windowSec: 1 } });
    const list: RateLimitEvent[] = [];
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 10_000, onEvent: (e) => void list.push(e) });
    const requestExecutor = limiter.requestExecutor();
    expect(requestExecutor).toBeInstanceOf(OktaRequestExecutor);
    let requests = 0;
    let responses = 0;
    requestExecutor.on('request', () => requests++);
    requestExecutor.on('response', () => responses++);
    const client = new Client({ orgUrl: okta.url, token: TOKEN, requestExecutor });
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => client.userApi.getUser({ userId: `${USER.slice(0, -2)}${String(i).padStart(2, '0')}` })));
    expect(users.map((u) => u.status)).toEqual(Array(20).fill('ACTIVE'));
    expect(okta.stats.rateLimited).toBe(0);
    expect(okta.stats.accepted).toBe(20);
    expect([requests, responses]).toEqual([20, 20]);
    expect(list.find((e) => e.type === 'ratelimit.learned')).toMatchObject({ bucket: 'GET /api/v1/users/{id}', limit: 8 });
  });

  it('sends bodies and methods as the SDK builds them (a create, a collection)', async () => {
    const okta = await org({});
    const list: RateLimitEvent[] = [];
    const limiter = createOktaRateLimiter({ onEvent: (e) => void list.push(e) });
    const client = new Client({ orgUrl: okta.url, token: TOKEN, requestExecutor: limiter.requestExecutor() });
    const created = await client.userApi.createUser({ body: { profile: { login: 'ann@example.com', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' } }, activate: false });
    expect(created.id).toBe('users');
    const buckets = list.filter((e) => e.type === 'ratelimit.learned').map((e) => e.bucket);
    expect(buckets).toContain('POST /api/v1/users');
  });

  it('a call the limiter refuses rejects the SDK call with the UpstreamError of an Okta rate limit, without calling Okta', async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 1, windowSec: 60 } });
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 500 });
    const client = new Client({ orgUrl: okta.url, token: TOKEN, requestExecutor: limiter.requestExecutor(), cacheMiddleware: null });
    await client.userApi.getUser({ userId: USER });
    const err = await client.userApi.getUser({ userId: USER }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 503, errorCode: 'E0000047' });
    expect(okta.stats.requests).toBe(1);
  });

  it("Okta's own 429 (another app used the bucket) still reaches the app as the SDK's OktaApiError", async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 1, windowSec: 60 } });
    await (await fetch(`${okta.url}/api/v1/users/${USER}`)).arrayBuffer();
    const limiter = createOktaRateLimiter({ maxWaitMs: 500 });
    const client = new Client({ orgUrl: okta.url, token: TOKEN, requestExecutor: limiter.requestExecutor(), cacheMiddleware: null });
    const err = await client.userApi.getUser({ userId: USER }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ name: 'OktaApiError', status: 429, errorCode: 'E0000047' });
    expect(normalizeOktaError(err)).toMatchObject({ status: 503, code: 'E0000047', retryAfter: expect.any(Number) });
  });

  it("sends through the SDK's own RequestExecutor (node-fetch) when given as transport", async () => {
    const okta = await org({ defaultBucket: { name: 'users', limit: 5, windowSec: 1 } });
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 10_000 });
    const client = new Client({ orgUrl: okta.url, token: TOKEN, requestExecutor: limiter.requestExecutor({ transport: new RequestExecutor() }), cacheMiddleware: null });
    const users = await Promise.all(Array.from({ length: 12 }, () => client.userApi.getUser({ userId: USER })));
    expect(users).toHaveLength(12);
    expect(okta.stats.rateLimited).toBe(0);
  });

  it('says what to do for a request the global fetch cannot send (an https proxy agent)', async () => {
    const limiter = createOktaRateLimiter();
    const executor = limiter.requestExecutor();
    await expect(executor.fetch({ url: 'https://acme.okta.com/api/v1/users', method: 'get', agent: {} })).rejects.toThrow(/transport: new okta.RequestExecutor\(\)/);
    expect(() => limiter.requestExecutor({ transport: {} as never })).toThrow(/fetch\(request\) method/);
  });
});
