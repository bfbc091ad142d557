/**
 * `recogniseLibraryFailure`: the errors the sign-in libraries really produce (driven against the
 * in-process provider, see test/support/library-errors.ts), the cause chain, look-alikes, hostile values.
 */
import { describe, expect, it } from 'vitest';
import { recogniseLibraryFailure } from '../../../src/core/callback/library-failure.js';
import { produceLibraryFailures, type RealFailure } from '../../support/library-errors.js';
import { openidClient5, requireLibrary } from '../../support/sign-in-libraries.js';

const real = await produceLibraryFailures();
const named = (library: string, label: string): RealFailure => {
  const found = real.find((f) => f.library === library && f.label === label);
  if (!found) throw new Error(`no real failure ${library}: ${label}`);
  return found;
};
/** What the text of a recognised failure is: the library's message (then its cause's, which is where openid-client names the parameter), cut to 300 characters. */
const cut = (message: string) => (message.length <= 300 ? message : `${message.slice(0, 299)}…`);
const textOf = (err: Error) => cut(err.cause instanceof Error && err.cause.message ? `${err.message}: ${err.cause.message}` : err.message);

// The error classes, from the libraries themselves.
const eocCreateError = requireLibrary(requireLibrary.resolve('http-errors', { paths: [requireLibrary.resolve('express-openid-connect')] }));
const { OPError, RPError } = openidClient5().errors;
const TokenError = requireLibrary('passport-openidconnect/lib/errors/tokenerror.js');

describe('the libraries\' real failures', () => {
  it('were all produced, each the way it surfaces in the library', () => {
    expect(real.map((f) => [f.library, f.label, f.via])).toEqual([
      ['express-openid-connect', 'no transaction cookie', 'next'],
      ['express-openid-connect', 'another state', 'next'],
      ['express-openid-connect', 'no state (the cause, dropped, said "state" missing)', 'next'],
      ['express-openid-connect', 'no iss (the cause, dropped, said "iss" missing)', 'next'],
      ['express-openid-connect', 'a code the token endpoint refuses', 'next'],
      ['express-openid-connect', 'no transaction cookie, transactionCookie.name "my_tx"', 'next'],
      ['@okta/oidc-middleware', 'no session entry', 'error'],
      ['@okta/oidc-middleware', 'an empty session entry', 'error'],
      ['@okta/oidc-middleware', 'another state', 'fail'],
      ['@okta/oidc-middleware', 'a code the token endpoint refuses', 'error'],
      ['@okta/oidc-middleware', 'no state in the response', 'fail'],
      ['passport-openidconnect', 'a code the token endpoint refuses', 'error'],
      ['passport-openidconnect', 'no session entry (fail() with an info object)', 'fail'],
      ['openid-client', 'a state expected, none in the response', 'rejected'],
      ['openid-client', 'a state in the response, none expected (session lost)', 'rejected'],
      ['openid-client', 'another state', 'rejected'],
      ['openid-client', 'a code the token endpoint refuses', 'rejected'],
      ['openid-client', 'another issuer', 'rejected'],
    ]);
  });

  it.each(real.map((f) => [`${f.library}: ${f.label}`, f] as const))('%s', (_name, f) => {
    const got = recogniseLibraryFailure(f.value);
    if (f.expected === undefined) expect(got).toBeUndefined();
    else expect(got).toEqual({ library: f.library, failure: f.expected, text: textOf(f.value as Error) });
  });

  it("express-openid-connect's: BadRequestError 400 from its own http-errors, with the OAuth error or unknown_error", () => {
    const missing = named('express-openid-connect', 'no transaction cookie').value as Record<string, unknown>;
    expect(missing).toBeInstanceOf(eocCreateError.BadRequest);
    expect(missing).toMatchObject({ name: 'BadRequestError', status: 400, statusCode: 400, error: 'unknown_error' });
    expect(missing.message).toMatch(/^"auth_verification" cookie not found\. /);
    expect(named('express-openid-connect', 'another state').value).toMatchObject({ name: 'BadRequestError', status: 400, error: 'OAUTH_INVALID_RESPONSE', message: 'invalid response encountered' });
    expect(named('express-openid-connect', 'a code the token endpoint refuses').value).toMatchObject({ name: 'BadRequestError', status: 400, error: 'invalid_grant' });
  });

  it('a long library message is cut to 300 characters, ending with an ellipsis', () => {
    const got = recogniseLibraryFailure(named('express-openid-connect', 'no transaction cookie').value);
    expect(got?.text).toHaveLength(300);
    expect(got?.text?.endsWith('…')).toBe(true);
  });

  it('express-openid-connect with its transactionCookie.name option: the missing-cookie error is recognised', () => {
    expect(recogniseLibraryFailure(named('express-openid-connect', 'no transaction cookie, transactionCookie.name "my_tx"').value)).toMatchObject({ failure: 'transaction_missing' });
  });

  it("express-openid-connect's catch block (lib/context.js) rebuilt with its http-errors from a real openid-client 6 error", () => {
    const rebuild = (error: Record<string, string>) => eocCreateError(400, error.message, { error: error.error || error.code || 'unknown_error', error_description: error.error_description || error.message || 'An error occurred' });
    expect(recogniseLibraryFailure(rebuild(named('openid-client', 'another state').value as never))).toEqual({ library: 'express-openid-connect', failure: 'state_mismatch', text: 'invalid response encountered' });
    expect(recogniseLibraryFailure(rebuild(named('openid-client', 'a code the token endpoint refuses').value as never))).toEqual({ library: 'express-openid-connect', failure: 'code_rejected', text: 'server responded with an error in the response body' });
    expect(recogniseLibraryFailure(rebuild(new Error('"_auth_verification" cookie not found.') as never))).toEqual({ library: 'express-openid-connect', failure: 'transaction_missing', text: '"_auth_verification" cookie not found.' });
  });
});

