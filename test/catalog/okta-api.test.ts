import { describe, expect, it } from 'vitest';
import {
  OKTA_API_CATEGORIES,
  OKTA_API_ERRORS,
  OKTA_API_NO_CODE_BY_STATUS,
  OKTA_API_UNKNOWN_CODE_BY_STATUS,
  lookupOktaApiError,
  oktaApiFallback,
  type OktaApiPolicy,
} from '../../src/catalog/okta-api.js';
import {
  OAUTH_TOKEN_ERRORS,
  OPENID_CLIENT_ERRORS,
  UNKNOWN_OAUTH_TOKEN_ERROR,
  lookupOAuthTokenError,
  lookupOpenIdClientError,
} from '../../src/catalog/oauth-token.js';

// Every code in both tables of Okta's "Error Codes" reference, with its documented status.
const REFERENCE: Record<string, number> = {
  E0000001: 400, E0000002: 400, E0000003: 400, E0000004: 401, E0000005: 403, E0000006: 403,
  E0000007: 404, E0000008: 404, E0000009: 500, E0000010: 503, E0000011: 401, E0000012: 404,
  E0000013: 403, E0000014: 403, E0000015: 401, E0000016: 403, E0000017: 403, E0000018: 400,
  E0000019: 400, E0000020: 400, E0000021: 400, E0000022: 404, E0000023: 403, E0000024: 400,
  E0000025: 400, E0000026: 404, E0000027: 400, E0000028: 400, E0000029: 400, E0000030: 400,
  E0000031: 400, E0000032: 403, E0000033: 400, E0000034: 403, E0000035: 403, E0000036: 403,
  E0000037: 400, E0000038: 403, E0000039: 403, E0000040: 400, E0000041: 400, E0000042: 403,
  E0000043: 403, E0000044: 403, E0000045: 400, E0000046: 403, E0000047: 429, E0000048: 404,
  E0000049: 500, E0000050: 400, E0000051: 500, E0000052: 501, E0000053: 400, E0000054: 400,
  E0000055: 409, E0000056: 403, E0000057: 403, E0000058: 403, E0000059: 500, E0000060: 404,
  E0000061: 403, E0000063: 400, E0000064: 401, E0000068: 401, E0000069: 403, E0000081: 400,
  E0000109: 429, E0000112: 409, E0000113: 429,
};

/** Rules every policy row must satisfy, whatever table it is in. */
function checkPolicy(row: OktaApiPolicy) {
  expect(Number.isInteger(row.status)).toBe(true);
  expect(row.status).toBeGreaterThanOrEqual(400);
  expect(row.status).toBeLessThanOrEqual(599);
  expect(OKTA_API_CATEGORIES).toContain(row.category);
  expect(typeof row.retryable).toBe('boolean');
  expect(row.hint.trim().length).toBeGreaterThan(10);
  expect(row.hint.length).toBeLessThanOrEqual(240);
  if (row.category === 'rate_limit') expect(row.retryable).toBe(true);
  // The app's integration failing is never blamed on the user.
  if (row.category === 'configuration' || row.category === 'upstream_failure') expect(row.status).toBeGreaterThanOrEqual(500);
  // 401 would make the user sign in again for the app's own broken credential.
  if (row.category === 'validation' || row.category === 'not_found') expect([400, 404, 502]).toContain(row.status);
  expect(Object.isFrozen(row)).toBe(true);
}

