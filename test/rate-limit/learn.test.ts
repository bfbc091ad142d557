/**
 * Bucket keys and header learning, as tables: which bucket a URL counts against, what the three
 * X-Rate-Limit headers say (rate or concurrency values), and how long until a reset, measured against
 * Okta's Date header whatever the local clock says.
 */
import { describe, expect, it } from 'vitest';
import { defaultBucket, OktaClock, orgOf, parseRateLimitHeaders, pathTemplate, readRateLimitHeaders } from '../../src/rate-limit/index.js';

describe('bucket keys', () => {
  it.each([
    ['/api/v1/users/00u1ab2cd3EF4GH5IJ6k', '/api/v1/users/{id}'],
    ['/api/v1/users/00u1ab2cd3EF4GH5IJ6k/groups', '/api/v1/users/{id}/groups'],
    ['/api/v1/apps/0oa1ab2cd3EF4GH5IJ6k/users/00u1ab2cd3EF4GH5IJ6k', '/api/v1/apps/{id}/users/{id}'],
    ['/api/v1/groups/00g1ab2cd3EF4GH5IJ6k/users', '/api/v1/groups/{id}/users'],
    ['/oauth2/aus1ab2cd3EF4GH5IJ6k/v1/token', '/oauth2/{id}/v1/token'],
    ['/oauth2/default/v1/token', '/oauth2/default/v1/token'],
    ['/oauth2/default/.well-known/openid-configuration', '/oauth2/default/.well-known/openid-configuration'],
    ['/api/v1/users/me', '/api/v1/users/me'],
    ['/api/v1/users/ann%40example.com', '/api/v1/users/{id}'],
    ['/api/v1/users/ann@example.com', '/api/v1/users/{id}'],
    ['/api/v1/users/ann.lee', '/api/v1/users/{id}'],
    ['/api/v1/logs/123456', '/api/v1/logs/{id}'],
    ['/api/v1/devices/0b7a7e0e-5d5a-4d5e-9f1a-2b3c4d5e6f70', '/api/v1/devices/{id}'],
    ['/api/v1/users', '/api/v1/users'],
    ['/api/v1/users?q=ann&limit=200', '/api/v1/users'],
    ['/api/v1/users/00u1ab2cd3EF4GH5IJ6k/lifecycle/activate', '/api/v1/users/{id}/lifecycle/activate'],
    [`/api/v1/users/${'x'.repeat(300)}`, '/api/v1/users/{id}'],
    ['/a/b/c/d/e/f/g/h/i/j/k/l/m/n', '/a/b/c/d/e/f/g/h/i/j/k/l/…'],
    ['/', '/'],
    ['//api//v1/users', '/api/v1/users'],
  ])('%s → %s', (path, template) => {
    expect(pathTemplate(path)).toBe(template);
  });

  it('keys a call by method and template; the org is the origin', () => {
    expect(defaultBucket('https://acme.okta.com/api/v1/users/00u1ab2cd3EF4GH5IJ6k?expand=x', 'get')).toBe('GET /api/v1/users/{id}');
    expect(defaultBucket(new URL('https://acme.okta.com/api/v1/users'), 'POST')).toBe('POST /api/v1/users');
    expect(defaultBucket('https://acme.okta.com/api/v1/users', 'G\r\nET')).toBe('OTHER /api/v1/users');
    expect(orgOf('https://ACME.okta.com:443/api/v1/users')).toBe('https://acme.okta.com');
    expect(orgOf('not a url')).toBe('');
  });

  it('never puts a login, a token-like id or a control character in a key', () => {
    const hostile = '/api/v1/users/jane%0D%0ASet-Cookie:x/00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01/<script>';
    const key = pathTemplate(hostile);
    expect(key).toBe('/api/v1/users/{id}/{id}/{id}');
  });
});

describe('parsing the three headers', () => {
  it.each([
    [{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '599', 'x-rate-limit-reset': '1709500047' }, { limit: 600, remaining: 599, resetEpoch: 1709500047 }],
    [{ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '1709500047' }, { limit: 600, remaining: 0, resetEpoch: 1709500047 }],
    // Repeated headers, read conservatively: the smallest limit and remaining, the latest reset.
    [{ 'x-rate-limit-limit': '600, 100', 'x-rate-limit-remaining': '50, 10', 'x-rate-limit-reset': '1709500047, 1709500060' }, { limit: 100, remaining: 10, resetEpoch: 1709500060 }],
  ])('%j', (headers, expected) => {
    expect(parseRateLimitHeaders(headers)).toEqual(expected);
    expect(parseRateLimitHeaders(new Headers(headers))).toEqual(expected);
  });

  it.each([
    [{}],
    [{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '599' }],
    [{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '700', 'x-rate-limit-reset': '1709500047' }],
    [{ 'x-rate-limit-limit': '-1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1709500047' }],
    [{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '1.5', 'x-rate-limit-reset': '1709500047' }],
    [{ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '47' }],
    [{ 'x-rate-limit-limit': '6e2', 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '1709500047' }],
    [{ 'x-rate-limit-limit': '9'.repeat(400), 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '1709500047' }],
  ])('ignores unusable headers %j', (headers) => {
    expect(parseRateLimitHeaders(headers)).toBeUndefined();
  });
});

