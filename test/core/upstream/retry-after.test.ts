import { afterEach, describe, expect, it, vi } from 'vitest';
import { getHeader } from '../../../src/core/upstream/headers.js';
import { DEFAULT_RATE_LIMIT_RETRY_AFTER, parseRetryAfter } from '../../../src/core/upstream/retry-after.js';

// Server time in the Date header; the local clock (`now`) is deliberately an hour off in most cases.
const SERVER_DATE = 'Sun, 03 Mar 2024 21:06:40 GMT';
const SERVER_EPOCH = Date.parse(SERVER_DATE) / 1000; // 1709500000
const SKEWED_NOW = (SERVER_EPOCH + 3600) * 1000;

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', { 'Retry-After': '47' }, 47],
    ['delta seconds with spaces', { 'retry-after': ' 5 ' }, 5],
    ['numeric value', { 'Retry-After': 12 }, 12],
    ['zero is clamped up', { 'Retry-After': '0' }, 1],
    ['negative is clamped up', { 'Retry-After': '-30' }, 1],
    ['huge is clamped down', { 'Retry-After': '9999999' }, 3600],
    ['absurdly long number is clamped down', { 'Retry-After': '9'.repeat(400) }, 3600],
    ['repeated values take the longest', { 'Retry-After': ['10', '20'] }, 20],
    ['comma-joined values take the longest', { 'Retry-After': '10, 20' }, 20],
    ['HTTP-date against the Date header, not the skewed clock', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:10 GMT', Date: SERVER_DATE }, 30],
    ['rfc850 date', { 'Retry-After': 'Sunday, 03-Mar-24 21:07:10 GMT', Date: SERVER_DATE }, 30],
    ['asctime date is GMT', { 'Retry-After': 'Sun Mar  3 21:07:10 2024', Date: SERVER_DATE }, 30],
    ['HTTP-date in the past is clamped up', { 'Retry-After': 'Sun, 03 Mar 2024 20:00:00 GMT', Date: SERVER_DATE }, 1],
    ['HTTP-date far ahead is clamped down', { 'Retry-After': 'Sun, 10 Mar 2024 20:00:00 GMT', Date: SERVER_DATE }, 3600],
    ['reset epoch against the Date header', { 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 47), Date: SERVER_DATE }, 47],
    ['reset epoch rounds sub-second up', { 'x-rate-limit-reset': String(SERVER_EPOCH + 1), date: SERVER_DATE }, 1],
    ['reset already passed is clamped up', { 'X-Rate-Limit-Reset': String(SERVER_EPOCH - 100), Date: SERVER_DATE }, 1],
    ['reset far ahead is clamped down', { 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 86_400), Date: SERVER_DATE }, 3600],
    ['duplicated reset header takes the later', { 'X-Rate-Limit-Reset': `${SERVER_EPOCH + 10}, ${SERVER_EPOCH + 20}`, Date: SERVER_DATE }, 20],
    ['Retry-After wins over the reset', { 'Retry-After': '7', 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 47), Date: SERVER_DATE }, 7],
    ['garbage Retry-After falls through to the reset', { 'Retry-After': 'soon', 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 9), Date: SERVER_DATE }, 9],
    ['MiXeD case names', { 'rEtRy-AfTeR': '3' }, 3],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, { now: SKEWED_NOW })).toBe(expected);
  });

  it.each([
    ['no headers', {}],
    ['undefined', undefined],
    ['null', null],
    ['garbage', { 'Retry-After': 'abc 12' }],
    ['lenient-date garbage V8 would accept', { 'Retry-After': '12' + ' x' }],
    ['decimal seconds', { 'Retry-After': '1.5' }],
    ['empty', { 'Retry-After': '' }],
    ['reset that is not an epoch', { 'X-Rate-Limit-Reset': '30' }],
    ['reset garbage', { 'X-Rate-Limit-Reset': 'tomorrow' }],
    ['only an inherited key', Object.create({ 'retry-after': '5' })],
    ['a non-string value', { 'Retry-After': { toString: () => '5' } }],
  ])('%s gives nothing, or the fallback', (_name, headers) => {
    expect(parseRetryAfter(headers as never)).toBeUndefined();
    expect(parseRetryAfter(headers as never, { fallback: DEFAULT_RATE_LIMIT_RETRY_AFTER })).toBe(60);
  });

  it('uses the local clock when Date is missing or invalid', () => {
    const now = SERVER_EPOCH * 1000;
    expect(parseRetryAfter({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 30) }, { now })).toBe(30);
    expect(parseRetryAfter({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 30), Date: 'yesterday' }, { now: new Date(now) })).toBe(30);
    expect(parseRetryAfter({ 'Retry-After': 'Sun, 03 Mar 2024 21:07:10 GMT' }, { now })).toBe(30);
  });

  it('reads fetch Headers and Maps', () => {
    const headers = new Headers({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 12), Date: SERVER_DATE });
    expect(parseRetryAfter(headers, { now: SKEWED_NOW })).toBe(12);
    expect(parseRetryAfter(new Map([['Retry-After', '8']]))).toBe(8);
    expect(parseRetryAfter(new Map<string, string[]>([['retry-after', ['8', '9']]]))).toBe(9);
  });

  it('always returns an integer', () => {
    for (let i = 0; i < 50; i++) {
      const value = parseRetryAfter({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + i) }, { now: SERVER_EPOCH * 1000 + 123 });
      expect(Number.isInteger(value)).toBe(true);
    }
  });
});

