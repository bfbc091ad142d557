import { describe, expect, it } from 'vitest';
import { hasErrorParameter, parseCallback, parseCallbackObject } from '../../src/core/parse.js';

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
