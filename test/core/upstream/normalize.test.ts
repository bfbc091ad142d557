import createError from 'http-errors';
import { AuthorizationResponseError, ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/core/upstream/errors.js';
import { MAX_CAUSE_DEPTH, normalizeOktaError, type NormalizedOktaError } from '../../../src/core/upstream/normalize.js';

const SSWS = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMHUxIiwiaXNzIjoiaHR0cHM6Ly94Lm9rdGEuY29tIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const SERVER_DATE = 'Sun, 03 Mar 2024 21:06:40 GMT';
const SERVER_EPOCH = 1709500000;

/** Invariants every normalized error satisfies, however odd its input. */
function checkShape(n: NormalizedOktaError | undefined): NormalizedOktaError {
  expect(n).toBeDefined();
  const e = n!;
  expect(e.status).toBeGreaterThanOrEqual(400);
  expect(e.status).toBeLessThanOrEqual(599);
  expect(e.code).toMatch(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);
  expect(e.title.length).toBeGreaterThan(0);
  expect(e.detail.length).toBeGreaterThan(0);
  expect(e.hint.length).toBeGreaterThan(0);
  expect(Array.isArray(e.causes)).toBe(true);
  expect(e.causes.length).toBeLessThanOrEqual(20);
  for (const c of e.causes) expect(typeof c).toBe('string');
  if (e.category === 'rate_limit') expect(e.retryAfter).toBeGreaterThanOrEqual(1);
  if (e.retryAfter !== undefined) expect(Number.isInteger(e.retryAfter)).toBe(true);
  if (e.requestId !== undefined) expect(e.requestId).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
  if (e.errorId !== undefined) expect(e.errorId).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
  for (const value of [e.title, e.detail, e.summary ?? '', e.errorLink ?? '', ...e.causes]) {
    expect(value).not.toMatch(/[\r\n\u0000-\u001f]/);
    expect(value.length).toBeLessThanOrEqual(501);
  }
  expect(Object.isFrozen(e)).toBe(true);
  expect(() => JSON.stringify(e)).not.toThrow();
  return e;
}

const validationBody = {
  errorCode: 'E0000001',
  errorSummary: 'Api validation failed: login',
  errorLink: 'E0000001',
  errorId: 'oaeXyZ123',
  errorCauses: [
    { errorSummary: 'login: An object with this field already exists in the current organization' },
    { errorSummary: 'password: Password requirements were not met.' },
  ],
};

describe('raw Okta error bodies', () => {
  it('an E0000001 body with context gives a 400 with the causes for the user', () => {
    const n = checkShape(
      normalizeOktaError(validationBody, { status: 400, headers: { 'X-Okta-Request-Id': 'req-1.A_b' } }),
    );
    expect(n).toMatchObject({
      status: 400,
      code: 'E0000001',
      title: 'Bad Request',
      detail: 'API validation failed.',
      category: 'validation',
      retryable: false,
      upstreamStatus: 400,
      requestId: 'req-1.A_b',
      errorId: 'oaeXyZ123',
      errorLink: 'E0000001',
      summary: 'Api validation failed: login',
      source: 'okta',
    });
    expect(n.causes).toEqual([
      'login: An object with this field already exists in the current organization',
      'password: Password requirements were not met.',
    ]);
  });

  it('accepts the body as JSON text', () => {
    const n = checkShape(normalizeOktaError(JSON.stringify(validationBody), { status: 400 }));
    expect(n).toMatchObject({ code: 'E0000001', status: 400, source: 'okta' });
    expect(n.causes).toHaveLength(2);
  });

  it('decides from the code without a status', () => {
    const n = checkShape(normalizeOktaError({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' }));
    expect(n).toMatchObject({ status: 502, category: 'authentication', title: 'Bad Gateway', retryable: false });
    expect(n.upstreamStatus).toBeUndefined();
    // The production text does not blame the user's token.
    expect(n.detail).not.toMatch(/invalid token/i);
  });

  it.each([
    ['E0000006', 403, 502, 'permission'],
    ['E0000007', 404, 404, 'not_found'],
    ['E0000055', 409, 409, 'conflict'],
    ['E0000009', 500, 502, 'upstream_failure'],
    ['E0000010', 503, 503, 'upstream_failure'],
    ['E0000109', 429, 429, 'rate_limit'],
    ['E0000113', 429, 429, 'rate_limit'],
    ['E0000047', 429, 503, 'rate_limit'],
  ] as const)('%s (upstream %i) answers %i', (errorCode, upstream, status, category) => {
    expect(checkShape(normalizeOktaError({ errorCode, errorSummary: 'x' }, { status: upstream }))).toMatchObject({
      status,
      category,
      code: errorCode,
    });
  });

  it.each([
    [400, 400, 'validation'],
    [401, 502, 'authentication'],
    [403, 403, 'permission'],
    [404, 404, 'not_found'],
    [409, 409, 'conflict'],
    [429, 503, 'rate_limit'],
    [500, 502, 'upstream_failure'],
    [503, 503, 'upstream_failure'],
    [504, 502, 'upstream_failure'],
    [418, 502, 'upstream_failure'],
    [undefined, 502, 'upstream_failure'],
  ] as const)('an unknown E-code at %s falls back to %i', (upstream, status, category) => {
    const n = checkShape(normalizeOktaError({ errorCode: 'E0000999', errorSummary: 'New thing' }, { status: upstream }));
    expect(n).toMatchObject({ code: 'E0000999', status, category });
  });

  it.each([
    [400, 502],
    [401, 502],
    [403, 502],
    [404, 502],
    [422, 502],
    [429, 503],
    [500, 502],
    [502, 502],
    [503, 503],
    [504, 502],
  ])('an upstream %i without an Okta code answers %i', (upstream, status) => {
    const n = checkShape(normalizeOktaError('<html>Bad gateway</html>', { status: upstream }));
    expect(n).toMatchObject({ status, code: `upstream_${upstream}`, upstreamStatus: upstream });
  });

  it('rate limits always carry retryAfter: from the headers, measured against Date', () => {
    const headers = { 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(SERVER_EPOCH + 47), Date: SERVER_DATE };
    const n = checkShape(normalizeOktaError({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit' }, { status: 429, headers, now: 0 }));
    expect(n).toMatchObject({ status: 503, retryAfter: 47, retryable: true, title: 'Service Unavailable' });
  });

  it('rate limits always carry retryAfter: 60 when headers give nothing', () => {
    expect(normalizeOktaError({ errorCode: 'E0000047' }, { status: 429 })?.retryAfter).toBe(60);
    expect(normalizeOktaError({ errorCode: 'E0000109' })?.retryAfter).toBe(60);
    expect(normalizeOktaError('', { status: 429 })?.retryAfter).toBe(60);
  });

  it('a 503 keeps the Retry-After it was given', () => {
    const n = checkShape(normalizeOktaError('', { status: 503, headers: { 'retry-after': '17' } }));
    expect(n).toMatchObject({ status: 503, retryAfter: 17, retryable: true });
  });

  it('non-retryable errors carry no retryAfter even if a header says so', () => {
    expect(normalizeOktaError(validationBody, { status: 400, headers: { 'Retry-After': '5' } })?.retryAfter).toBeUndefined();
  });

  it('honours statusFor overrides, and ignores bad ones', () => {
    const body = { errorCode: 'E0000047' };
    expect(normalizeOktaError(body, { status: 429, statusFor: { E0000047: 429 } })).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(normalizeOktaError(body, { status: 429, statusFor: { E0000047: 200 } })?.status).toBe(503);
    expect(normalizeOktaError(body, { status: 429, statusFor: { E0000047: 4.5 } })?.status).toBe(503);
    const polluted = JSON.parse('{"__proto__": {"E0000047": 418}}');
    expect(normalizeOktaError(body, { status: 429, statusFor: polluted })?.status).toBe(503);
    expect(normalizeOktaError({ error: 'invalid_client' }, { status: 401, statusFor: { invalid_client: 500 } })?.status).toBe(500);
  });
});

describe('OAuth error bodies', () => {
  it('invalid_grant on code exchange restarts sign-in (400)', () => {
    const body = { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' };
    for (const ctx of [{ status: 400 }, { status: 400, kind: 'code_exchange' as const }]) {
      expect(checkShape(normalizeOktaError(body, ctx))).toMatchObject({
        status: 400,
        code: 'invalid_grant',
        action: 'restart_sign_in',
        summary: 'The authorization code is invalid or has expired.',
      });
    }
  });

  it('invalid_grant on refresh means the session is over (401)', () => {
    expect(checkShape(normalizeOktaError({ error: 'invalid_grant' }, { status: 400, kind: 'refresh' }))).toMatchObject({
      status: 401,
      action: 'session_expired',
      category: 'authentication',
    });
  });

  it.each(['invalid_client', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type'])('%s is a 502 configuration error', (error) => {
    expect(checkShape(normalizeOktaError({ error }, { status: 400 }))).toMatchObject({ status: 502, category: 'configuration', code: error });
  });

  it("reads Okta's Okta-shaped OAuth answers (errorCode: 'invalid_client')", () => {
    const body = { errorCode: 'invalid_client', errorSummary: "Invalid value for 'client_id' parameter.", errorLink: 'invalid_client', errorId: 'oae1', errorCauses: [] };
    expect(checkShape(normalizeOktaError(body, { status: 401 }))).toMatchObject({ code: 'invalid_client', status: 502, category: 'configuration' });
  });

  it('an unknown OAuth code is a configuration error, or the status fallback on a 5xx', () => {
    expect(normalizeOktaError({ error: 'brand_new' }, { status: 400 })).toMatchObject({ code: 'brand_new', status: 502, category: 'configuration' });
    expect(normalizeOktaError({ error: 'brand_new' }, { status: 503 })).toMatchObject({ code: 'brand_new', status: 503, retryable: true });
    expect(normalizeOktaError({ error: 'temporarily_unavailable' }, { status: 503 })).toMatchObject({ status: 503, retryable: true });
  });
});

describe('@okta/okta-sdk-nodejs errors (duck-typed)', () => {
  // Same construction as the SDK's src/api-error.js and src/http-error.js.
  function oktaApiError(status: number, body: Record<string, unknown>, headers: Headers) {
    return Object.assign(new Error(`Okta HTTP ${status} ${String(body.errorCode)} ${String(body.errorSummary)}`), {
      name: 'OktaApiError',
      status,
      errorCode: body.errorCode,
      errorSummary: body.errorSummary ?? '',
      errorCauses: body.errorCauses,
      errorLink: body.errorLink,
      errorId: body.errorId,
      url: 'https://x.okta.com/api/v1/users?q=ann',
      headers,
    });
  }
  function httpError(status: number | string, body: string, headers: Headers) {
    return Object.assign(new Error(`HTTP ${status} ${body}`), { name: 'HttpError', status, url: 'https://x.okta.com/api/v1/users?q=ann', headers });
  }

  it('OktaApiError', () => {
    const headers = new Headers({ 'x-okta-request-id': 'abc123', date: SERVER_DATE });
    const n = checkShape(normalizeOktaError(oktaApiError(400, validationBody, headers)));
    expect(n).toMatchObject({ source: 'okta-sdk', code: 'E0000001', status: 400, requestId: 'abc123', errorId: 'oaeXyZ123', upstreamStatus: 400 });
    expect(n.causes).toHaveLength(2);
  });

  it('OktaApiError built from a non-Okta JSON body has no code', () => {
    const n = checkShape(normalizeOktaError(oktaApiError(500, {}, new Headers())));
    expect(n).toMatchObject({ code: 'upstream_500', status: 502, retryable: true });
  });

  it('HttpError recovers the Okta code from a JSON message', () => {
    const n = checkShape(normalizeOktaError(httpError(401, JSON.stringify({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' }), new Headers())));
    expect(n).toMatchObject({ source: 'okta-sdk', code: 'E0000011', status: 502, upstreamStatus: 401 });
  });

  it('HttpError with HTML is an upstream failure', () => {
    const n = checkShape(normalizeOktaError(httpError('502', '<html><body>Bad Gateway</body></html>', new Headers())));
    expect(n).toMatchObject({ code: 'upstream_502', status: 502, upstreamStatus: 502, retryable: true });
  });
});

describe('openid-client v6 errors (real classes)', () => {
  it('OAUTH_RESPONSE_BODY_ERROR', () => {
    const response = new Response(null, { status: 400, headers: { 'x-okta-request-id': 'tokreq' } });
    const err = new ResponseBodyError('server responded with an error in the response body', {
      cause: { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' },
      response,
    });
    expect(checkShape(normalizeOktaError(err, { kind: 'refresh' }))).toMatchObject({
      source: 'openid-client',
      code: 'invalid_grant',
      status: 401,
      action: 'session_expired',
      upstreamStatus: 400,
      requestId: 'tokreq',
    });
  });

  it('OAUTH_AUTHORIZATION_RESPONSE_ERROR', () => {
    const err = new AuthorizationResponseError('authorization response from the server is an error', {
      cause: new URLSearchParams({ error: 'access_denied', error_description: 'User is not assigned to the client application.' }),
    });
    const n = checkShape(normalizeOktaError(err));
    expect(n).toMatchObject({ code: 'access_denied', status: 403, source: 'openid-client' });
    expect(n.upstreamStatus).toBeUndefined();
  });

  it('OAUTH_WWW_AUTHENTICATE_CHALLENGE', () => {
    const response = new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    const err = new WWWAuthenticateChallengeError('server responded with a challenge', {
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token', error_description: 'The access token is invalid.' } }],
      response,
    });
    expect(checkShape(normalizeOktaError(err))).toMatchObject({ code: 'invalid_token', status: 401, action: 'session_expired', upstreamStatus: 401 });
  });

  it('a challenge without an error parameter falls back on the status', () => {
    const err = new WWWAuthenticateChallengeError('challenge', { cause: [{ scheme: 'bearer', parameters: {} }], response: new Response(null, { status: 401 }) });
    expect(checkShape(normalizeOktaError(err))).toMatchObject({ code: 'upstream_401', status: 502 });
  });

  it.each([
    ['OAUTH_RESPONSE_IS_NOT_CONFORM', new Response('<html/>', { status: 404 }), 502, false],
    ['OAUTH_RESPONSE_IS_NOT_CONFORM', new Response('<html/>', { status: 503, headers: { 'retry-after': '9' } }), 503, true],
    ['OAUTH_RESPONSE_IS_NOT_JSON', new Response('<html/>', { status: 200 }), 502, false],
    ['OAUTH_INVALID_RESPONSE', new Error('"response" body "access_token" property must be a string'), 502, false],
    ['OAUTH_TIMEOUT', new DOMException('timed out', 'TimeoutError'), 504, true],
  ] as const)('ClientError %s', (code, cause, status, retryable) => {
    const n = checkShape(normalizeOktaError(new ClientError('failed', { cause, code } as ErrorOptions)));
    expect(n).toMatchObject({ status, retryable, category: 'upstream_failure', source: 'openid-client' });
    if (status === 503) expect(n.retryAfter).toBe(9);
  });

  it('ignores openid-client errors that are not upstream failures', () => {
    expect(normalizeOktaError(new ClientError('unexpected JWT claim value encountered', { code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' } as ErrorOptions))).toBeUndefined();
    expect(normalizeOktaError(new ClientError('operation aborted', { code: 'OAUTH_ABORT' } as ErrorOptions))).toBeUndefined();
  });
});

describe('openid-client v5 errors (duck-typed)', () => {
  it('OPError with a response', () => {
    const err = Object.assign(new Error('invalid_grant (grant request is invalid)'), {
      name: 'OPError',
      error: 'invalid_grant',
      error_description: 'grant request is invalid',
      state: 'abc',
    });
    Object.defineProperty(err, 'response', { value: { statusCode: 400, headers: { 'x-okta-request-id': 'v5req' } } });
    expect(checkShape(normalizeOktaError(err))).toMatchObject({ code: 'invalid_grant', status: 400, upstreamStatus: 400, requestId: 'v5req' });
  });

  it('RPError', () => {
    const err = Object.assign(new Error('expected 200 OK, got: 500 Internal Server Error'), { name: 'RPError' });
    Object.defineProperty(err, 'response', { value: { statusCode: 500, headers: {} } });
    expect(checkShape(normalizeOktaError(err))).toMatchObject({ code: 'rp_error', status: 502, retryable: true });
    const local = Object.assign(new Error('state mismatch, expected abc, got: def'), { name: 'RPError' });
    expect(checkShape(normalizeOktaError(local))).toMatchObject({ code: 'rp_error', status: 502, retryable: false });
  });
});

describe('fetch Response (sync: status and headers only)', () => {
  it('a 2xx is not an error', () => {
    expect(normalizeOktaError(new Response('{}', { status: 200 }))).toBeUndefined();
    expect(normalizeOktaError(new Response(null, { status: 204 }))).toBeUndefined();
  });

  it('a 429 becomes a rate limit with retryAfter', () => {
    const res = new Response('{}', { status: 429, headers: { 'x-rate-limit-reset': String(SERVER_EPOCH + 30), date: SERVER_DATE } });
    const n = checkShape(normalizeOktaError(res));
    expect(n).toMatchObject({ source: 'fetch', status: 503, category: 'rate_limit', retryAfter: 30, upstreamStatus: 429 });
    expect(res.bodyUsed).toBe(false);
  });

  it('a 404 without a readable body is the integration failing', () => {
    expect(checkShape(normalizeOktaError(new Response('', { status: 404 })))).toMatchObject({ status: 502, code: 'upstream_404' });
  });
});

describe('http-errors', () => {
  it('keeps a 4xx and shows the message only when exposed', () => {
    const n = checkShape(normalizeOktaError(createError(404, 'User not found')));
    expect(n).toMatchObject({ source: 'http-errors', code: 'http_404', status: 404, title: 'Not Found', detail: 'User not found', category: 'not_found' });
    const hidden = checkShape(normalizeOktaError(createError(400, 'internal detail', { expose: false })));
    expect(hidden.detail).not.toContain('internal detail');
  });

  it('keeps a 5xx and never exposes its message', () => {
    const n = checkShape(normalizeOktaError(createError(500, `db failed with password=hunter2 and SSWS ${SSWS}`)));
    expect(n).toMatchObject({ status: 500, code: 'http_500' });
    expect(n.detail).not.toContain('db failed');
    expect(JSON.stringify(n)).not.toContain('hunter2');
    expect(JSON.stringify(n)).not.toContain(SSWS);
  });

  it('reads Retry-After from the error headers for a 429', () => {
    const n = checkShape(normalizeOktaError(createError(429, 'slow down', { headers: { 'Retry-After': '5' } })));
    expect(n).toMatchObject({ status: 429, category: 'rate_limit', retryAfter: 5 });
    expect(normalizeOktaError(createError(429))?.retryAfter).toBe(60);
  });

  it('accepts statusCode and clamps a non-error status to 500', () => {
    const err = Object.assign(new Error('x'), { name: 'WeirdError', statusCode: 302, expose: false });
    expect(normalizeOktaError(err)?.status).toBe(500);
  });
});

describe('UpstreamError', () => {
  it('normalizes to its own normalized error', () => {
    const n = normalizeOktaError({ errorCode: 'E0000007' }, { status: 404 })!;
    const err = new UpstreamError(n);
    expect(normalizeOktaError(err)).toBe(n);
    // A copy from another instance of the library (dual package) is still recognised.
    const foreign = Object.assign(new Error('x'), { name: 'UpstreamError', code: 'OEH_UPSTREAM_ERROR', status: 404, expose: true, normalized: n });
    expect(normalizeOktaError(foreign)).toBe(n);
  });
});

describe('unrecognised inputs', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['a symbol', Symbol('x')],
    ['a function', () => {}],
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError('x is not a function')],
    ['an empty object', {}],
    ['an array', [validationBody]],
    ['an unrelated object', { foo: 1, error: 'Something went wrong' }],
    ['a string without status', 'just text'],
    ['an unrelated JSON string', '{"hello":"world"}'],
    ['an error with a non-error code', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ['a Map', new Map([['errorCode', 'E0000001']])],
    ['a class instance with Okta fields', new (class Foo { errorCode = 'E0000001'; })()],
  ])('%s → undefined', (_name, input) => {
    expect(normalizeOktaError(input)).toBeUndefined();
  });

  it('never throws on hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get');
        },
        getPrototypeOf() {
          throw new Error('proto');
        },
        ownKeys() {
          throw new Error('keys');
        },
        has() {
          throw new Error('has');
        },
      },
    );
    expect(() => normalizeOktaError(hostile)).not.toThrow();
    expect(() => normalizeOktaError(hostile, { status: 500, headers: hostile as never })).not.toThrow();
    const getterBomb = { errorCode: 'E0000001', get errorSummary() { throw new Error('bomb'); } };
    expect(() => normalizeOktaError(getterBomb, { status: 400 })).not.toThrow();
  });
});

describe('malformed bodies', () => {
  const big = 'x'.repeat(5 * 1024 * 1024);
  const cases: Array<[string, unknown, number]> = [
    ['HTML from a proxy', '<!doctype html><html><body><h1>502 Bad Gateway</h1>nginx</body></html>', 502],
    ['empty string', '', 500],
    ['whitespace', '   \n ', 500],
    ['truncated JSON', '{"errorCode":"E0000001","errorSumm', 400],
    ['JSON null', 'null', 400],
    ['JSON array', '[{"errorCode":"E0000001"}]', 400],
    ['JSON string', '"E0000001"', 400],
    ['JSON number', '400', 400],
    ['errorCauses not an array', { errorCode: 'E0000001', errorCauses: 'login: bad' }, 400],
    ['errorCauses array-like object', { errorCode: 'E0000001', errorCauses: { 0: { errorSummary: 'x' }, length: 1 } }, 400],
    ['errorCauses with junk items', { errorCode: 'E0000001', errorCauses: [null, 1, 'str', [], { errorSummary: 5 }, { errorSummary: 'ok' }] }, 400],
    ['numbers where strings belong', { errorCode: 11, errorSummary: 5, errorLink: 6, errorId: 7 }, 401],
    ['code with spaces', { errorCode: ' E0000001 ' }, 400],
    ['lowercase code', { errorCode: 'e0000001' }, 400],
    ['too many digits', { errorCode: 'E00000011' }, 401],
    ['5 MB string body', big, 500],
    ['5 MB JSON-looking body', `{"errorCode":"E0000001","errorSummary":"${big}"}`, 400],
    ['5 MB summary', { errorCode: 'E0000001', errorSummary: big, errorCauses: [{ errorSummary: big }] }, 400],
    ['100k causes', { errorCode: 'E0000001', errorCauses: Array.from({ length: 100_000 }, (_, i) => ({ errorSummary: `cause ${i}` })) }, 400],
    ['__proto__ carrying the fields', '{"__proto__":{"errorCode":"E0000011","errorSummary":"x"},"errorSummary":"y"}', 400],
    ['errorCode __proto__', '{"errorCode":"__proto__","errorSummary":"x"}', 400],
    ['error __proto__', '{"error":"__proto__"}', 400],
    ['error constructor', '{"error":"constructor"}', 400],
    ['errorCode constructor', { errorCode: 'constructor' }, 400],
    ['deeply nested', '{"errorCode":"E0000001","errorCauses":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 400],
    ['control characters', { errorCode: 'E0000001', errorSummary: 'a\r\nInjected: header\u0000', errorCauses: [{ errorSummary: 'x\r\ny' }] }, 400],
    ['markup', { errorCode: 'E0000001', errorCauses: [{ errorSummary: '<script>alert(1)</script>' }] }, 400],
  ];

  it.each(cases)('%s gives a consistent result and never throws', (_name, body, status) => {
    const start = performance.now();
    const first = normalizeOktaError(body, { status });
    const second = normalizeOktaError(body, { status });
    expect(performance.now() - start).toBeLessThan(500);
    checkShape(first);
    expect(second).toEqual(first);
  });

  it('prototype keys never select a catalog row', () => {
    expect(normalizeOktaError('{"__proto__":{"errorCode":"E0000011"}}', { status: 400 })?.code).toBe('upstream_400');
    expect(normalizeOktaError('{"errorCode":"__proto__"}', { status: 400 })?.code).toBe('upstream_400');
    expect(normalizeOktaError('{"error":"constructor"}', { status: 400 })).toMatchObject({ code: 'constructor', status: 502, category: 'configuration' });
    expect(({} as Record<string, unknown>).errorCode).toBeUndefined();
  });

  describe('with a polluted Object.prototype', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).errorCode;
    });
    it('does not read inherited fields', () => {
      (Object.prototype as Record<string, unknown>).errorCode = 'E0000001';
      expect(normalizeOktaError('{}', { status: 500 })?.code).toBe('upstream_500');
    });
  });

  it('caps causes at 20', () => {
    const n = normalizeOktaError(cases.find(([name]) => name === '100k causes')![1], { status: 400 })!;
    expect(n.causes).toHaveLength(20);
  });

  it('keeps only clean characters in ids', () => {
    const n = normalizeOktaError(
      { errorCode: 'E0000007', errorId: 'oae<script>\r\n' + 'z'.repeat(500) },
      { status: 404, headers: { 'X-Okta-Request-Id': 'abc\r\nSet-Cookie: x=1' } },
    )!;
    expect(n.errorId).toBe('oae');
    expect(n.requestId).toBe('abc');
    const long = normalizeOktaError({ errorCode: 'E0000007', errorId: 'z'.repeat(500) }, { status: 404 })!;
    expect(long.errorId).toBe('z'.repeat(128));
    const planted = normalizeOktaError({ errorCode: 'E0000007', errorId: SSWS }, { status: 404, headers: { 'x-okta-request-id': JWT } })!;
    expect(planted.errorId).toBeUndefined();
    expect(planted.requestId).toBeUndefined();
  });
});

describe('secrets never reach the result', () => {
  const CLIENT_SECRET = 'cs-9f8e7d6c5b4a';
  const planted = [SSWS, JWT, CLIENT_SECRET, 'q=secret', 'secret-person', 'SESSIONCOOKIE'];
  const dirty = `Request to https://x.okta.com/api/v1/users?q=secret-person with Authorization: SSWS ${SSWS} and Bearer ${JWT} client_secret=${CLIENT_SECRET} Cookie: sid=SESSIONCOOKIE`;

  it.each<[string, unknown, Record<string, unknown>?]>([
    ['Okta body fields', { errorCode: 'E0000001', errorSummary: dirty, errorLink: dirty, errorId: dirty, errorCauses: [{ errorSummary: dirty }] }, { status: 400 }],
    ['an Okta body as text', JSON.stringify({ errorCode: 'E0000011', errorSummary: dirty }), { status: 401 }],
    ['an HTML body', `<html>${dirty}</html>`, { status: 500 }],
    ['an OAuth body', { error: 'invalid_client', error_description: dirty }, { status: 401 }],
    ['an SDK HttpError', Object.assign(new Error(`HTTP 500 ${dirty}`), { name: 'HttpError', status: 500, url: dirty, headers: new Headers() })],
    ['an SDK OktaApiError', Object.assign(new Error(dirty), { name: 'OktaApiError', status: 400, errorCode: 'E0000001', errorSummary: dirty, errorCauses: [{ errorSummary: dirty }], url: dirty, headers: new Headers({ 'x-okta-request-id': dirty }) })],
    ['an exposed http-errors message', createError(400, dirty)],
    ['an openid-client RPError', Object.assign(new Error(dirty), { name: 'RPError' })],
  ])('%s', (_name, input, ctx) => {
    const n = checkShape(normalizeOktaError(input, ctx as never));
    const json = JSON.stringify(n);
    for (const secret of planted) expect(json).not.toContain(secret);
    expect(json).not.toContain('eyJ');
  });
});

describe('UpstreamError look-alikes (issue 16)', () => {
  const n = normalizeOktaError({ errorCode: 'E0000007' }, { status: 404 })!;
  // An object shaped like http-errors, so that it has an answer of its own when it is not trusted as an UpstreamError.
  const httpLike = { name: 'NotFoundError', expose: true, status: 410, message: 'gone' };

  it('a copy from another instance of the library needs the code and a normalized status and code', () => {
    expect(normalizeOktaError({ ...httpLike, code: 'OEH_UPSTREAM_ERROR', normalized: n })).toBe(n);
    expect(normalizeOktaError({ ...httpLike, code: 'OEH_UPSTREAM_ERROR', normalized: null })?.code).toBe('http_410');
    expect(normalizeOktaError({ ...httpLike, code: 'OEH_UPSTREAM_ERROR', normalized: { ...n, status: '404' } })?.code).toBe('http_410');
    expect(normalizeOktaError({ ...httpLike, code: 'OEH_UPSTREAM_ERROR', normalized: { ...n, code: 7 } })?.code).toBe('http_410');
  });

  it('a normalized field alone is not trusted: an Okta body carrying one is still read as a body', () => {
    const forged = { ...n, status: 418, code: 'forged' };
    expect(normalizeOktaError({ errorCode: 'E0000007', normalized: forged }, { status: 404 })).toMatchObject({ code: 'E0000007', status: 404 });
    expect(normalizeOktaError({ ...httpLike, code: 'SOMETHING_ELSE', normalized: forged })?.code).toBe('http_410');
  });
});

describe('errors wrapping an upstream failure as cause (issue 16)', () => {
  const body = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)' };
  const wrap = (inner: unknown, levels: number): unknown => {
    let out = inner;
    for (let i = 0; i < levels; i++) out = new Error(`level ${i}`, { cause: out });
    return out;
  };

  it(`follows cause ${MAX_CAUSE_DEPTH} levels deep, and no further`, () => {
    expect(MAX_CAUSE_DEPTH).toBe(5);
    expect(normalizeOktaError(wrap(body, 1), { status: 404 })).toMatchObject({ code: 'E0000007', status: 404 });
    expect(normalizeOktaError(wrap(body, MAX_CAUSE_DEPTH), { status: 404 })).toMatchObject({ code: 'E0000007', status: 404 });
    expect(normalizeOktaError(wrap(body, MAX_CAUSE_DEPTH + 1), { status: 404 })).toBeUndefined();
  });

  it('a cause chain ending in null, undefined or a cycle is unrecognised', () => {
    expect(normalizeOktaError(new Error('x', { cause: null }))).toBeUndefined();
    expect(normalizeOktaError(new Error('x', { cause: undefined }))).toBeUndefined();
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(normalizeOktaError(a)).toBeUndefined();
  });

  it('a 2xx Response ends the search: nothing behind it is read', () => {
    const ok = { status: 200, ok: true, text: async () => '', headers: new Headers(), cause: body };
    expect(normalizeOktaError(ok, { status: 404 })).toBeUndefined();
    const failed = { ...ok, status: 404, ok: false };
    expect(normalizeOktaError(failed)).toMatchObject({ source: 'fetch', code: 'upstream_404' });
  });
});

describe('fetch Response statuses (issue 16)', () => {
  it('only 200–299 is a success: 300 and a 1xx are failures', () => {
    expect(normalizeOktaError(new Response(null, { status: 299 }))).toBeUndefined();
    expect(normalizeOktaError(new Response(null, { status: 300 }))).toMatchObject({ code: 'upstream_300', upstreamStatus: 300 });
    const informational = { status: 103, ok: false, text: async () => '', headers: new Headers() };
    expect(normalizeOktaError(informational)).toMatchObject({ code: 'upstream_103', upstreamStatus: 103 });
  });
});
