import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, sanitizeText } from '../../../src/core/redact.js';

const SSWS = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMHUxIiwiaXNzIjoiaHR0cHM6Ly94Lm9rdGEuY29tIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactSecrets', () => {
  it.each([
    ['SSWS token', `Authorization failed for SSWS ${SSWS}`, [SSWS]],
    ['Bearer JWT', `got Bearer ${JWT} back`, [JWT, 'eyJ']],
    ['bare JWT', `id_token was ${JWT}.`, ['eyJhbGci']],
    ['truncated JWT', `token eyJhbGciOiJSUzI1NiIsImtpZCI6`, ['eyJhbGci']],
    ['bare Okta API token', `key ${SSWS} leaked`, [SSWS]],
    ['client_secret in a form', 'grant_type=refresh_token&client_secret=s3cr3t-Value&client_id=abc', ['s3cr3t-Value']],
    ['token parameters', 'access_token=AT1&id_token=IT1&refresh_token=RT1&code=C0DE1', ['AT1', 'IT1', 'RT1', 'C0DE1']],
    ['JSON secrets', '{"client_secret":"s3cr3t","refresh_token": "RT\\"x","code":"C0DE"}', ['s3cr3t', 'RT\\"x', 'C0DE']],
    ['Cookie header', 'Cookie: sid=SESSION123; idx=IDX456\r\nAccept: */*', ['SESSION123', 'IDX456']],
    ['Set-Cookie header', 'set-cookie: JSESSIONID=ABCDEF; Path=/', ['ABCDEF']],
    ['cookie pairs', 'sent sid=SESSION123; DT=DEVICE789', ['SESSION123', 'DEVICE789']],
    ['Authorization header line', 'authorization: Basic dXNlcjpwYXNz', ['dXNlcjpwYXNz']],
    ['URL query', 'GET https://x.okta.com/api/v1/users?q=secret&limit=1 failed', ['q=secret', 'limit=1']],
    ['URL fragment', 'https://app.example.com/cb#access_token=AT&state=S', ['access_token', 'AT&']],
    ['relative URL query', 'path /api/v1/users?search=profile.email%20eq%20%22ann%22', ['search=', 'ann']],
  ])('%s', (_name, input, secrets) => {
    const out = redactSecrets(input);
    for (const secret of secrets) expect(out).not.toContain(secret);
  });

  it('keeps the useful part', () => {
    expect(redactSecrets('GET https://x.okta.com/api/v1/users?q=secret')).toBe('GET https://x.okta.com/api/v1/users');
    expect(redactSecrets(`SSWS ${SSWS}`)).toBe(`SSWS ${REDACTED}`);
    expect(redactSecrets('errorCode=E0000011 errorSummary: Invalid token provided')).toBe('errorCode=E0000011 errorSummary: Invalid token provided');
    expect(redactSecrets('Api validation failed: login')).toBe('Api validation failed: login');
    expect(redactSecrets('login: An object with this field already exists in the current organization')).toBe(
      'login: An object with this field already exists in the current organization',
    );
  });

  it('is linear on hostile input', () => {
    const hostile = [
      '"code":"' + '\\'.repeat(50_000),
      'Bearer '.repeat(20_000),
      '/'.repeat(100_000),
      '/ '.repeat(50_000),
      'eyJ' + 'a.'.repeat(50_000),
      'http://'.repeat(15_000),
      ':/'.repeat(50_000),
      'a+b://'.repeat(15_000),
      ' code=x'.repeat(15_000),
      '"code":"a'.repeat(10_000),
      'cookie: x\n'.repeat(10_000),
    ];
    const start = performance.now();
    for (const s of hostile) redactSecrets(s);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('sanitizeText', () => {
  it('strips control characters and collapses whitespace', () => {
    expect(sanitizeText('line1\r\nline2\u0000\u001b[31m\u2028x\u202Ey')).toBe('line1 line2 [31m x y');
  });

  it('caps the length with an ellipsis', () => {
    const out = sanitizeText('a'.repeat(1000), 50);
    expect(out).toHaveLength(50);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitizeText('short', 50)).toBe('short');
  });

  it('does not split a surrogate pair', () => {
    const out = sanitizeText('a'.repeat(8) + '😀'.repeat(10), 10);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('handles a 5 MB string quickly and still redacts at the cut', () => {
    const big = `Bearer ${JWT} ` + 'x'.repeat(5 * 1024 * 1024);
    const start = performance.now();
    const out = sanitizeText(big, 100);
    expect(performance.now() - start).toBeLessThan(200);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).not.toContain('eyJ');
    // A secret straddling the working window is still caught by its prefix.
    const straddle = 'x '.repeat(300) + `SSWS ${SSWS}`;
    expect(sanitizeText(straddle, 150)).not.toContain(SSWS.slice(0, 10));
    expect(sanitizeText('y'.repeat(600) + ' SSWS ' + SSWS, 150)).not.toContain('00abcdefgh');
  });

  it.each([undefined, null, 42, {}, ['a']])('gives "" for %s', (value) => {
    expect(sanitizeText(value)).toBe('');
  });
});
