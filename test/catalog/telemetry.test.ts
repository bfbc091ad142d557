/** Severity by category, errorType and docs entry for every catalog code (src/catalog/telemetry.ts). */
import { describe, expect, it } from 'vitest';
import { CALLBACK_CATEGORIES, CALLBACK_ERRORS, UNKNOWN_CALLBACK_ERROR, type CallbackCatalogEntry } from '../../src/catalog/oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, UNKNOWN_OAUTH_TOKEN_ERROR } from '../../src/catalog/oauth-token.js';
import { OKTA_API_CATEGORIES, OKTA_API_ERRORS } from '../../src/catalog/okta-api.js';
import { CALLBACK_CHECKS } from '../../src/catalog/checks.js';
import { CALLBACK_SEVERITY, FIXED_ENTRIES, fixedTelemetry, UPSTREAM_SEVERITY, callbackTelemetry, upstreamTelemetry } from '../../src/catalog/telemetry.js';
import { normalizeOktaError } from '../../src/core/upstream/normalize.js';

describe('the severity tables', () => {
  it('give every callback category a severity: info for the user\'s own steps, error for configuration', () => {
    expect(Object.keys(CALLBACK_SEVERITY).sort()).toEqual(Object.keys(CALLBACK_CATEGORIES).sort());
    expect(CALLBACK_SEVERITY).toEqual({ interaction: 'info', canceled: 'info', denied: 'warn', transient: 'warn', rejected: 'warn', expired: 'warn', unknown: 'warn', configuration: 'error' });
  });
  it('give every upstream category a severity for a 4xx and a 5xx answer', () => {
    expect(Object.keys(UPSTREAM_SEVERITY).sort()).toEqual([...OKTA_API_CATEGORIES].sort());
    expect(UPSTREAM_SEVERITY.configuration).toEqual({ client: 'error', server: 'error' });
    expect(UPSTREAM_SEVERITY.rate_limit).toEqual({ client: 'warn', server: 'warn' });
    expect(UPSTREAM_SEVERITY.upstream_failure).toEqual({ client: 'warn', server: 'warn' });
    for (const c of ['validation', 'authentication', 'permission', 'not_found', 'conflict'] as const) expect(UPSTREAM_SEVERITY[c]).toEqual({ client: 'warn', server: 'error' });
  });
  it('are frozen', () => {
    expect(Object.isFrozen(CALLBACK_SEVERITY)).toBe(true);
    expect(Object.isFrozen(UPSTREAM_SEVERITY.validation)).toBe(true);
    expect(Object.isFrozen(FIXED_ENTRIES.unknown)).toBe(true);
  });
});

describe('callback codes', () => {
  it.each(Object.entries(CALLBACK_ERRORS) as [string, CallbackCatalogEntry][])('%s: severity of its category, oidc.<code>, its own anchor', (code, row) => {
    expect(callbackTelemetry(code, row, code)).toEqual({ severity: CALLBACK_SEVERITY[row.category], errorType: `oidc.${code}`, docsCode: code, anchor: code });
    expect(CALLBACK_CHECKS[code as keyof typeof CALLBACK_CHECKS]).toMatch(/\w/);
  });
  it('a cancel is info, a denial warn, a configuration error error', () => {
    expect(callbackTelemetry('user_canceled_request', CALLBACK_ERRORS.user_canceled_request, 'user_canceled_request').severity).toBe('info');
    expect(callbackTelemetry('login_required', CALLBACK_ERRORS.login_required, 'login_required').severity).toBe('info');
    expect(callbackTelemetry('access_denied', CALLBACK_ERRORS.access_denied, 'access_denied').severity).toBe('warn');
    expect(callbackTelemetry('invalid_state', CALLBACK_ERRORS.invalid_state, 'invalid_state').severity).toBe('warn');
    expect(callbackTelemetry('invalid_scope', CALLBACK_ERRORS.invalid_scope, 'invalid_scope').severity).toBe('error');
  });
  it('an unknown code gets oidc.unknown and the fixed #unknown, whatever it says', () => {
    for (const code of ['brand_new_error', 'SECURITY_ALERT:Call_+1-555', '"><script>', '__proto__', 'constructor']) {
      expect(callbackTelemetry(code, UNKNOWN_CALLBACK_ERROR, 'unknown')).toEqual({ severity: 'warn', errorType: 'oidc.unknown', docsCode: 'unknown', anchor: 'unknown' });
    }
  });
  it("this library's own code sent by a provider is unknown: its row is not the catalog's", () => {
    expect(callbackTelemetry('invalid_state', UNKNOWN_CALLBACK_ERROR, 'unknown')).toMatchObject({ errorType: 'oidc.unknown', anchor: 'unknown' });
  });
  it("a code the app's options name keeps its name in errorType, and links to #unknown", () => {
    expect(callbackTelemetry('org_policy', UNKNOWN_CALLBACK_ERROR, 'org_policy')).toEqual({ severity: 'warn', errorType: 'oidc.org_policy', docsCode: 'unknown', anchor: 'unknown' });
  });
});

