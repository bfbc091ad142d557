/** The upstream failures the load test's routes throw, and the status each must produce. */

const TOKEN = `SSWS 00${'x'.repeat(40)}`;
const sdkError = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Okta HTTP ${status}`), { name: 'OktaApiError', status, ...body, url: 'https://dev-1.okta.com/api/v1/users?q=x', headers: new Headers(headers) });

export const UPSTREAM_FAILURES: Record<string, { readonly status: number; readonly browserStatus?: number; readonly error: () => unknown }> = {
  rate: {
    status: 503,
    error: () => sdkError(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 30), date: new Date().toUTCString(), 'x-okta-request-id': 'req1' }),
  },
  throttle: { status: 429, error: () => sdkError(429, { errorCode: 'E0000109', errorSummary: 'An SMS message was recently sent.' }) },
  token: { status: 502, error: () => sdkError(401, { errorCode: 'E0000011', errorSummary: `Invalid token provided ${TOKEN}` }) },
  validation: { status: 400, error: () => sdkError(400, { errorCode: 'E0000001', errorSummary: 'Api validation failed', errorCauses: [{ errorSummary: 'login: <b>bad</b>' }] }) },
  hostile: { status: 400, error: () => sdkError(400, { errorCode: 'E0000001', errorSummary: `${'<script>'.repeat(10_000)}\r\n${TOKEN}`, errorCauses: 'not an array', errorId: { nested: true } }) },
  proxy: { status: 502, error: () => Object.assign(new Error(`HTTP 500 <html>${'x'.repeat(50_000)}</html>`), { name: 'HttpError', status: 500, url: 'https://dev-1.okta.com/x', headers: new Headers() }) },
  unavailable: { status: 503, error: () => Object.assign(new Error('HTTP 503 '), { name: 'HttpError', status: 503, url: 'https://dev-1.okta.com/x', headers: new Headers({ 'retry-after': '120' }) }) },
  network: { status: 502, error: () => Object.assign(new Error('request to https://dev-1.okta.com/api/v1/users failed, reason: connect ECONNREFUSED'), { name: 'FetchError', type: 'system', code: 'ECONNREFUSED' }) },
  // A browser whose code exchange failed is sent back to sign in.
  grant: { status: 400, browserStatus: 303, error: () => Object.assign(new Error('server responded with an error in the response body'), { code: 'OAUTH_RESPONSE_BODY_ERROR', status: 400, error: 'invalid_grant', cause: { error: 'invalid_grant' } }) },
};