describe('the cause chain', () => {
  const inner = named('openid-client', 'another state').value as Error;
  const wrap = (err: unknown, times: number): unknown => (times === 0 ? err : wrap(new Error(`wrapped ${times}`, { cause: err }), times - 1));

  it('wrapped up to 5 levels deep: recognised, with the wrapped error\'s own text', () => {
    for (let depth = 1; depth <= 5; depth++) {
      expect(recogniseLibraryFailure(wrap(inner, depth)), `depth ${depth}`).toEqual({ library: 'openid-client', failure: 'state_mismatch', text: 'invalid response encountered: unexpected "state" response parameter value' });
    }
  });

  it('6 levels deep: no longer looked at', () => {
    expect(recogniseLibraryFailure(wrap(inner, 6))).toBeUndefined();
    expect(recogniseLibraryFailure(wrap(named('@okta/oidc-middleware', 'no session entry').value, 6))).toBeUndefined();
  });

  it('an outer error that matches a row wins over its cause', () => {
    const outer = new OPError({ error: 'invalid_grant' });
    outer.cause = inner;
    expect(recogniseLibraryFailure(outer)).toEqual({ library: '@okta/oidc-middleware', failure: 'code_rejected', text: 'invalid_grant: invalid response encountered' });
  });

  it('cycles end, matched or not', () => {
    const self = new Error('self') as Error & { cause?: unknown };
    self.cause = self;
    expect(recogniseLibraryFailure(self)).toBeUndefined();
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(recogniseLibraryFailure(a)).toBeUndefined();
    const found = new RPError('state mismatch, expected a, got: b') as Error & { cause?: unknown };
    const around = new Error('around', { cause: found });
    found.cause = around;
    expect(recogniseLibraryFailure(around)).toEqual({ library: '@okta/oidc-middleware', failure: 'state_mismatch', text: 'state mismatch, expected a, got: b: around' });
  });

  it('a cause getter that makes a new object each time: bounded', () => {
    let made = 0;
    const endless = (): object => ({
      get cause() {
        made++;
        return endless();
      },
    });
    expect(recogniseLibraryFailure(endless())).toBeUndefined();
    expect(made).toBe(6);
  });

  it('an AggregateError\'s errors are not its cause', () => {
    expect(recogniseLibraryFailure(new AggregateError([inner], 'many'))).toBeUndefined();
  });
});