describe('upstream codes', () => {
  it.each(Object.entries(OKTA_API_ERRORS))('%s: okta.<code>, #<lower-case code>, severity by category and answer', (code, row) => {
    const n = normalizeOktaError({ errorCode: code, errorSummary: row.summary }, { status: row.oktaStatus })!;
    expect(upstreamTelemetry(n)).toEqual({ severity: UPSTREAM_SEVERITY[row.category][row.status >= 500 ? 'server' : 'client'], errorType: `okta.${code}`, docsCode: code, anchor: code.toLowerCase() });
  });
  it('the app\'s own credential refused is an error, the user\'s a warning, the org rate limit a warning', () => {
    const of = (code: keyof typeof OKTA_API_ERRORS) => upstreamTelemetry(normalizeOktaError({ errorCode: code }, { status: OKTA_API_ERRORS[code].oktaStatus })!).severity;
    expect(of('E0000011')).toBe('error');
    expect(of('E0000006')).toBe('error');
    expect(of('E0000004')).toBe('warn');
    expect(of('E0000001')).toBe('warn');
    expect(of('E0000047')).toBe('warn');
    expect(of('E0000003')).toBe('error');
  });
  it('an E-code the catalog does not list is okta.unknown at #okta-unknown-code', () => {
    const n = normalizeOktaError({ errorCode: 'E0000999', errorSummary: 'new' }, { status: 400 })!;
    expect(upstreamTelemetry(n)).toEqual({ severity: 'warn', errorType: 'okta.unknown', docsCode: 'okta_unknown', anchor: 'okta-unknown-code' });
  });
  it.each(Object.entries(OAUTH_TOKEN_ERRORS))('%s from the token endpoint: oidc.<code>, #token-<code>', (code, row) => {
    const n = normalizeOktaError({ error: code }, { status: 400 })!;
    expect(upstreamTelemetry(n)).toEqual({ severity: UPSTREAM_SEVERITY[row.category][row.status >= 500 ? 'server' : 'client'], errorType: `oidc.${code}`, docsCode: code, anchor: `token-${code}` });
  });
  it('an OAuth code the catalog does not list is oidc.unknown at #token-unknown-code (a configuration error)', () => {
    const n = normalizeOktaError({ error: 'brand_new_error', error_description: 'x' }, { status: 400 })!;
    expect(n.category).toBe(UNKNOWN_OAUTH_TOKEN_ERROR.category);
    expect(upstreamTelemetry(n)).toEqual({ severity: 'error', errorType: 'oidc.unknown', docsCode: 'token_unknown', anchor: 'token-unknown-code' });
  });
  it.each(Object.entries(OPENID_CLIENT_ERRORS))('%s: client.<code>, #client-<lower-case code>', (code, row) => {
    expect(upstreamTelemetry({ code, source: 'openid-client', category: row.category, status: row.status })).toEqual({
      severity: UPSTREAM_SEVERITY[row.category].server,
      errorType: `client.${code}`,
      docsCode: code,
      anchor: `client-${code.toLowerCase()}`,
    });
  });
  it('an http-errors error is http.<its status> at #http_status', () => {
    const n = normalizeOktaError(Object.assign(new Error('nope'), { name: 'NotFoundError', status: 404, expose: true }))!;
    expect(n.code).toBe('http_404');
    expect(upstreamTelemetry(n)).toEqual({ severity: 'warn', errorType: 'http.404', docsCode: 'http_status', anchor: 'http_status' });
  });
  it('an answer without any code is http.<upstream status> at #upstream_status', () => {
    const n = normalizeOktaError('<html>proxy</html>', { status: 502 })!;
    expect(n.code).toBe('upstream_502');
    expect(upstreamTelemetry(n)).toEqual({ severity: 'warn', errorType: 'http.502', docsCode: 'upstream_status', anchor: 'upstream_status' });
    expect(upstreamTelemetry({ code: 'upstream_error', source: 'okta', category: 'upstream_failure', status: 502 })).toMatchObject({ errorType: 'http.unknown', anchor: 'upstream_status' });
  });
  it('an OAuth code shaped like a status-only code does not borrow another status', () => {
    expect(upstreamTelemetry({ code: 'upstream_500', source: 'okta', category: 'configuration', status: 502, upstreamStatus: 400 })).toMatchObject({ errorType: 'oidc.unknown', anchor: 'token-unknown-code' });
  });
  it('an unrecognised error under handleAll is internal.error, an error', () => {
    expect(upstreamTelemetry({ code: 'internal_error', source: 'unrecognised', category: 'upstream_failure', status: 500 })).toEqual({ severity: 'error', errorType: 'internal.error', docsCode: 'internal_error', anchor: 'internal_error' });
  });
});

