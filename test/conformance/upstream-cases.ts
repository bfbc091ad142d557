/**
 * The upstream handler's behaviour over HTTP, one table for every framework: an error thrown by a route
 * in → status, headers and body facts out.
 */
import type { OktaApiErrorHandlerOptions } from '../../src/core/options/index.js';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { normalizeOktaError } from '../../src/core/upstream/normalize.js';

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
const DATE = 'Fri, 27 Nov 2026 12:00:00 GMT';
const RESET = String(Date.parse(DATE) / 1000 + 42);

/** Shaped like @okta/okta-sdk-nodejs 8's OktaApiError (duck-typed, as the library sees it). */
function oktaApiError(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`Okta HTTP ${status} ${String(body.errorCode)} ${String(body.errorSummary)}`), {
    name: 'OktaApiError',
    status,
    ...body,
    url: `https://dev-1.okta.com/api/v1/users?search=profile.email+eq+%22ann%40example.com%22`,
    headers: new Headers({ 'x-okta-request-id': 'req-abc_123', date: DATE, ...headers }),
  });
}

export const UPSTREAM_SECRETS = [TOKEN, TOKEN.slice(0, 12), 'ann@example.com', 'ann%40example.com', 'search='];

export interface UpstreamCase {
  readonly name: string;
  readonly options?: OktaApiErrorHandlerOptions;
  readonly error: () => unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly expect: {
    readonly status: number;
    /** The app's own final error handler answered (`app-error`). */
    readonly passed?: boolean;
    readonly json?: Readonly<Record<string, unknown>>;
    readonly headers?: Readonly<Record<string, string | RegExp | undefined>>;
    readonly bodyIncludes?: readonly string[];
    readonly location?: string;
    readonly html?: boolean;
  };
}

const E0000047 = () => oktaApiError(429, { errorCode: 'E0000047', errorSummary: `API call exceeded rate limit due to too many requests. SSWS ${TOKEN}`, errorId: 'oaeXyz', errorCauses: [] }, { 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': RESET });

export const UPSTREAM_CASES: readonly UpstreamCase[] = [
  {
    name: 'E0000047 org rate limit: 503, Retry-After from X-Rate-Limit-Reset against upstream Date',
    error: E0000047,
    expect: {
      status: 503,
      headers: { 'retry-after': '42', 'x-rate-limit-limit': undefined, 'x-rate-limit-remaining': undefined, 'x-rate-limit-reset': undefined, 'cache-control': 'no-store' },
      json: { code: 'E0000047', status: 503, requestId: 'req-abc_123', errorId: 'oaeXyz', retryAfter: 42, type: 'urn:okta-error-handler:E0000047' },
    },
  },
  { name: 'statusFor overrides a mapping', options: { statusFor: { E0000047: 429 } }, error: E0000047, expect: { status: 429, headers: { 'retry-after': '42' } } },
  {
    name: 'statusFor applies to an UpstreamError too (from withOktaRetry or the rate limiter)',
    options: { statusFor: { E0000047: 429 } },
    error: () => new UpstreamError(normalizeOktaError(E0000047())!),
    expect: { status: 429, headers: { 'retry-after': '42' }, json: { status: 429, title: 'Too Many Requests', code: 'E0000047' } },
  },
  { name: 'E0000109 per-user throttle: 429 with Retry-After', error: () => oktaApiError(429, { errorCode: 'E0000109', errorSummary: 'An SMS message was recently sent.' }), expect: { status: 429, headers: { 'retry-after': /^\d+$/ } } },
  { name: 'E0000011 invalid token is the app\'s problem: 502, never 401', error: () => oktaApiError(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' }), expect: { status: 502, json: { code: 'E0000011' } } },
  {
    name: 'E0000001 validation: 400 with the causes',
    error: () => oktaApiError(400, { errorCode: 'E0000001', errorSummary: 'Api validation failed: login', errorCauses: [{ errorSummary: 'login: Username must be in the form of an email address' }] }),
    expect: { status: 400, json: { code: 'E0000001', causes: ['login: Username must be in the form of an email address'] } },
  },
  { name: 'errorCauses that is not an array is ignored', error: () => oktaApiError(400, { errorCode: 'E0000001', errorSummary: 'x', errorCauses: 'nope' }), expect: { status: 400, json: { causes: undefined } } },
  { name: 'E0000007 not found: 404', error: () => oktaApiError(404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)' }), expect: { status: 404 } },
  {
    name: 'SDK HttpError with an HTML proxy page: 502',
    error: () => Object.assign(new Error('HTTP 500 <html><body>Bad gateway</body></html>'), { name: 'HttpError', status: 500, url: 'https://dev-1.okta.com/api/v1/users', headers: new Headers() }),
    expect: { status: 502 },
  },
  { name: 'upstream 503: stays 503 with Retry-After', error: () => Object.assign(new Error('HTTP 503 '), { name: 'HttpError', status: 503, url: 'https://dev-1.okta.com/x', headers: new Headers({ 'retry-after': '120' }) }), expect: { status: 503, headers: { 'retry-after': '120' } } },
  { name: 'a raw Okta body', error: () => ({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorLink: 'E0000006', errorId: 'oae1', errorCauses: [] }), expect: { status: 502, json: { code: 'E0000006', errorId: 'oae1' } } },
  {
    name: 'openid-client invalid_grant on code exchange: a browser is sent to sign in again',
    error: () => Object.assign(new Error('server responded with an error in the response body'), { code: 'OAUTH_RESPONSE_BODY_ERROR', status: 400, error: 'invalid_grant', error_description: 'grant request is invalid', cause: { error: 'invalid_grant' } }),
    headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' },
    expect: { status: 303, location: '/login' },
  },
  {
    name: 'openid-client invalid_grant for an API client: 400 problem',
    error: () => Object.assign(new Error('server responded with an error in the response body'), { code: 'OAUTH_RESPONSE_BODY_ERROR', status: 400, error: 'invalid_grant', cause: { error: 'invalid_grant' } }),
    expect: { status: 400, json: { code: 'invalid_grant' } },
  },
  { name: 'openid-client invalid_client: configuration, 502', error: () => Object.assign(new Error('x'), { code: 'OAUTH_RESPONSE_BODY_ERROR', status: 401, error: 'invalid_client', cause: { error: 'invalid_client' } }), expect: { status: 502, json: { code: 'invalid_client' } } },
  { name: 'an unrecognised error is passed on', error: () => new Error('boom'), expect: { status: 500, passed: true } },
  { name: 'handleAll answers an unrecognised error with a bare 500 problem', options: { handleAll: true }, error: () => new Error('boom secret'), expect: { status: 500, json: { code: 'internal_error', status: 500 } } },
  {
    name: 'a browser gets an HTML page with the same facts',
    error: () => oktaApiError(400, { errorCode: 'E0000001', errorSummary: 'x', errorCauses: [{ errorSummary: '<b>login</b>: bad' }] }),
    headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    expect: { status: 400, html: true, bodyIncludes: ['req-abc_123', '&lt;b&gt;login&lt;/b&gt;: bad', 'E0000001'] },
  },
  { name: '*/* gets problem+json', error: E0000047, headers: { accept: '*/*' }, expect: { status: 503, json: { code: 'E0000047' } } },
  {
    name: 'development adds the hint and the redacted summary',
    options: { development: true },
    error: E0000047,
    expect: { status: 503, json: { hint: /./, summary: /rate limit/, upstreamStatus: 429 } },
  },
];