describe("Okta's clock", () => {
  const DATE = 'Sun, 03 Mar 2024 21:06:40 GMT'; // 1709500000
  const okta = Date.parse(DATE);

  it.each([
    ['no skew', 0],
    ['local clock 7 s ahead', 7000],
    ['local clock 7 s behind', -7000],
    ['local clock an hour ahead', 3_600_000],
  ])('measures a reset against Date, whatever the local clock (%s)', (_label, skew) => {
    const clock = new OktaClock();
    // Okta answered at 21:06:40.300 its time; the request left 5 ms before and came back 5 ms after, locally.
    const at = okta + 300 + skew;
    clock.observe(DATE, at - 5, at + 5);
    const wait = clock.untilMs(1709500047, at + 5);
    // Truly 46.7 s from the answer; the bound adds at most the Date resolution and the round trip.
    expect(wait).toBeGreaterThanOrEqual(46_700);
    expect(wait).toBeLessThanOrEqual(47_010);
  });

  it('narrows to a few ms with answers at different points of a second', () => {
    const clock = new OktaClock();
    const skew = 12_345;
    for (const fraction of [900, 620, 310, 5]) {
      const t = okta + 2000 + fraction; // Okta's time of each answer
      clock.observe(new Date(t).toUTCString(), t + skew - 1, t + skew + 1);
    }
    const { low, high } = clock.bounds;
    expect(high).toBeGreaterThanOrEqual(skew);
    expect(low).toBeLessThanOrEqual(skew);
    expect(high - skew).toBeLessThanOrEqual(10);
  });

  it('starts again when the bounds contradict each other (a clock stepped)', () => {
    const clock = new OktaClock();
    clock.observe(DATE, okta + 100, okta + 110);
    clock.observe(DATE, okta + 60_100, okta + 60_110); // the same Date a minute later locally: the local clock jumped
    expect(clock.bounds.high).toBe(60_110);
    expect(clock.untilMs(1709500001, okta + 60_110)).toBeLessThanOrEqual(1000);
  });

  it('without a Date header, uses the local clock plus a second', () => {
    const clock = new OktaClock();
    clock.observe(undefined, 1, 2);
    expect(clock.synced).toBe(false);
    const reset = Math.floor(Date.now() / 1000) + 10;
    const wait = clock.untilMs(reset);
    expect(wait).toBeGreaterThan(9000);
    expect(wait).toBeLessThanOrEqual(11_100);
  });

  it('never waits more than an hour, nor less than nothing', () => {
    const clock = new OktaClock();
    clock.observe(DATE, okta, okta);
    expect(clock.untilMs(1709500000 + 86_400, okta)).toBe(3_600_000);
    expect(clock.untilMs(1709400000, okta)).toBe(0);
  });
});

describe('rate values or concurrency values', () => {
  const reset = String(Math.floor(Date.now() / 1000) + 30);
  const h = (limit: number, remaining: number) => ({ 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': reset });

  it.each([
    ['a success with the bucket values', h(600, 599), 200, { limit: 600 }, 'rate'],
    ['a first answer', h(600, 599), 200, undefined, 'rate'],
    ['the bucket running out', h(600, 0), 429, { limit: 600 }, 'rate'],
    ['the bucket running out on a first answer', h(600, 0), 429, undefined, 'rate'],
    ['a 429 whose limit changed to the concurrency limit', h(75, 0), 429, { limit: 600 }, 'concurrency'],
    ['a success carrying the concurrency values', h(75, 0), 200, { limit: 600 }, 'concurrency'],
    ['a first answer: a 429 at the concurrency limit', h(75, 0), 429, undefined, 'concurrency'],
    ['a limit of 0', h(0, 0), 429, undefined, 'concurrency'],
    ['a bucket whose own limit is 75, running out', h(75, 0), 429, { limit: 75 }, 'rate'],
    ['a changed limit with calls left (a raised limit)', h(1200, 1100), 200, { limit: 600 }, 'rate'],
  ])('%s', (_label, headers, status, known, kind) => {
    const seen = readRateLimitHeaders(headers, { status, known });
    expect(seen?.kind).toBe(kind);
    expect(seen?.rejected).toBe(status === 429);
  });

  it('knows an org whose concurrency limit is not 75', () => {
    expect(readRateLimitHeaders(h(35, 0), { status: 429, concurrencyLimit: 35 })?.kind).toBe('concurrency');
    expect(readRateLimitHeaders(h(35, 0), { status: 429 })?.kind).toBe('rate');
  });
});
