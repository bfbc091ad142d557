/**
 * `verify`: state, then iss, before anything in a response is trusted (mutation testing, issue 16). The
 * app's `verifyState` answer is read strictly: only `true` or `{ ok: true }` accept, and nothing else it
 * returns (a reason outside the list, a library name that is not a package name) reaches an event.
 * Verdicts are compared with `toStrictEqual`, so a property present as `undefined` is a difference.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../../../src/core/callback/verify.js';
import { resolveOptions } from '../../../src/core/options/index.js';
import type { OktaErrorHandlerOptions } from '../../../src/core/options/index.js';
import { callbackRequest as request } from '../../support/callback-request.js';

const ISSUER = 'https://example.okta.com/oauth2/default';
const check = (query: string, options: OktaErrorHandlerOptions<null> = {}) => verify(request(query), resolveOptions<null>({ callbackPath: '/cb', ...options }));
const answering = (answer: unknown): OktaErrorHandlerOptions<null> => ({ verifyState: () => answer as boolean });

describe('verify: a malformed response is refused with what was wrong', () => {
  it('names the parameter when there is one', async () => {
    expect(await check('error=access_denied&state=a&state=b')).toStrictEqual({ rejection: { code: 'malformed_callback', reason: 'repeated_parameter', parameter: 'state' } });
  });
  it('has no parameter property when none is to blame', async () => {
    expect(await check(`error=access_denied&${'x=1&'.repeat(300)}`)).toStrictEqual({ rejection: { code: 'malformed_callback', reason: 'too_many_parameters' } });
  });
});

describe('verify: state', () => {
  it('missing (or empty) state is refused when state is required', async () => {
    expect(await check('error=access_denied')).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_missing' } });
    expect(await check('error=access_denied&state=')).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_missing' } });
  });
  it('without verifyState, a present state is accepted as it is', async () => {
    expect(await check('error=access_denied&state=s')).toStrictEqual({ accepted: {} });
  });
  it('a continuation of this library is accepted without state', async () => {
    expect(await check('oeh_continue=retry:server_error', answering(false))).toStrictEqual({ accepted: {} });
  });
  it('verifyState gets the request, the state and the error', async () => {
    const seen: unknown[] = [];
    await check('error=login_required&state=s1', { verifyState: (req, state, ctx) => (seen.push(req, state, ctx), true) });
    expect(seen).toStrictEqual([null, 's1', { error: 'login_required' }]);
  });

  it.each([
    ['true', true],
    ['{ ok: true }', { ok: true }],
    ['{ ok: true, action: "other" }', { ok: true, action: 'other' }],
  ])('%s accepts', async (_name, answer) => {
    expect(await check('error=access_denied&state=s', answering(answer))).toStrictEqual({ accepted: {} });
  });
  it('{ ok: true, action: "pass" } accepts and leaves the response to the app', async () => {
    expect(await check('error=access_denied&state=s', answering({ ok: true, action: 'pass' }))).toStrictEqual({ accepted: { pass: true } });
  });

  it.each([
    ['false', false],
    ['null', null],
    ['undefined', undefined],
    ['1', 1],
    ['"true"', 'true'],
    ['a function', () => true],
    ['a function with ok: true', Object.assign(() => true, { ok: true })],
    ['{}', {}],
    ['{ ok: "true" }', { ok: 'true' }],
    ['{ ok: 1 }', { ok: 1 }],
    ['{ ok: false }', { ok: false }],
    ['[true]', [true]],
  ])('%s refuses, as state_rejected', async (_name, answer) => {
    expect(await check('error=access_denied&state=s', answering(answer))).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_rejected' } });
  });
  it('a refusal without state says state_missing (requireState: false, PKCE only)', async () => {
    expect(await check('error=access_denied', { requireState: false, ...answering(false) })).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_missing' } });
    expect(await check('error=access_denied', { requireState: false, ...answering(true) })).toStrictEqual({ accepted: {} });
  });
  it.each(['transaction_missing', 'state_mismatch'] as const)('the reason %s is kept', async (reason) => {
    expect(await check('error=access_denied&state=s', answering({ ok: false, reason }))).toStrictEqual({ rejection: { code: 'invalid_state', reason } });
  });
  it.each(['verify_state_failed', 'iss_mismatch', 'STATE_MISMATCH', '<b>x</b>', 42])('any other reason (%s) is not', async (reason) => {
    expect(await check('error=access_denied&state=s', answering({ ok: false, reason }))).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_rejected' } });
  });

  it.each(['express-openid-connect', '@okta/oidc-middleware', 'passport-openidconnect', 'openid-client', 'a', 'x'.repeat(64)])('a package name as library (%s) is kept, on acceptance and refusal', async (library) => {
    expect(await check('error=access_denied&state=s', answering({ ok: true, library }))).toStrictEqual({ accepted: { library } });
    expect(await check('error=access_denied&state=s', answering({ ok: true, action: 'pass', library }))).toStrictEqual({ accepted: { library, pass: true } });
    expect(await check('error=access_denied&state=s', answering({ ok: false, reason: 'state_mismatch', library }))).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_mismatch', library } });
  });
  it.each([
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['upper case', 'Express'],
    ['markup', '<script>alert(1)</script>'],
    ['text before a name', 'evil openid-client'],
    ['text after a name', 'openid-client evil'],
    ['a newline after a name', 'openid-client\nforged: line'],
    ['a number', 42],
    ['an object', { toString: () => 'openid-client' }],
  ])('anything else as library (%s) is dropped', async (_name, library) => {
    expect(await check('error=access_denied&state=s', answering({ ok: true, library }))).toStrictEqual({ accepted: {} });
    expect(await check('error=access_denied&state=s', answering({ ok: false, library }))).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_rejected' } });
  });

  it('a verifyState that throws: verify_state_failed, with what it threw', async () => {
    const verdict = await check('error=access_denied&state=s', { verifyState: () => { throw new Error('session store down'); } });
    expect(verdict).toMatchObject({ rejection: { code: 'invalid_state', reason: 'verify_state_failed', hookError: expect.stringContaining('session store down') } });
  });
  it('a verifyState that never settles: verify_state_timeout, with the limit', async () => {
    const verdict = await check('error=access_denied&state=s', { verifyState: () => new Promise<boolean>(() => {}), verifyStateTimeoutMs: 20 });
    expect(verdict).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'verify_state_timeout', hookError: 'verifyState did not settle within 20 ms' } });
  });
});

describe('verify: iss (RFC 9207)', () => {
  it('without an issuer option, any iss (or none) is accepted', async () => {
    expect(await check(`error=access_denied&state=s&iss=${encodeURIComponent('https://evil.example')}`)).toStrictEqual({ accepted: {} });
    expect(await check('error=access_denied&state=s')).toStrictEqual({ accepted: {} });
  });
  it('the configured issuer is accepted', async () => {
    expect(await check(`error=access_denied&state=s&iss=${encodeURIComponent(ISSUER)}`, { issuer: ISSUER })).toStrictEqual({ accepted: {} });
  });
  it('another issuer is refused', async () => {
    expect(await check(`error=access_denied&state=s&iss=${encodeURIComponent(`${ISSUER}/`)}`, { issuer: ISSUER })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_mismatch' } });
  });
  it('a missing iss is accepted unless requireIss', async () => {
    expect(await check('error=access_denied&state=s', { issuer: ISSUER })).toStrictEqual({ accepted: {} });
    expect(await check('error=access_denied&state=s', { issuer: ISSUER, requireIss: false })).toStrictEqual({ accepted: {} });
    expect(await check('error=access_denied&state=s', { issuer: ISSUER, requireIss: true })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_missing' } });
  });
  it('state is checked before iss', async () => {
    expect(await check('error=access_denied&state=s&iss=x', { issuer: ISSUER, ...answering(false) })).toStrictEqual({ rejection: { code: 'invalid_state', reason: 'state_rejected' } });
  });
  it('an iss refusal names the library that verified state, and only a named one', async () => {
    const library = 'express-openid-connect';
    expect(await check('error=access_denied&state=s&iss=x', { issuer: ISSUER, ...answering({ ok: true, library }) })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_mismatch', library } });
    expect(await check('error=access_denied&state=s', { issuer: ISSUER, requireIss: true, ...answering({ ok: true, library }) })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_missing', library } });
    expect(await check('error=access_denied&state=s&iss=x', { issuer: ISSUER, ...answering({ ok: true }) })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_mismatch' } });
    expect(await check('error=access_denied&state=s', { issuer: ISSUER, requireIss: true, ...answering(true) })).toStrictEqual({ rejection: { code: 'issuer_mismatch', reason: 'iss_missing' } });
  });
});