describe('look-alikes are not recognised', () => {
  const missing = named('express-openid-connect', 'no transaction cookie').value as Error & Record<string, unknown>;

  it.each([
    ['the cookie message on another name', { name: 'TypeError', status: 400, error: 'unknown_error', message: missing.message }],
    ['the cookie message with status 500', { name: 'BadRequestError', status: 500, error: 'unknown_error', message: missing.message }],
    ['the cookie message with status "400" (a string)', { name: 'BadRequestError', status: '400', error: 'unknown_error', message: missing.message }],
    ['the cookie message with another error', { name: 'BadRequestError', status: 400, error: 'invalid_request', message: missing.message }],
    ['the cookie message, not at the start', { name: 'BadRequestError', status: 400, error: 'unknown_error', message: `x ${missing.message}` }],
    ['another sentence about a cookie', { name: 'BadRequestError', status: 400, error: 'unknown_error', message: 'the "auth_verification" cookie was not found' }],
    ['OAUTH_INVALID_RESPONSE with status 401', { name: 'BadRequestError', status: 401, error: 'OAUTH_INVALID_RESPONSE' }],
    ['invalid_grant on an UnauthorizedError', { name: 'UnauthorizedError', status: 401, error: 'invalid_grant' }],
    ["openid-client 5's session message on a TypeError", { name: 'TypeError', message: 'did not find expected authorization request details in session, req.session["oidc:x"] is undefined' }],
    ["openid-client 5's session message, not at the start", { name: 'Error', message: 'Error: did not find expected authorization request details in session, req.session["oidc:x"]' }],
    ['state mismatch on an OPError', { name: 'OPError', message: 'state mismatch, expected a, got: b' }],
    ['an RPError of another kind', { name: 'RPError', message: 'nonce mismatch, expected a, got: b' }],
    ['an OPError of another code', { name: 'OPError', error: 'invalid_request' }],
    ['a TokenError of another code', { name: 'TokenError', code: 'invalid_request' }],
    ['invalid_grant as a TokenError error field', { name: 'TokenError', error: 'invalid_grant' }],
    ['OAUTH_INVALID_RESPONSE with a cause about iss', { code: 'OAUTH_INVALID_RESPONSE', cause: { message: 'unexpected "iss" (issuer) response parameter value' } }],
    ['OAUTH_INVALID_RESPONSE with a cause that is a string', { code: 'OAUTH_INVALID_RESPONSE', cause: 'response parameter "state" missing' }],
    ['OAUTH_INVALID_RESPONSE with a cause message that is not a string', { code: 'OAUTH_INVALID_RESPONSE', cause: { message: ['response parameter "state" missing'] } }],
    ['OAUTH_INVALID_RESPONSE with no cause', { code: 'OAUTH_INVALID_RESPONSE', message: 'response parameter "state" missing' }],
    ['the state cause on another code', { code: 'OAUTH_RESPONSE_BODY_ERROR', cause: { message: 'unexpected "state" response parameter value' } }],
    ['a response body error of another code', { code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_client' }],
    ['a message that is not a string', { name: 'Error', message: { toString: (): string => 'did not find expected authorization request details in session, req.session[' } }],
  ])('%s', (_what, value) => expect(recogniseLibraryFailure(value)).toBeUndefined());

  it('http-errors of other statuses, made as the library makes its own', () => {
    expect(recogniseLibraryFailure(eocCreateError(500, missing.message, { error: 'unknown_error' }))).toBeUndefined();
    expect(recogniseLibraryFailure(eocCreateError(401, 'x', { error: 'invalid_grant' }))).toBeUndefined();
    expect(recogniseLibraryFailure(eocCreateError(400, 'x', { error: 'invalid_grant' }))).toEqual({ library: 'express-openid-connect', failure: 'code_rejected', text: 'x' });
    expect(recogniseLibraryFailure(eocCreateError(400, 'x', { error: 'invalid_request' }))).toBeUndefined();
  });

  it("the real error with its status changed to 500: not the library's", () => {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(missing) as object) as object, missing, { status: 500, statusCode: 500 });
    expect(recogniseLibraryFailure(copy)).toBeUndefined();
  });

  it('statusCode stands for status when status is absent', () => {
    expect(recogniseLibraryFailure({ name: 'BadRequestError', statusCode: 400, error: 'invalid_grant', message: 'm' })).toEqual({ library: 'express-openid-connect', failure: 'code_rejected', text: 'm' });
    expect(recogniseLibraryFailure({ name: 'BadRequestError', status: 500, statusCode: 400, error: 'invalid_grant' })).toBeUndefined();
  });

  it('the real errors, thrown as strings or JSON: not errors', () => {
    for (const f of real) {
      expect(recogniseLibraryFailure(String(f.value))).toBeUndefined();
      expect(recogniseLibraryFailure(JSON.stringify(f.value) ?? 'x')).toBeUndefined();
      expect(recogniseLibraryFailure(new String(JSON.stringify({ ...(f.value as object) })))).toBeUndefined();
    }
  });

  it('duck typed by design: a plain object with every field of a row is recognised (no library is imported)', () => {
    expect(recogniseLibraryFailure({ name: 'OPError', error: 'invalid_grant' })).toEqual({ library: '@okta/oidc-middleware', failure: 'code_rejected' });
    const bare = Object.assign(Object.create(null) as object, { name: 'TokenError', code: 'invalid_grant', message: 'm' });
    expect(recogniseLibraryFailure(bare)).toEqual({ library: 'passport-openidconnect', failure: 'code_rejected', text: 'm' });
  });

  it('fields a row does not name are not looked at; a null cause is no cause', () => {
    const rpState = { name: 'RPError', message: 'state mismatch, expected a, got: b' };
    for (const extra of [{ code: 'ERR_OTHER' }, { error: 'other' }, { status: 500 }, { cause: null }]) {
      expect(recogniseLibraryFailure({ ...rpState, ...extra }), JSON.stringify(extra)).toEqual({ library: '@okta/oidc-middleware', failure: 'state_mismatch', text: rpState.message });
    }
    const session = Object.assign(new Error('did not find expected authorization request details in session, req.session["oidc:x"] is undefined'), { code: 'ERR_X', error: 'e' });
    expect(recogniseLibraryFailure(session)).toMatchObject({ library: '@okta/oidc-middleware', failure: 'transaction_missing' });
  });

  it("the libraries' own classes, made directly", () => {
    expect(recogniseLibraryFailure(new TokenError('expired code', 'invalid_grant'))).toEqual({ library: 'passport-openidconnect', failure: 'code_rejected', text: 'expired code' });
    expect(recogniseLibraryFailure(new TokenError('bad', 'invalid_request'))).toBeUndefined();
    expect(recogniseLibraryFailure(new OPError({ error: 'invalid_grant', error_description: 'PKCE verification failed' }))).toEqual({ library: '@okta/oidc-middleware', failure: 'code_rejected', text: 'invalid_grant (PKCE verification failed)' });
    expect(recogniseLibraryFailure(new OPError({ error: 'server_error' }))).toBeUndefined();
    expect(recogniseLibraryFailure(new RPError({ printf: ['state mismatch, expected %s, got: %s', 'a', 'b'] }))).toEqual({ library: '@okta/oidc-middleware', failure: 'state_mismatch', text: 'state mismatch, expected a, got: b' });
    expect(recogniseLibraryFailure(new RPError({ message: 'state missing from the response' }))).toBeUndefined();
  });
});

