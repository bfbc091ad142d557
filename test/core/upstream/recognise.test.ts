/**
 * Which shapes `normalizeOktaError` recognises, and which it must leave alone (recognise.ts), through the
 * public normalizer: each recogniser's guards, the status reader and the body parser's limits.
 */
import { WWWAuthenticateChallengeError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_BODY_BYTES, normalizeOktaError } from '../../../src/core/upstream/normalize.js';

const E7 = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)' };
/** A JSON Okta body of exactly `length` characters. */
function oktaJsonOf(length: number): string {
  const empty = JSON.stringify({ errorCode: 'E0000001', errorSummary: '' });
  return JSON.stringify({ errorCode: 'E0000001', errorSummary: 'x'.repeat(length - empty.length) });
}
const sdkError = (status: unknown) => ({ name: 'OktaApiError', status, ...E7 });

describe('upstream statuses', () => {
  it.each<[unknown, number | undefined]>([
    [404, 404],
    [100, 100],
    [599, 599],
    [99, undefined],
    [600, undefined],
    [404.5, undefined],
    ['404', 404],
    [' 404 ', 404],
    ['0404', undefined],
    ['404.0', undefined],
    ['4e2', undefined],
    ['0x194', undefined],
    [true, undefined],
    [null, undefined],
  ])('an SDK error with status %j has upstreamStatus %j', (status, expected) => {
    const n = normalizeOktaError(sdkError(status));
    expect(n).toMatchObject({ code: 'E0000007', source: 'okta-sdk' });
    expect(n?.upstreamStatus).toBe(expected);
  });
});

describe('fetch Response look-alikes', () => {
  const like = { status: 404, ok: false, text: async () => '', headers: new Headers() };
  it('needs a numeric status, a boolean ok, a text() and headers with get()', () => {
    expect(normalizeOktaError(like)).toMatchObject({ source: 'fetch', code: 'upstream_404' });
    expect(normalizeOktaError({ ...like, status: '404' })).toBeUndefined();
    expect(normalizeOktaError({ ...like, ok: 'false' })).toBeUndefined();
    expect(normalizeOktaError({ ...like, text: 'body' })).toBeUndefined();
    expect(normalizeOktaError({ ...like, headers: { 'x-okta-request-id': 'r1' } })).toBeUndefined();
  });
});

describe('raw bodies', () => {
  it('an object with only errorSummary is an Okta body', () => {
    expect(normalizeOktaError({ errorSummary: 'Something failed' }, { status: 500 })).toMatchObject({ source: 'okta', code: 'upstream_500', summary: 'Something failed' });
  });

  it('a null-prototype object is a plain body', () => {
    const body = Object.assign(Object.create(null) as object, E7);
    expect(normalizeOktaError(body, { status: 404 })).toMatchObject({ code: 'E0000007', status: 404 });
  });

  it('an Okta body with an expose field is still a body (no name: not http-errors)', () => {
    expect(normalizeOktaError({ ...E7, expose: true, status: 500 }, { status: 404 })).toMatchObject({ code: 'E0000007', status: 404, source: 'okta' });
  });
});

describe('bodies as text', () => {
  it('a JSON Okta body needs no status', () => {
    expect(normalizeOktaError(JSON.stringify(E7))).toMatchObject({ code: 'E0000007', source: 'okta' });
    expect(normalizeOktaError(JSON.stringify({ error: 'invalid_client' }))).toMatchObject({ code: 'invalid_client' });
    expect(normalizeOktaError(JSON.stringify({ detail: 'not an error body' }))).toBeUndefined();
  });

  it('whitespace around the JSON is allowed', () => {
    expect(normalizeOktaError(`  \n${JSON.stringify(E7)}\n`, { status: 404 })).toMatchObject({ code: 'E0000007' });
  });

  it(`is parsed up to ${MAX_ERROR_BODY_BYTES} characters, and not one more`, () => {
    expect(normalizeOktaError(oktaJsonOf(MAX_ERROR_BODY_BYTES), { status: 400 })).toMatchObject({ code: 'E0000001', status: 400 });
    expect(normalizeOktaError(oktaJsonOf(MAX_ERROR_BODY_BYTES + 1), { status: 400 })).toMatchObject({ code: 'upstream_400', status: 502 });
  });

  it('JSON that is not an object stays text: it is the summary, never a body', () => {
    expect(normalizeOktaError('"E0000001"', { status: 400 })).toMatchObject({ code: 'upstream_400', summary: '"E0000001"' });
    expect(normalizeOktaError('42', { status: 400 })).toMatchObject({ code: 'upstream_400', summary: '42' });
  });
});