describe('getHeader', () => {
  it('never throws on hostile headers', () => {
    const hostile = {
      get() {
        throw new Error('boom');
      },
    };
    expect(getHeader(hostile, 'date')).toBeUndefined();
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
    expect(getHeader(proxy, 'date')).toBeUndefined();
    expect(getHeader('a string', 'date')).toBeUndefined();
  });

  it('caps very long values', () => {
    expect(getHeader({ date: 'x'.repeat(100_000) }, 'date')!.length).toBeLessThanOrEqual(8192);
  });
});

describe('parseRetryAfter: what mutation testing found unpinned (issue 16)', () => {
  afterEach(() => vi.useRealTimers());

  it('without a Date header or `now`, measures against Date.now()', () => {
    vi.useFakeTimers();
    vi.setSystemTime(SERVER_EPOCH * 1000);
    expect(parseRetryAfter({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 42) })).toBe(42);
    expect(parseRetryAfter({ 'Retry-After': 'Sun, 03 Mar 2024 21:07:10 GMT' })).toBe(30);
    expect(parseRetryAfter({ 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 42) }, { now: Number.NaN })).toBe(42);
  });

  it.each([
    ['a partly numeric value is not a delay', { 'Retry-After': '10, soon' }, undefined],
    ['a partly numeric value falls through to the reset', { 'Retry-After': '10, soon', 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 9), Date: SERVER_DATE }, 9],
    ['several HTTP-dates: the latest', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:10 GMT, Sun, 03 Mar 2024 21:07:40 GMT', Date: SERVER_DATE }, 60],
    ['several HTTP-dates in any order', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:40 GMT, Sun, 03 Mar 2024 21:07:10 GMT', Date: SERVER_DATE }, 60],
    ['several HTTP-dates with one bad', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:40 GMT, someday', Date: SERVER_DATE }, undefined],
    ['several Date headers: the latest', { 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 30), Date: `Sun, 03 Mar 2024 21:06:30 GMT, ${SERVER_DATE}` }, 30],
    ['an epoch just under 2001-09-09 is not one', { 'X-Rate-Limit-Reset': '999999999', Date: SERVER_DATE }, undefined],
    ['an epoch of exactly 1e9 is one (long past: clamped up)', { 'X-Rate-Limit-Reset': '1000000000', Date: SERVER_DATE }, 1],
    ['a signed delay', { 'Retry-After': '+5' }, 5],
    ['exactly the upper clamp', { 'Retry-After': '3600' }, 3600],
    ['one past it', { 'Retry-After': '3601' }, 3600],
    ['a date with extra spaces', { 'Retry-After': 'Sun,  03 Mar 2024  21:07:10 GMT', Date: SERVER_DATE }, 30],
    ['a date without GMT is not an HTTP-date', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:10', Date: SERVER_DATE }, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, { now: SKEWED_NOW })).toBe(expected);
  });
});

describe('parseRetryAfter: HTTP-date lists (issue 16)', () => {
  it.each([
    ['whitespace around a date', { 'Retry-After': '  Sun, 03 Mar 2024 21:07:40 GMT  ', Date: SERVER_DATE }, 60],
    ['dates joined without a space', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:10 GMT,Sun, 03 Mar 2024 21:07:40 GMT', Date: SERVER_DATE }, 60],
    ['a list with one part that is no date', { 'Retry-After': 'Sun, 03 Mar 2024 21:07:40 GMT, Xyz, 99 nonsense', Date: SERVER_DATE }, undefined],
    ['a list with one part that is no date, and a reset', { 'Retry-After': 'Xyz, 99 nonsense, Sun, 03 Mar 2024 21:07:40 GMT', 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 9), Date: SERVER_DATE }, 9],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, { now: SKEWED_NOW })).toBe(expected);
  });
});