describe('hostile values never throw', () => {
  const throwing = (field: string) =>
    Object.defineProperty({ name: 'OPError', error: 'invalid_grant', message: 'm', code: 'c', status: 400, cause: undefined }, field, {
      get() {
        throw new Error('boom');
      },
    });

  it.each([['name'], ['error'], ['message'], ['code'], ['status'], ['cause']])('a getter that throws on %s', (field) => {
    expect(() => recogniseLibraryFailure(throwing(field))).not.toThrow();
    // name, error and message are read to match or to keep the text: a throw there is no failure named.
    if (['name', 'error', 'message'].includes(field)) expect(recogniseLibraryFailure(throwing(field))).toBeUndefined();
  });

  it('Proxies: throwing on every trap, revoked', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    expect(recogniseLibraryFailure(hostile)).toBeUndefined();
    const { proxy, revoke } = Proxy.revocable({ name: 'OPError', error: 'invalid_grant' }, {});
    revoke();
    expect(recogniseLibraryFailure(proxy)).toBeUndefined();
    expect(recogniseLibraryFailure(new Error('w', { cause: proxy }))).toBeUndefined();
  });

  it('a Proxy that answers every field: recognised like the object it imitates', () => {
    const imitation = new Proxy({}, { get: (_t, key) => ({ name: 'RPError', message: 'state mismatch, expected a, got: b' })[key as 'name'] });
    expect(recogniseLibraryFailure(imitation)).toEqual({ library: '@okta/oidc-middleware', failure: 'state_mismatch', text: 'state mismatch, expected a, got: b' });
  });

  it('values that are not objects', () => {
    for (const value of [undefined, null, 0, 1n, '', 'invalid_grant', Symbol('x'), true, () => undefined, Object.assign(() => undefined, { error: 'invalid_grant' })]) {
      expect(recogniseLibraryFailure(value)).toBeUndefined();
    }
  });

  it("the library's text: control characters and whitespace runs cleaned, secrets redacted, at most 300 characters", () => {
    const got = recogniseLibraryFailure(new OPError({ error: 'invalid_grant', error_description: 'bad\u0000\u001b[31m code\r\n\t\tcode_verifier=abc123verifiervalue' }));
    expect(got?.failure).toBe('code_rejected');
    expect(got?.text).not.toMatch(/[\u0000-\u001f]/);
    expect(got?.text).not.toContain('abc123verifiervalue');
    expect(got?.text).toContain('[REDACTED]');
    const huge = recogniseLibraryFailure(new OPError({ error: 'invalid_grant', error_description: 'x '.repeat(100_000) }));
    expect(huge?.text?.length).toBeLessThanOrEqual(300);
  });

  it('an empty message: no text', () => {
    expect(recogniseLibraryFailure({ name: 'OPError', error: 'invalid_grant', message: '' })).toEqual({ library: '@okta/oidc-middleware', failure: 'code_rejected' });
    expect(recogniseLibraryFailure({ name: 'OPError', error: 'invalid_grant', message: ' \u0000 ' })).toEqual({ library: '@okta/oidc-middleware', failure: 'code_rejected' });
  });
});