describe('the fixed entries', () => {
  it('template errors are errors, set-up warnings warnings', () => {
    expect(fixedTelemetry('template_error')).toEqual({ severity: 'error', errorType: 'template.error', docsCode: 'template_error', anchor: 'template-error' });
    expect(fixedTelemetry('form_post_without_https')).toEqual({ severity: 'warn', errorType: 'setup.form_post_without_https', docsCode: 'form_post_without_https', anchor: 'form_post_without_https' });
    expect(fixedTelemetry('state_not_verified')).toEqual({ severity: 'warn', errorType: 'setup.state_not_verified', docsCode: 'state_not_verified', anchor: 'state_not_verified' });
  });
  it('every errorType is namespaced and low-cardinality (no free text)', () => {
    for (const entry of Object.values(FIXED_ENTRIES)) expect(entry.errorType).toMatch(/^[a-z]+\.[a-z_<>]+$/);
  });
});

describe('a description variant that says more than its category', () => {
  it('a cancel that arrives as access_denied is info (the user walked away); a plain access_denied stays warn', async () => {
    const { callbackTelemetry, VARIANT_SEVERITY } = await import('../../src/catalog/telemetry.js');
    const { CALLBACK_ERRORS } = await import('../../src/catalog/oauth.js');
    expect(VARIANT_SEVERITY).toEqual({ canceled: 'info' });
    expect(callbackTelemetry('access_denied', CALLBACK_ERRORS.access_denied, 'access_denied', 'canceled').severity).toBe('info');
    expect(callbackTelemetry('access_denied', CALLBACK_ERRORS.access_denied, 'access_denied').severity).toBe('warn');
    expect(callbackTelemetry('access_denied', CALLBACK_ERRORS.access_denied, 'access_denied', 'not_assigned').severity).toBe('warn');
    expect(callbackTelemetry('invalid_scope', CALLBACK_ERRORS.invalid_scope, 'invalid_scope', 'clock_skew').severity).toBe('error');
  });
});
