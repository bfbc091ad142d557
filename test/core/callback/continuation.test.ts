import { describe, expect, it } from 'vitest';
import { continuationLocation, readContinuation } from '../../../src/core/callback/continuation.js';

describe('readContinuation', () => {
  const none = new Set<string>();
  it.each([
    [{ action: 'reprompt', code: 'login_required' }, { code: 'login_required', action: 'reprompt' }],
    [{ action: 'retry', code: 'server_error', detail: 'mfa_required' }, { code: 'server_error', action: 'retry', variant: 'mfa_required' }],
    [{ action: 'restart', code: 'sign_in_failed', detail: 'invalid_grant' }, { code: 'sign_in_failed', action: 'restart', restartFor: 'invalid_grant' }],
    [{ action: 'restart', code: 'sign_in_failed' }, { code: 'sign_in_failed', action: 'restart' }],
  ])('%j → %j', (c, expected) => expect(readContinuation(c, none)).toMatchObject(expected));
  it.each([
    [{ action: 'render', code: 'access_denied' }],
    [{ action: 'pass', code: 'access_denied' }],
    [{ action: 'toString', code: 'access_denied' }],
    [{ action: 'retry', code: 'brand_new' }],
    [{ action: 'retry', code: 'server_error', detail: 'not_a_variant' }],
    [{ action: 'restart', code: 'login_required' }],
    [{ action: 'restart', code: 'sign_in_failed', detail: 'invalid_client' }],
  ])('%j names nothing this library knows', (c) => expect(readContinuation(c, none)).toBeUndefined());
  it("a code the app's options name is known", () => {
    expect(readContinuation({ action: 'retry', code: 'my_code' }, new Set(['my_code']))).toMatchObject({ code: 'my_code', action: 'retry' });
  });
});

describe('continuationLocation', () => {
  it.each([
    ['/cb', 'retry', 'server_error', undefined, '/cb?oeh_continue=retry%3Aserver_error'],
    ['/app/cb', 'restart', 'sign_in_failed', 'invalid_grant', '/app/cb?oeh_continue=restart%3Asign_in_failed%3Ainvalid_grant'],
    ['//evil.example/cb', 'retry', 'server_error', undefined, undefined],
    ['/cb?x', 'retry', 'server_error', undefined, undefined],
  ] as const)('%s %s %s %s → %s', (path, action, code, detail, expected) => expect(continuationLocation(path, action, code, detail)).toBe(expected));
});

describe('readContinuation: only what the continuation says (mutation testing, issue 16)', () => {
  it('no detail: neither a variant nor a restart code, not even as undefined', () => {
    const none = new Set<string>();
    const reprompt = readContinuation({ action: 'reprompt', code: 'login_required' }, none);
    expect(reprompt).toBeDefined();
    expect(Object.keys(reprompt!).sort()).toEqual(['action', 'code', 'entry']);
    const restart = readContinuation({ action: 'restart', code: 'sign_in_failed' }, none);
    expect(Object.keys(restart!).sort()).toEqual(['action', 'code', 'entry']);
  });
});