describe('@okta/okta-sdk-nodejs HttpError', () => {
  const httpError = (message: unknown, status = 400) => ({ name: 'HttpError', status, message, headers: new Headers() });

  it('reads a body of up to 64 KiB after the "HTTP <status> " prefix', () => {
    expect(normalizeOktaError(httpError(`HTTP 400 ${oktaJsonOf(MAX_ERROR_BODY_BYTES)}`))).toMatchObject({ code: 'E0000001', status: 400, source: 'okta-sdk' });
  });

  it('drops only a leading "HTTP <status>" prefix', () => {
    expect(normalizeOktaError(httpError('HTTP 404', 404))).not.toHaveProperty('summary');
    expect(normalizeOktaError(httpError('proxy said HTTP 502 Bad Gateway', 502))).toMatchObject({ summary: 'proxy said HTTP 502 Bad Gateway' });
  });

  it('without a message it is still the status', () => {
    const n = normalizeOktaError(httpError(undefined, 500));
    expect(n).toMatchObject({ code: 'upstream_500', source: 'okta-sdk', upstreamStatus: 500 });
    expect(n).not.toHaveProperty('summary');
  });
});

describe('openid-client v6', () => {
  it('reads the first of at most 10 challenges that has an error', () => {
    const response = new Response(null, { status: 401 });
    const challenges = [
      { scheme: 'dpop', parameters: { algs: 'ES256' } },
      { scheme: 'bearer', parameters: { error: 'invalid_token', error_description: 'The access token is invalid.' } },
    ];
    const n = normalizeOktaError(new WWWAuthenticateChallengeError('challenge', { cause: challenges as never, response }));
    expect(n).toMatchObject({ code: 'invalid_token', source: 'openid-client', summary: 'The access token is invalid.', upstreamStatus: 401 });
    const eleventh = [...Array.from({ length: 10 }, () => ({ scheme: 'bearer', parameters: {} })), challenges[1]];
    expect(normalizeOktaError(new WWWAuthenticateChallengeError('challenge', { cause: eleventh as never, response }))).toMatchObject({ code: 'upstream_401' });
  });

  it('claims only OAUTH_ codes: catalog names on another error are not openid-client failures', () => {
    for (const code of ['network_error', 'rp_error', 'upstream_timeout']) expect(normalizeOktaError(Object.assign(new Error('x'), { code }))).toBeUndefined();
  });

  it('an unknown OAUTH_ code is left to the other recognisers', () => {
    const err = Object.assign(new Error('x'), { name: 'BadRequestError', code: 'OAUTH_SOMETHING_NEW', expose: true, status: 400 });
    expect(normalizeOktaError(err)).toMatchObject({ source: 'http-errors', code: 'http_400' });
  });
});

describe('network failures', () => {
  it('"fetch failed" counts only from undici (a TypeError)', () => {
    expect(normalizeOktaError(new Error('fetch failed'))).toBeUndefined();
    expect(normalizeOktaError(new TypeError('fetch failed'))).toMatchObject({ code: 'network_error', source: 'fetch' });
  });

  it.each(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'])('undici with cause %s is a timeout', (code) => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('t'), { code }) });
    expect(normalizeOktaError(err)).toMatchObject({ code: 'upstream_timeout', status: 504 });
  });

  it('undici with another cause is no answer', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('t'), { code: 'ECONNRESET' }) });
    expect(normalizeOktaError(err)).toMatchObject({ code: 'network_error', status: 502 });
  });

  it('a node-fetch FetchError without a type is no answer, not a timeout', () => {
    const err = Object.assign(new Error('request to https://x.okta.com/ failed, reason: socket hang up'), { name: 'FetchError' });
    expect(normalizeOktaError(err)).toMatchObject({ code: 'network_error', status: 502 });
    const typed = Object.assign(new TypeError('fetch failed'), { type: 'request-timeout' });
    expect(normalizeOktaError(typed)).toMatchObject({ code: 'network_error' });
  });
});

describe('http-errors', () => {
  it('needs a boolean expose, a name ending in Error and a status', () => {
    expect(normalizeOktaError(Object.assign(new Error('x'), { name: 'NotFoundError', expose: true, status: 404 }))).toMatchObject({ code: 'http_404' });
    expect(normalizeOktaError(Object.assign(new Error('x'), { status: 404 }))).toBeUndefined();
    expect(normalizeOktaError(Object.assign(new Error('x'), { name: 'NotFoundError', expose: 'true', status: 404 }))).toBeUndefined();
    expect(normalizeOktaError({ name: 'NotFound', expose: true, status: 404, message: 'x' })).toBeUndefined();
    expect(normalizeOktaError({ name: 'NotFoundError', expose: true, message: 'x' })).toBeUndefined();
  });
});

describe('@okta/okta-sdk-nodejs HttpError: the cap', () => {
  it('never reads past 64 KiB of the message: what follows the cap cannot spoil the body', () => {
    const message = `HTTP 400 ${JSON.stringify(E7)}${' '.repeat(MAX_ERROR_BODY_BYTES)}trailing text past the cap`;
    expect(normalizeOktaError({ name: 'HttpError', status: 404, message })).toMatchObject({ code: 'E0000007', status: 404 });
  });
});
