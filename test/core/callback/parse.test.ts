import { describe, expect, it } from 'vitest';
import { hasErrorParameter, parseCallback, parseCallbackObject } from '../../../src/core/callback/parse.js';

describe('hasErrorParameter', () => {
  it.each([
    ['error=x', true],
    ['a=1&error=x', true],
    ['error', true],
    ['error&state=1', true],
    ['code=error', false],
    ['terror=1', false],
    ['error_description=x', false],
    ['errors=1', false],
    ['error[]=x', true],
    ['error[a]=x', true],
    ['%65rror=x', true],
    ['a=1&err%6Fr=x', true],
    ['%65rrors=x', false],
    ['oeh_continue=restart:sign_in_failed', true],
    ['a&a&a', false],
    ['', false],
  ])('%j → %s', (raw, expected) => expect(hasErrorParameter(raw)).toBe(expected));
});

describe('parseCallback', () => {
  it.each([
    ['error=access_denied&state=s', { ok: true, params: { error: 'access_denied', state: 's' } }],
    ['error=access_denied&state=a+b%20c', { ok: true, params: { state: 'a b c' } }],
    ['error=login_required&state=s&iss=https%3A%2F%2Fx.okta.com&foo=1&foo=2', { ok: true, params: { iss: 'https://x.okta.com' } }],
    ['error=a&error=b', { ok: false, reason: 'repeated_parameter', parameter: 'error' }],
    ['error=a&state=1&state=1', { ok: false, reason: 'repeated_parameter', parameter: 'state' }],
    ['error=a&state=%ZZ', { ok: false, reason: 'invalid_encoding', parameter: 'state' }],
    ['%E0=1&error=a', { ok: false, reason: 'invalid_encoding' }],
    ['error=', { ok: false, reason: 'invalid_error_code' }],
    ['error=a%22b', { ok: false, reason: 'invalid_error_code' }],
    ['error=a%5Cb', { ok: false, reason: 'invalid_error_code' }],
    ['error=a%20b', { ok: false, reason: 'invalid_error_code' }],
    ['error=%3Cscript%3E', { ok: true, params: { error: '<script>' } }],
    [`error=${'a'.repeat(129)}`, { ok: false, reason: 'too_long' }],
    [`error=a&state=${'s'.repeat(2049)}`, { ok: false, reason: 'too_long', parameter: 'state' }],
    [`error=a&iss=${'s'.repeat(2049)}`, { ok: false, reason: 'too_long', parameter: 'iss' }],
    [Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&') + '&error=a', { ok: false, reason: 'too_many_parameters' }],
    ['&&error=a&&', { ok: true, params: { error: 'a' } }],
  ])('%j', (raw, expected) => expect(parseCallback(raw)).toMatchObject(expected));

  it('cuts a long description instead of refusing the response', () => {
    const r = parseCallback(`error=a&error_description=${'d'.repeat(5000)}`);
    expect(r.ok && r.params.error_description?.length).toBe(1024);
  });

  it('drops an over-long error_uri', () => {
    const r = parseCallback(`error=a&error_uri=https://x/${'d'.repeat(5000)}`);
    expect(r.ok && r.params.error_uri).toBeUndefined();
  });

  it('ignores __proto__ keys', () => {
    const r = parseCallback('__proto__=x&constructor=y&error=a');
    expect(r).toMatchObject({ ok: true, params: { error: 'a' } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('parseCallbackObject', () => {
  it.each([
    [{ error: 'access_denied', state: 's' }, { ok: true }],
    [{ error: ['a', 'b'] }, { ok: false, reason: 'repeated_parameter' }],
    [{ error: 'a', state: { nested: 'x' } }, { ok: false, reason: 'not_text', parameter: 'state' }],
    [{ error: 1 }, { ok: false, reason: 'not_text' }],
    [JSON.parse('{"error":"a","__proto__":{"polluted":1}}'), { ok: true }],
  ])('%j', (body, expected) => expect(parseCallbackObject(body)).toMatchObject(expected));
});

describe('parseCallback: limits and edges (issue 16)', () => {
  const params = (n: number) => Array.from({ length: n - 1 }, (_, i) => `p${i}=1`).join('&') + '&error=a';
  it('256 parameters are read; 257 are too many', () => {
    expect(parseCallback(params(256))).toMatchObject({ ok: true });
    expect(parseCallback(params(257))).toEqual({ ok: false, reason: 'too_many_parameters' });
  });
  it.each([
    ['state', 2048],
    ['iss', 2048],
  ])('%s of exactly %i characters is read; one more is too long', (name, limit) => {
    expect(parseCallback(`error=a&${name}=${'s'.repeat(limit)}`)).toMatchObject({ ok: true, params: { [name]: 's'.repeat(limit) } });
    expect(parseCallback(`error=a&${name}=${'s'.repeat(limit + 1)}`)).toEqual({ ok: false, reason: 'too_long', parameter: name });
  });
  it('an error_uri of exactly 2048 characters is kept; one more is dropped', () => {
    const uri = (n: number) => `https://x/${'u'.repeat(n - 10)}`;
    expect(parseCallback(`error=a&error_uri=${uri(2048)}`)).toMatchObject({ ok: true, params: { error_uri: uri(2048) } });
    const over = parseCallback(`error=a&error_uri=${uri(2049)}`);
    expect(over.ok && over.params.error_uri).toBeUndefined();
  });
  it('an error of exactly 128 characters is a code; 129 is too long', () => {
    expect(parseCallback(`error=${'e'.repeat(128)}`)).toMatchObject({ ok: true });
    expect(parseCallback(`error=${'e'.repeat(129)}`)).toEqual({ ok: false, reason: 'too_long', parameter: 'error' });
  });
  it('a description of exactly 1024 characters is kept whole', () => {
    const r = parseCallback(`error=a&error_description=${'d'.repeat(1024)}`);
    expect(r.ok && r.params.error_description).toBe('d'.repeat(1024));
  });
  it('a bare parameter without "=" is present and empty', () => {
    expect(parseCallback('error=a&state')).toEqual({ ok: true, params: { error: 'a', state: '', iss: undefined, error_uri: undefined, error_description: undefined } });
    expect(parseCallback('error=a&state&iss=x')).toMatchObject({ ok: true, params: { state: '', iss: 'x' } });
  });
  it('input with no error at all is not an error response', () => {
    expect(parseCallback('state=x&code=y')).toEqual({ ok: false, reason: 'invalid_error_code', parameter: 'error' });
    expect(parseCallbackObject({ state: 'x' })).toEqual({ ok: false, reason: 'invalid_error_code', parameter: 'error' });
  });
  it('error[] and state[a] (arrays and objects to qs) are not text', () => {
    expect(parseCallback('error[]=a')).toEqual({ ok: false, reason: 'not_text', parameter: 'error' });
    expect(parseCallback('error=a&state[a]=x')).toEqual({ ok: false, reason: 'not_text', parameter: 'state' });
    expect(parseCallback('error=a&x[y]=z&[a]=b')).toMatchObject({ ok: true });
  });
  it('percent-encoded names are decoded', () => {
    expect(parseCallback('%65rror=access_denied&st%61te=s')).toMatchObject({ ok: true, params: { error: 'access_denied', state: 's' } });
  });
  it.each([
    ['oeh_continue=retry:server_error', { action: 'retry', code: 'server_error' }],
    ['oeh_continue=restart:sign_in_failed:invalid_grant', { action: 'restart', code: 'sign_in_failed', detail: 'invalid_grant' }],
  ])('a continuation %s', (raw, continued) => {
    expect(parseCallback(raw)).toEqual({ ok: true, params: { error: continued.code, continued } });
  });
  it.each(['oeh_continue=retry', 'oeh_continue=RETRY:x', 'oeh_continue=retry:<x>', 'oeh_continue=retry:a:b:c', 'oeh_continue=:x'])('a malformed continuation %s', (raw) => {
    expect(parseCallback(raw)).toEqual({ ok: false, reason: 'invalid_error_code', parameter: 'oeh_continue' });
  });
  it('error wins over a continuation', () => {
    expect(parseCallback('oeh_continue=retry:server_error&error=access_denied&state=s')).toMatchObject({ ok: true, params: { error: 'access_denied', state: 's' } });
  });
});

describe('hasErrorParameter: exact names', () => {
  it.each([
    ['a=1&error', true],
    ['errorx=1&b=error', false],
    ['x=1&%65rror', true],
    ['%65rror%ZZ=1', false],
    ['e%72ror=1', true],
    ['oeh_continue', true],
    ['oeh_continues=1', false],
    ['&=error&', false],
  ])('%j → %s', (raw, expected) => expect(hasErrorParameter(raw)).toBe(expected));
});