describe('OKTA_API_ERRORS', () => {
  it('has exactly the codes of the reference, with their documented statuses', () => {
    expect(Object.keys(OKTA_API_ERRORS).sort()).toEqual(Object.keys(REFERENCE).sort());
    for (const [code, status] of Object.entries(REFERENCE)) expect(lookupOktaApiError(code)?.oktaStatus, code).toBe(status);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(OKTA_API_ERRORS)).toBe(true);
    expect(() => {
      (OKTA_API_ERRORS as Record<string, unknown>).E0000001 = {};
    }).toThrow(TypeError);
  });

  it.each(Object.entries(OKTA_API_ERRORS))('%s is consistent', (code, row) => {
    expect(code).toMatch(/^E\d{7}$/);
    checkPolicy(row);
    expect(row.summary.trim()).not.toBe('');
    expect(row.summary).not.toMatch(/[Â\u00A0]/);
    // Okta 5xx become 502, except 503 which stays.
    if (row.oktaStatus >= 500) expect(row.status).toBe(row.oktaStatus === 503 ? 503 : 502);
    if (row.oktaStatus === 429) expect(row.category).toBe('rate_limit');
  });

  it.each([
    ['E0000001', 400, 'validation'],
    ['E0000005', 502, 'permission'],
    ['E0000006', 502, 'permission'],
    ['E0000007', 404, 'not_found'],
    ['E0000011', 502, 'authentication'],
    ['E0000047', 503, 'rate_limit'],
    ['E0000055', 409, 'conflict'],
    ['E0000109', 429, 'rate_limit'],
    ['E0000113', 429, 'rate_limit'],
    ['E0000009', 502, 'upstream_failure'],
    ['E0000010', 503, 'upstream_failure'],
  ] as const)('policy: %s answers %i (%s)', (code, status, category) => {
    expect(lookupOktaApiError(code)).toMatchObject({ status, category });
  });

  it('does not resolve prototype keys', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(lookupOktaApiError(key)).toBeUndefined();
  });
});

describe('status fallbacks', () => {
  it.each(Object.entries(OKTA_API_UNKNOWN_CODE_BY_STATUS))('unknown code at %s is consistent', (upstream, row) => {
    checkPolicy(row);
    if (Number(upstream) >= 500) expect(row.status).toBe(Number(upstream) === 503 ? 503 : 502);
  });

  it.each(Object.entries(OKTA_API_NO_CODE_BY_STATUS))('no code at %s is consistent', (upstream, row) => {
    checkPolicy(row);
    // Without a code, nothing says the user is at fault.
    expect(row.status).toBeGreaterThanOrEqual(500);
    if (Number(upstream) === 503 || Number(upstream) === 429) expect(row.status).toBe(503);
  });

  it.each([
    [400, true, 400],
    [401, true, 502],
    [418, true, 502],
    [418, false, 502],
    [400, false, 502],
    [404, false, 502],
    [500, false, 502],
    [503, false, 503],
    [507, true, 502],
    [undefined, false, 502],
  ] as const)('oktaApiFallback(%s, hasCode=%s) → %i', (upstream, hasCode, status) => {
    expect(oktaApiFallback(upstream, hasCode).status).toBe(status);
  });
});

describe('OAUTH_TOKEN_ERRORS', () => {
  it.each(Object.entries(OAUTH_TOKEN_ERRORS))('%s is consistent', (code, row) => {
    expect(code).toMatch(/^[a-z_]+$/);
    checkPolicy(row);
    expect(row.summary.trim()).not.toBe('');
    if ('onRefresh' in row && row.onRefresh) checkPolicy(row.onRefresh);
  });

  it('invalid_grant restarts sign-in on code exchange and ends the session on refresh', () => {
    expect(lookupOAuthTokenError('invalid_grant')).toMatchObject({ status: 400, action: 'restart_sign_in' });
    expect(lookupOAuthTokenError('invalid_grant', 'code_exchange')).toMatchObject({ status: 400, action: 'restart_sign_in' });
    expect(lookupOAuthTokenError('invalid_grant', 'refresh')).toMatchObject({ status: 401, action: 'session_expired' });
  });

  it.each(['invalid_client', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type'])(
    '%s is a configuration failure answered with 502',
    (code) => {
      expect(lookupOAuthTokenError(code)).toMatchObject({ status: 502, category: 'configuration', retryable: false });
    },
  );

  it('unknown and prototype codes give the unknown row', () => {
    for (const key of ['nope', '__proto__', 'constructor']) expect(lookupOAuthTokenError(key)).toBe(UNKNOWN_OAUTH_TOKEN_ERROR);
    checkPolicy(UNKNOWN_OAUTH_TOKEN_ERROR);
  });
});

describe('OPENID_CLIENT_ERRORS', () => {
  it.each(Object.entries(OPENID_CLIENT_ERRORS))('%s is an upstream failure', (code, row) => {
    checkPolicy(row);
    expect(row.category).toBe('upstream_failure');
    expect(lookupOpenIdClientError(code)).toBe(row);
  });

  it('times out as a retryable 504', () => {
    expect(lookupOpenIdClientError('OAUTH_TIMEOUT')).toMatchObject({ status: 504, retryable: true });
    expect(lookupOpenIdClientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED')).toBeUndefined();
    expect(lookupOpenIdClientError('__proto__')).toBeUndefined();
  });
});
