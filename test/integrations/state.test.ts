/**
 * `stateFrom`, against what the sign-in libraries really write: express-openid-connect's transaction cookie
 * (its own signing code, and its login routes against the in-process provider), @okta/oidc-middleware's
 * session entry (its login route), passport-openidconnect's SessionStore.
 */
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/core/index.js';
import { stateFrom, type StateVerifier } from '../../src/integrations/state.js';
import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import type { ListeningServer } from '../fixtures/relying-party/http.js';
import { cookieHeader, cookiesFrom, requireLibrary, serve } from '../support/sign-in-libraries.js';

const TransientCookieHandler = requireLibrary('express-openid-connect/lib/transientHandler.js');
const { encodeState } = requireLibrary('express-openid-connect/lib/hooks/getLoginState.js');
const eocCrypto = requireLibrary('express-openid-connect/lib/crypto.js');
const { auth, attemptSilentLogin } = requireLibrary('express-openid-connect');
const { ExpressOIDC } = requireLibrary('@okta/oidc-middleware');
const PassportOpenidconnect = requireLibrary('passport-openidconnect');
const PassportSessionStore = requireLibrary('passport-openidconnect/lib/state/session.js');

const EOC = 'express-openid-connect';
const SECRET = 'a-long-random-secret-for-the-transaction-cookie';
const OLD_SECRET = 'the-secret-before-rotation-of-the-cookie-keys';

/** What express-openid-connect's login() stores (lib/context.js): nonce, state (base64url JSON), code_verifier. */
function transaction(stateValue: object = { returnTo: '/' }) {
  const transient = new TransientCookieHandler({ secret: SECRET, session: { cookie: {} }, legacySameSiteCookie: true });
  const state: string = encodeState(stateValue);
  return { state, value: JSON.stringify({ nonce: transient.generateNonce(), state, code_verifier: transient.generateCodeVerifier() }) };
}

// The library's TransientCookieHandler.store(), behind Express's res.cookie(): the Set-Cookie a browser gets.
let pending: { secret: unknown; name: string; sameSite: string; value: string } | undefined;
let store: ListeningServer;

/** The cookies (raw, percent-encoded as Express sends them) the library sets for `value`. */
async function issue(value: string, { secret = SECRET as unknown, name = 'auth_verification', sameSite = 'Lax' } = {}): Promise<Map<string, string>> {
  pending = { secret, name, sameSite, value };
  const res = await fetch(`${store.origin}/store`);
  expect(res.status).toBe(204);
  return cookiesFrom(res.headers.getSetCookie());
}

/** The library's own verdict on a cookie (its verifyCookie), for comparison. */
async function libraryAccepts(name: string, raw: string | undefined, secrets: unknown): Promise<boolean> {
  const [, keystore] = eocCrypto.getKeyStore(secrets);
  const value = raw === undefined ? undefined : decodeURIComponent(raw);
  return (await eocCrypto.verifyCookie(name, value, keystore)) !== undefined;
}

/**
 * `stateFrom(...)`, made again inside each test that calls it: mutation testing measures coverage per test,
 * and a verifier made once in a describe block would leave stateFrom's set-up covered by no test.
 */
const made = ((...args: unknown[]) => (r: unknown, state: string | undefined, info?: { readonly error: string }) => (stateFrom as (...a: unknown[]) => StateVerifier)(...args)(r, state, info)) as typeof stateFrom;

const req = (cookie: string | string[] | undefined) => ({ headers: cookie === undefined ? {} : { cookie } });

beforeAll(async () => {
  const app = express();
  app.get('/store', async (request, res, next) => {
    try {
      const { secret, name, sameSite, value } = pending!;
      await new TransientCookieHandler({ secret, session: { cookie: {} }, legacySameSiteCookie: true }).store(name, request, res, { sameSite, value });
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });
  store = await serve(app);
});
afterAll(() => store?.close());

describe("stateFrom('express-openid-connect'): the library's own transaction cookies", () => {
  const verify = made(EOC, { secret: SECRET });

  it('the cookie as Express sends it (percent-encoded) and the state it was made for: accepted', async () => {
    const t = transaction();
    const jar = await issue(t.value);
    expect([...jar.keys()]).toEqual(['auth_verification']);
    expect(jar.get('auth_verification')).toMatch(/^%7B%22nonce%22%3A/); // really percent-encoded
    expect(await libraryAccepts('auth_verification', jar.get('auth_verification'), SECRET)).toBe(true);
    expect(verify(req(cookieHeader(jar)), t.state)).toEqual({ ok: true, library: EOC });
    expect(verify(req(cookieHeader(jar)), t.state, { error: 'access_denied' })).toEqual({ ok: true, library: EOC });
  });

  it('the same cookie, decoded (a value a proxy or a test client sends unencoded): accepted', async () => {
    const t = transaction();
    const raw = (await issue(t.value)).get('auth_verification')!;
    expect(verify(req(`auth_verification=${decodeURIComponent(raw)}`), t.state)).toEqual({ ok: true, library: EOC });
  });

  it('another state (another sign-in, another tab): state_mismatch', async () => {
    const t = transaction({ returnTo: '/' });
    const other = transaction({ returnTo: '/other' });
    const header = cookieHeader(await issue(t.value));
    expect(verify(req(header), other.state)).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
    expect(verify(req(header), undefined)).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
    expect(verify(req(header), '')).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
    expect(verify(req(header), `${t.state}x`)).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
    expect(verify(req(header), t.state.slice(0, -1))).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
  });

  it('no cookie at all, or only unrelated ones: transaction_missing', () => {
    const t = transaction();
    expect(verify(req(undefined), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    expect(verify({}, t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    expect(verify(req('appSession=abc; other=1'), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    expect(verify(req('xauth_verification=1; auth_verificationx=2'), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
  });

  it('SameSite=None (form_post): the _auth_verification fallback alone is enough, signed under its own name', async () => {
    const t = transaction();
    const jar = await issue(t.value, { sameSite: 'None' });
    expect([...jar.keys()]).toEqual(['auth_verification', '_auth_verification']);
    const fallback = jar.get('_auth_verification')!;
    expect(await libraryAccepts('_auth_verification', fallback, SECRET)).toBe(true);
    expect(verify(req(`_auth_verification=${fallback}`), t.state)).toEqual({ ok: true, library: EOC });
    // Its signature covers the name: under the other name it is not the library's.
    expect(await libraryAccepts('auth_verification', fallback, SECRET)).toBe(false);
    expect(verify(req(`auth_verification=${fallback}`), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    // A primary with a bad signature does not hide a good fallback (the library reads it too).
    expect(verify(req(`auth_verification=${fallback}; _auth_verification=${fallback}`), t.state)).toEqual({ ok: true, library: EOC });
    // Both present and good.
    expect(verify(req(cookieHeader(jar)), t.state)).toEqual({ ok: true, library: EOC });
  });

  it('the Cookie header as an array (HTTP/2 sends several): read too', async () => {
    const t = transaction();
    const jar = await issue(t.value);
    expect(verify(req(['a=1', cookieHeader(jar)]), t.state)).toEqual({ ok: true, library: EOC });
  });

  describe('secret', () => {
    it('a string, a Buffer, or an array with the signing secret anywhere in it: accepted', async () => {
      const t = transaction();
      const header = cookieHeader(await issue(t.value));
      for (const secret of [SECRET, Buffer.from(SECRET), [SECRET], ['another-secret-that-is-long-enough', SECRET], [Buffer.from('x'.repeat(32)), Buffer.from(SECRET)]]) {
        expect(stateFrom(EOC, { secret })(req(header), t.state)).toEqual({ ok: true, library: EOC });
      }
    });

    it('rotation: a cookie signed before it (old secret) and one after it (new secret, the first) both pass [new, old]', async () => {
      const t = transaction();
      const before = cookieHeader(await issue(t.value, { secret: OLD_SECRET }));
      const after = cookieHeader(await issue(t.value, { secret: [SECRET, OLD_SECRET] }));
      const rotated = stateFrom(EOC, { secret: [SECRET, OLD_SECRET] });
      expect(rotated(req(before), t.state)).toEqual({ ok: true, library: EOC });
      expect(rotated(req(after), t.state)).toEqual({ ok: true, library: EOC });
      // The library signs with the first secret only: after rotation, the old secret alone refuses.
      expect(stateFrom(EOC, { secret: OLD_SECRET })(req(after), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
      expect(stateFrom(EOC, { secret: SECRET })(req(before), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    });

    it('a wrong secret, a tampered JSON or signature: no valid transaction (transaction_missing), as the library says', async () => {
      const t = transaction();
      const raw = (await issue(t.value)).get('auth_verification')!;
      const decoded = decodeURIComponent(raw);
      const dot = decoded.indexOf('.');
      const [json, signature] = [decoded.slice(0, dot), decoded.slice(dot + 1)];
      const forgedState = transaction({ returnTo: '/evil' }).state;
      // The top bit of a base64url character: the last character of a 32-byte HMAC also carries two unused
      // bits, so changing only those (B → A) would leave the same signature, which the library accepts too.
      const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const flip = (s: string, i: number) => s.slice(0, i) + B64URL[B64URL.indexOf(s[i]!) ^ 32]! + s.slice(i + 1);
      const cases: [string, string][] = [
        ['wrong secret', raw],
        ['state swapped', `${json.replace(t.state, forgedState)}.${signature}`],
        ['one JSON byte changed', `${json.replace('"nonce":"', '"nonce":"x')}.${signature}`],
        ['signature flipped (first char)', `${json}.${flip(signature, 0)}`],
        ['signature flipped (last char)', `${json}.${flip(signature, signature.length - 1)}`],
        ['signature truncated', `${json}.${signature.slice(0, -1)}`],
        ['signature extended', `${json}.${signature}A`],
        ['signature removed', json],
        ['empty signature', `${json}.`],
        ['signature of another cookie name', `${json}.${eocCrypto.signCookieSync('_auth_verification', json, eocCrypto.signing(SECRET)).split('.')[1]}`],
      ];
      for (const [what, value] of cases) {
        const secret = what === 'wrong secret' ? 'not-the-secret-that-signed-the-cookie' : SECRET;
        const state = what === 'state swapped' ? forgedState : t.state;
        expect(await libraryAccepts('auth_verification', value, secret), what).toBe(false);
        expect(stateFrom(EOC, { secret })(req(`auth_verification=${value}`), state), what).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
      }
    });

    it('agrees with the library on its own sync and async signatures (signCookieSync, signCookie)', async () => {
      const t = transaction();
      const key = eocCrypto.signing(SECRET);
      const sync: string = eocCrypto.signCookieSync('auth_verification', t.value, key);
      const async_: string = await eocCrypto.signCookie('auth_verification', t.value, key);
      expect(sync).toBe(async_);
      expect(verify(req(`auth_verification=${encodeURIComponent(sync)}`), t.state)).toEqual({ ok: true, library: EOC });
    });

    it('without secret: the cookie is read unsigned (signed or not), tampering not detected', async () => {
      const t = transaction();
      const unsigned = made(EOC);
      const raw = (await issue(t.value)).get('auth_verification')!;
      expect(unsigned(req(`auth_verification=${raw}`), t.state)).toEqual({ ok: true, library: EOC });
      expect(unsigned(req(`auth_verification=${encodeURIComponent(t.value)}`), t.state)).toEqual({ ok: true, library: EOC });
      expect(unsigned(req(`auth_verification=${encodeURIComponent(t.value)}.forged`), t.state)).toEqual({ ok: true, library: EOC });
      expect(stateFrom(EOC, {})(req(`auth_verification=${encodeURIComponent(t.value)}`), t.state)).toEqual({ ok: true, library: EOC });
      // …and with a secret, an unsigned one is refused.
      expect(verify(req(`auth_verification=${encodeURIComponent(t.value)}`), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    });
  });

  it('cookieName: the library\'s transactionCookie.name, and its "_" fallback', async () => {
    const t = transaction();
    const jar = await issue(t.value, { name: 'my_tx', sameSite: 'None' });
    expect([...jar.keys()]).toEqual(['my_tx', '_my_tx']);
    const named = stateFrom(EOC, { secret: SECRET, cookieName: 'my_tx' });
    expect(named(req(cookieHeader(jar)), t.state)).toEqual({ ok: true, library: EOC });
    expect(named(req(`_my_tx=${jar.get('_my_tx')}`), t.state)).toEqual({ ok: true, library: EOC });
    expect(verify(req(cookieHeader(jar)), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    // The default name under the custom option: not read.
    const usual = cookieHeader(await issue(t.value));
    expect(named(req(usual), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
  });

  describe("its silent sign-in (attemptSilentLogin): login_required is the library's to answer", () => {
    it("a state with attemptingSilentLogin: true and login_required: { ok: true, action: 'pass' }", async () => {
      const t = transaction({ returnTo: '/', attemptingSilentLogin: true });
      const header = cookieHeader(await issue(t.value));
      expect(verify(req(header), t.state, { error: 'login_required' })).toEqual({ ok: true, action: 'pass', library: EOC });
    });

    it('other errors of a silent sign-in are not passed', async () => {
      const t = transaction({ returnTo: '/', attemptingSilentLogin: true });
      const header = cookieHeader(await issue(t.value));
      for (const error of ['consent_required', 'interaction_required', 'access_denied', 'server_error', 'LOGIN_REQUIRED', 'login_required ']) {
        expect(verify(req(header), t.state, { error }), error).toEqual({ ok: true, library: EOC });
      }
      expect(verify(req(header), t.state)).toEqual({ ok: true, library: EOC });
    });

    it('login_required for a normal sign-in, or attemptingSilentLogin other than true: not passed', async () => {
      for (const stateValue of [{ returnTo: '/' }, { returnTo: '/', attemptingSilentLogin: 'true' }, { returnTo: '/', attemptingSilentLogin: 1 }, { returnTo: '/', attemptingSilentLogin: false }]) {
        const t = transaction(stateValue);
        const header = cookieHeader(await issue(t.value));
        expect(verify(req(header), t.state, { error: 'login_required' }), JSON.stringify(stateValue)).toEqual({ ok: true, library: EOC });
      }
    });

    it('a silent state the cookie was not made for: still state_mismatch, never pass', async () => {
      const t = transaction({ returnTo: '/' });
      const silent = transaction({ returnTo: '/', attemptingSilentLogin: true });
      const header = cookieHeader(await issue(t.value));
      expect(verify(req(header), silent.state, { error: 'login_required' })).toEqual({ ok: false, reason: 'state_mismatch', library: EOC });
      expect(verify(req(undefined), silent.state, { error: 'login_required' })).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    });
  });

  describe('hostile cookies never throw', () => {
    const unsigned = stateFrom(EOC);
    const json = (v: unknown) => `auth_verification=${encodeURIComponent(JSON.stringify(v))}`;
    const cases: [string, unknown][] = [
      ['junk', 'auth_verification=%%%; ;;;=;=x; auth_verification'],
      ['a bad percent-encoding', 'auth_verification=%E0%A4%A'],
      ['non-JSON', 'auth_verification=not-json.sig'],
      ['a JSON array', json(['state', 'abc'])],
      ['a JSON string', json('abc')],
      ['JSON null', json(null)],
      ['a number state', json({ state: 1 })],
      ['an object state', json({ state: { toString: 'abc' } })],
      ['an array state', json({ state: ['abc'] })],
      ['a __proto__ state', `auth_verification=${encodeURIComponent('{"__proto__":{"state":"abc"}}')}`],
      ['a huge cookie', `auth_verification=${'a'.repeat(200_000)}.${'b'.repeat(200_000)}`],
      ['10 000 cookies', Array.from({ length: 10_000 }, (_, i) => `c${i}=${i}`).join('; ')],
      ['only dots', 'auth_verification=....'],
      ['a header that is not a string', 42],
      ['a header array of non-strings', [1, {}, null]],
    ];
    it.each(cases)('%s: transaction_missing, with or without a secret', (_what, cookie) => {
      for (const v of [unsigned, verify]) {
        expect(v({ headers: { cookie } }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
        expect(v({ headers: { cookie } }, 'abc', { error: 'login_required' })).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
      }
    });

    it('a repeated name: the first is read, as the library (cookie.parse) does', async () => {
      const t = transaction();
      const good = (await issue(t.value)).get('auth_verification')!;
      expect(verify(req(`auth_verification=${good}; auth_verification=junk`), t.state)).toEqual({ ok: true, library: EOC });
      expect(verify(req(`auth_verification=junk; auth_verification=${good}`), t.state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
      const cookieParse = requireLibrary('cookie').parse;
      expect(cookieParse(`auth_verification=junk; auth_verification=${good}`).auth_verification).toBe('junk');
    });

    it('requests that are not objects, sessions and headers of any kind', () => {
      for (const r of [undefined, null, 0, 'auth_verification=x', [], { headers: null }, { headers: 'cookie' }, { headers: [] }]) {
        expect(verify(r, 'abc')).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
      }
    });
  });
});

describe('the libraries driven for real (in-process provider)', () => {
  let op: ProviderHandle;
  let rp: ListeningServer;
  const sessions = new session.MemoryStore();
  const okta = () => stateFrom('@okta/oidc-middleware', { issuer: op.issuer });

  beforeAll(async () => {
    const { listen } = await import('../fixtures/relying-party/http.js');
    rp = await listen(0, '127.0.0.1');
    op = await startProvider({
      clients: [
        { client_id: 'eoc', client_secret: 'eoc-secret-eoc-secret-eoc-secret', redirect_uris: [`${rp.origin}/callback`], grant_types: ['authorization_code'], response_types: ['code'] },
        { client_id: 'okta', client_secret: 'okta-secret-okta-secret-okta-secret', redirect_uris: [`${rp.origin}/authorization-code/callback`], grant_types: ['authorization_code'], response_types: ['code'] },
      ],
    });
    const oidc = new ExpressOIDC({ issuer: op.issuer, client_id: 'okta', client_secret: 'okta-secret-okta-secret-okta-secret', appBaseUrl: rp.origin, testing: { disableHttpsCheck: true } });
    await new Promise<void>((resolve, reject) => oidc.on('ready', () => resolve()).on('error', reject));
    const app = express();
    const eoc = express.Router();
    eoc.use(auth({ issuerBaseURL: op.issuer, baseURL: rp.origin, clientID: 'eoc', clientSecret: 'eoc-secret-eoc-secret-eoc-secret', secret: SECRET, authRequired: false, authorizationParams: { response_type: 'code', scope: 'openid' } }));
    eoc.get('/silent', attemptSilentLogin(), (_req, res) => res.send('not redirected'));
    app.use('/eoc', eoc); // its own routes: /eoc/login, /eoc/silent
    app.use(session({ secret: SECRET, resave: false, saveUninitialized: false, store: sessions }));
    app.use(oidc.router);
    rp.attach(app);
  });
  afterAll(async () => {
    await Promise.all([rp?.close(), op?.close()]);
  });

  async function redirected(path: string) {
    const res = await fetch(`${rp.origin}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(op.issuer);
    return { state: location.searchParams.get('state')!, prompt: location.searchParams.get('prompt'), jar: cookiesFrom(res.headers.getSetCookie()) };
  }

  it("express-openid-connect's login route: its cookie and the state it sent verify, with its secret", async () => {
    const { state, jar } = await redirected('/eoc/login');
    expect(jar.has('auth_verification')).toBe(true);
    const header = cookieHeader([['auth_verification', jar.get('auth_verification')!]]);
    expect(stateFrom(EOC, { secret: SECRET })(req(header), state)).toEqual({ ok: true, library: EOC });
    expect(stateFrom(EOC, { secret: SECRET })(req(header), state, { error: 'login_required' })).toEqual({ ok: true, library: EOC });
    expect(stateFrom(EOC, { secret: 'another-secret-another-secret' })(req(header), state)).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
    const second = await redirected('/eoc/login');
    expect(stateFrom(EOC, { secret: SECRET })(req(header), second.state)).toEqual(second.state === state ? { ok: true, library: EOC } : { ok: false, reason: 'state_mismatch', library: EOC });
  });

  it("express-openid-connect's attemptSilentLogin(): prompt=none, and its login_required passes to it", async () => {
    const { state, prompt, jar } = await redirected('/eoc/silent');
    expect(prompt).toBe('none');
    const header = cookieHeader([['auth_verification', jar.get('auth_verification')!]]);
    const verify = stateFrom(EOC, { secret: SECRET });
    expect(verify(req(header), state, { error: 'login_required' })).toEqual({ ok: true, action: 'pass', library: EOC });
    expect(verify(req(header), state, { error: 'access_denied' })).toEqual({ ok: true, library: EOC });
  });

  it("@okta/oidc-middleware's login route: the session entry it wrote verifies the state it sent", async () => {
    const { state } = await redirected('/login');
    const stored = await new Promise<Record<string, Record<string, unknown>>>((resolve, reject) => sessions.all((err, all) => (err ? reject(err) : resolve(all as never))));
    const entry = Object.values(stored).find((s) => (s[`oidc:${op.issuer}`] as { state?: string } | undefined)?.state === state);
    expect(entry).toBeDefined();
    const verify = okta();
    expect(verify({ session: entry }, state)).toEqual({ ok: true, library: '@okta/oidc-middleware' });
    expect(verify({ session: entry }, `${state}0`)).toEqual({ ok: false, reason: 'state_mismatch', library: '@okta/oidc-middleware' });
    // Koa-like: ctx.session and ctx.headers.
    expect(verify({ session: entry, headers: {}, app: {} }, state)).toEqual({ ok: true, library: '@okta/oidc-middleware' });
  });
});

describe("stateFrom('@okta/oidc-middleware')", () => {
  const ISSUER = 'https://example.okta.com/oauth2/default';
  const L = '@okta/oidc-middleware';
  const verify = made(L, { issuer: ISSUER });
  const at = (entry: unknown, key = `oidc:${ISSUER}`) => ({ session: { [key]: entry } });

  it("reads req.session['oidc:' + issuer].state", () => {
    expect(verify(at({ nonce: 'n', state: 's-123' }), 's-123')).toEqual({ ok: true, library: L });
    expect(verify(at({ nonce: 'n', state: 's-123' }), 's-124')).toEqual({ ok: false, reason: 'state_mismatch', library: L });
    expect(verify(at({ nonce: 'n', state: 's-123' }), undefined)).toEqual({ ok: false, reason: 'state_mismatch', library: L });
    expect(verify(at({ nonce: 'n', state: 's-123' }), 's-12')).toEqual({ ok: false, reason: 'state_mismatch', library: L });
  });

  it('the issuer exactly as given (no trailing-slash or case folding, as the library)', () => {
    expect(verify(at({ state: 's' }, `oidc:${ISSUER}/`), 's')).toEqual({ ok: false, reason: 'transaction_missing', library: L });
    expect(stateFrom(L, { issuer: `${ISSUER}/` })(at({ state: 's' }, `oidc:${ISSUER}/`), 's')).toEqual({ ok: true, library: L });
  });

  it('missing session, entry or state, or an empty / non-string state: transaction_missing', () => {
    const missing = { ok: false, reason: 'transaction_missing', library: L };
    for (const r of [{}, { session: null }, { session: 'x' }, { session: {} }, at(undefined), at(null), at('s'), at({}), at({ state: '' }), at({ state: 1 }), at({ state: ['s'] }), at({ nonce: 'n' }), at({ state: 's' }, `oidc:${ISSUER.toUpperCase()}`), undefined, null, 'x']) {
      expect(verify(r, 's'), JSON.stringify(r)).toEqual(missing);
    }
  });

  it('sessionKey: the library\'s option of the same name', () => {
    const keyed = stateFrom(L, { sessionKey: 'my-oidc' });
    expect(keyed(at({ state: 's' }, 'my-oidc'), 's')).toEqual({ ok: true, library: L });
    expect(keyed(at({ state: 's' }), 's')).toEqual({ ok: false, reason: 'transaction_missing', library: L });
    expect(stateFrom(L, { issuer: ISSUER, sessionKey: 'my-oidc' })(at({ state: 's' }, 'my-oidc'), 's')).toEqual({ ok: true, library: L });
  });

  it('Koa: ctx.session (koa-session), with ctx.headers and ctx.state beside it', () => {
    const ctx = { app: {}, state: {}, headers: { cookie: 'koa.sess=1' }, session: { [`oidc:${ISSUER}`]: { state: 's' } }, request: {}, response: {} };
    expect(verify(ctx, 's')).toEqual({ ok: true, library: L });
    expect(verify({ ...ctx, session: null }, 's')).toEqual({ ok: false, reason: 'transaction_missing', library: L });
  });
});

describe("stateFrom('passport-openidconnect')", () => {
  const ISSUER = 'https://example.okta.com/oauth2/default';
  const L = 'passport-openidconnect';

  /** What the real strategy's SessionStore writes on login, under the key the real Strategy derives. */
  function login(options: Record<string, unknown> = {}) {
    const strategy = new PassportOpenidconnect({ issuer: ISSUER, authorizationURL: `${ISSUER}/v1/authorize`, tokenURL: `${ISSUER}/v1/token`, clientID: 'c', clientSecret: 's', callbackURL: '/cb', ...options }, () => undefined);
    const request = { session: {} as Record<string, unknown> };
    let handle: string | undefined;
    strategy._stateStore.store(request, { nonce: 'n', maxAge: 60, issued: new Date() }, { returnTo: '/' }, {}, (err: unknown, h: string) => {
      if (err) throw err;
      handle = h;
    });
    return { request, handle: handle!, key: strategy._stateStore._key as string };
  }

  it("verifies the handle the library's SessionStore wrote, under the key its Strategy derives", () => {
    const { request, handle, key } = login();
    expect(key).toBe('openidconnect:example.okta.com');
    expect(handle).toMatch(/^[A-Za-z0-9+/]{24}$/); // utils.uid(24): base64 of random bytes
    const verify = stateFrom(L, { issuer: ISSUER });
    expect(verify(request, handle)).toEqual({ ok: true, library: L });
    expect(verify(request, handle.toLowerCase() === handle ? handle.toUpperCase() : handle.toLowerCase())).toEqual({ ok: false, reason: 'state_mismatch', library: L });
    expect(verify(request, handle.slice(1))).toEqual({ ok: false, reason: 'state_mismatch', library: L });
    expect(verify(request, undefined)).toEqual({ ok: false, reason: 'state_mismatch', library: L });
  });

  it('and then its own verify() consumes it: transaction_missing afterwards (a replay)', () => {
    const { request, handle, key } = login();
    const store = new PassportSessionStore({ key });
    let verdict: unknown;
    store.verify(request, handle, (_err: unknown, ctx: unknown) => (verdict = ctx));
    expect(verdict).toMatchObject({ nonce: 'n', maxAge: 60 });
    expect(stateFrom(L, { issuer: ISSUER })(request, handle)).toEqual({ ok: false, reason: 'transaction_missing', library: L });
  });

  it('the host of the issuer, whatever its path, port or case', () => {
    const { request, handle } = login();
    for (const issuer of ['https://example.okta.com', 'https://EXAMPLE.okta.com/oauth2/other', 'https://example.okta.com:8443/x', 'http://example.okta.com']) {
      expect(stateFrom(L, { issuer })(request, handle), issuer).toEqual({ ok: true, library: L });
    }
    expect(stateFrom(L, { issuer: 'https://other.okta.com/oauth2/default' })(request, handle)).toEqual({ ok: false, reason: 'transaction_missing', library: L });
  });

  it('sessionKey: the library\'s option of the same name', () => {
    const { request, handle, key } = login({ sessionKey: 'my-oidc' });
    expect(key).toBe('my-oidc');
    expect(stateFrom(L, { sessionKey: 'my-oidc' })(request, handle)).toEqual({ ok: true, library: L });
    expect(stateFrom(L, { issuer: ISSUER })(request, handle)).toEqual({ ok: false, reason: 'transaction_missing', library: L });
  });

  it('an entry without state, a state without handle, an empty or non-string handle: transaction_missing', () => {
    const key = 'openidconnect:example.okta.com';
    const verify = stateFrom(L, { issuer: ISSUER });
    for (const entry of [undefined, null, {}, { state: null }, { state: 'h' }, { state: {} }, { state: { handle: '' } }, { state: { handle: 7 } }, { handle: 'h' }]) {
      expect(verify({ session: { [key]: entry } }, 'h'), JSON.stringify(entry)).toEqual({ ok: false, reason: 'transaction_missing', library: L });
    }
    expect(verify({ session: { [key]: { state: { handle: 'h' } } }, headers: {}, app: {} }, 'h')).toEqual({ ok: true, library: L });
  });

  it("an IPv6 loopback issuer: the library's key is 'openidconnect:::1' (url.parse), and so is stateFrom's", () => {
    const issuer = 'http://[::1]:3000';
    const { request, handle, key } = login({ issuer, authorizationURL: `${issuer}/auth`, tokenURL: `${issuer}/token` });
    expect(key).toBe('openidconnect:::1');
    expect(stateFrom(L, { issuer })(request, handle)).toEqual({ ok: true, library: L });
  });
});

describe('stateFrom({ session })', () => {
  it('a dotted path in req.session / ctx.session', () => {
    const verify = stateFrom({ session: 'oidc.state' });
    expect(verify({ session: { oidc: { state: 'abc' } } }, 'abc')).toEqual({ ok: true });
    expect(verify({ session: { oidc: { state: 'abc' } }, app: {}, headers: {} }, 'abc')).toEqual({ ok: true });
    expect(verify({ session: { oidc: { state: 'abc' } } }, 'abd')).toEqual({ ok: false, reason: 'state_mismatch' });
    expect(verify({ session: { oidc: { state: 'abc' } } }, undefined)).toEqual({ ok: false, reason: 'state_mismatch' });
    expect(stateFrom({ session: 'state' })({ session: { state: 'abc' } }, 'abc')).toEqual({ ok: true });
    expect(stateFrom({ session: 'a.b.c.d' })({ session: { a: { b: { c: { d: 'abc' } } } } }, 'abc')).toEqual({ ok: true });
    expect(stateFrom({ session: '$x._y-z' })({ session: { $x: { '_y-z': 'abc' } } }, 'abc')).toEqual({ ok: true });
  });

  it('missing, empty or non-string: transaction_missing, never a library named', () => {
    const verify = stateFrom({ session: 'oidc.state' });
    for (const s of [undefined, null, {}, { oidc: null }, { oidc: 'abc' }, { oidc: {} }, { oidc: { state: '' } }, { oidc: { state: 1 } }, { oidc: { state: { toString: () => 'abc' } } }, { 'oidc.state': 'abc' }]) {
      expect(verify({ session: s }, 'abc'), JSON.stringify(s)).toEqual({ ok: false, reason: 'transaction_missing' });
    }
  });

  it('prototype keys are never read', () => {
    const polluted = Object.create({ state: 'abc' }) as object;
    expect(stateFrom({ session: 'oidc.state' })({ session: { oidc: polluted } }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: 'oidc.constructor.name' })({ session: { oidc: {} } }, 'Object')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: 'oidc.toString' })({ session: { oidc: {} } }, 'x')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: 'oidc.__proto__.state' })({ session: { oidc: polluted } }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: 'constructor.name' })({ session: {} }, 'Object')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: '__proto__.state' })({ session: {} }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing' });
  });

  it("no segment is read through the session's prototype", () => {
    const inherited = Object.create({ oidc: { state: 'abc' } }) as object;
    expect(stateFrom({ session: 'oidc.state' })({ session: inherited }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing' });
    expect(stateFrom({ session: '__proto__.state' })({ session: Object.create({ state: 'abc' }) }, 'abc')).toEqual({ ok: false, reason: 'transaction_missing' });
  });

  describe('pkceOnly', () => {
    const verify = made({ session: 'oidc.code_verifier', pkceOnly: true });
    it('no state and a verifier in the session: accepted', () => {
      expect(verify({ session: { oidc: { code_verifier: 'v' } } }, undefined)).toEqual({ ok: true });
      expect(verify({ session: { oidc: { code_verifier: 'v' } } }, undefined, { error: 'login_required' })).toEqual({ ok: true });
    });
    it('any state (the app sent none): state_mismatch', () => {
      for (const state of ['v', 'x', ' ', 'undefined']) {
        expect(verify({ session: { oidc: { code_verifier: 'v' } } }, state), state).toEqual({ ok: false, reason: 'state_mismatch' });
      }
    });
    it('no verifier: transaction_missing, with or without a state', () => {
      for (const s of [undefined, {}, { oidc: {} }, { oidc: { code_verifier: '' } }, { oidc: { code_verifier: 1 } }, { oidc: Object.create({ code_verifier: 'v' }) }]) {
        expect(verify({ session: s }, undefined)).toEqual({ ok: false, reason: 'transaction_missing' });
        expect(verify({ session: s }, 'x')).toEqual({ ok: false, reason: 'transaction_missing' });
      }
    });
    it('pkceOnly: false is the plain path check', () => {
      const plain = stateFrom({ session: 'oidc.state', pkceOnly: false });
      expect(plain({ session: { oidc: { state: 'abc' } } }, 'abc')).toEqual({ ok: true });
      expect(plain({ session: { oidc: { state: 'abc' } } }, undefined)).toEqual({ ok: false, reason: 'state_mismatch' });
    });
  });
});

describe('option errors: InvalidOptionError naming the option, never the secret', () => {
  const refuses = (make: () => unknown, option: string, message?: RegExp) => {
    let thrown: unknown;
    try {
      make();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect((thrown as InvalidOptionError).option).toBe(option);
    expect((thrown as Error).message).toContain(`option "${option}"`);
    if (message) expect((thrown as Error).message).toMatch(message);
    return (thrown as Error).message;
  };
  const anyStateFrom = stateFrom as (...args: unknown[]) => unknown;

  it('an unknown library name', () => {
    for (const name of ['express-openid', 'okta', 'passport', '', undefined, 42, null, ['express-openid-connect']]) {
      refuses(() => anyStateFrom(name), 'stateFrom(library)', /"express-openid-connect", "@okta\/oidc-middleware", "passport-openidconnect", or \{ session: "path" \}/);
    }
  });

  it('options that are not an object', () => {
    refuses(() => anyStateFrom(EOC, 'secret'), 'stateFrom(library, options)');
    refuses(() => anyStateFrom(EOC, null), 'stateFrom(library, options)');
    refuses(() => anyStateFrom(EOC, [SECRET]), 'stateFrom(library, options)');
  });

  it('unknown keys, with a hint', () => {
    expect(refuses(() => anyStateFrom(EOC, { secrets: SECRET }), 'stateFrom.secrets')).toContain('Did you mean "stateFrom.secret"?');
    refuses(() => anyStateFrom(EOC, { issuer: 'https://x.example' }), 'stateFrom.issuer');
    refuses(() => anyStateFrom('@okta/oidc-middleware', { issuer: 'https://x.example', secret: SECRET }), 'stateFrom.secret');
    refuses(() => anyStateFrom('passport-openidconnect', { issuer: 'https://x.example', cookieName: 'a' }), 'stateFrom.cookieName');
    refuses(() => anyStateFrom({ session: 'oidc.state', pkce: true }), 'stateFrom.pkce');
    refuses(() => anyStateFrom({ session: 'oidc.state', library: EOC }), 'stateFrom.library');
  });

  it('a missing or bad issuer for @okta/oidc-middleware and passport-openidconnect', () => {
    for (const library of ['@okta/oidc-middleware', 'passport-openidconnect']) {
      for (const issuer of [undefined, '', 'example.okta.com', 'ftp://example.okta.com', 'https://', 'https:// x', 42]) {
        refuses(() => anyStateFrom(library, { issuer }), 'issuer', /"sessionKey"/);
      }
      refuses(() => anyStateFrom(library), 'issuer');
    }
  });

  it('an issuer URL cannot parse ("http://["): InvalidOptionError', () => {
    refuses(() => anyStateFrom('passport-openidconnect', { issuer: 'http://[' }), 'issuer');
  });

  it('a bad session path', () => {
    for (const session of [undefined, '', '.', 'oidc.', '.state', 'oidc..state', 'oidc state', 'oidc[state]', '1oidc', 'oidc.1', 42, ['oidc']]) {
      refuses(() => anyStateFrom({ session }), 'stateFrom.session', /a dotted session path such as "oidc\.state"/);
    }
    refuses(() => anyStateFrom({ session: 'oidc.state', pkceOnly: 'yes' }), 'stateFrom.pkceOnly');
  });

  it('a bad secret: the message says "(hidden)", never the value', () => {
    for (const secret of [42, { key: 'SUPER-SECRET-VALUE' }, true, null]) {
      const message = refuses(() => anyStateFrom(EOC, { secret }), 'stateFrom.secret');
      expect(message).toContain('(hidden)');
      expect(message).not.toContain('SUPER-SECRET-VALUE');
      expect(message).not.toContain('42');
    }
  });

  it('an array with a non-secret in it ([42]) is refused at set-up', () => {
    for (const secret of [[42], ['ok', 42], [''], ['ok', null]]) refuses(() => anyStateFrom(EOC, { secret }), 'stateFrom.secret');
  });

  it('cookieName is checked (42, "" or "a;b" are refused)', () => {
    for (const cookieName of [42, '', 'a;b', 'a b', 'a=b', 'x'.repeat(257)]) refuses(() => anyStateFrom(EOC, { cookieName }), 'stateFrom.cookieName');
    expect(() => anyStateFrom(EOC, { cookieName: 'my_tx' })).not.toThrow();
  });

  it('sessionKey is checked (42 or "" are refused)', () => {
    for (const library of ['@okta/oidc-middleware', 'passport-openidconnect']) {
      for (const sessionKey of [42, '', null]) refuses(() => anyStateFrom(library, { sessionKey }), 'stateFrom.sessionKey');
    }
  });

  it('an empty secret array is a configuration that can never accept', () => {
    const verify = anyStateFrom(EOC, { secret: [] }) as ReturnType<typeof stateFrom>;
    expect(verify(req('auth_verification={"state":"s"}.sig'), 's')).toEqual({ ok: false, reason: 'transaction_missing', library: EOC });
  });
});

describe('equality: timing-safe and length-safe', () => {
  it('states of different lengths, or multi-byte ones, are a mismatch, never a throw', () => {
    const verify = stateFrom({ session: 'state' });
    const cases: [string, string][] = [['abc', 'abcd'], ['abcd', 'abc'], ['a', 'a'.repeat(10_000)], ['é', 'e'], ['é', 'ée'], ['\u{1F600}', 'xxxx'], ['abc', '\u0000abc']];
    for (const [expected, got] of cases) {
      expect(verify({ session: { state: expected } }, got), `${expected} vs ${got}`).toEqual({ ok: false, reason: 'state_mismatch' });
    }
    expect(verify({ session: { state: '\u{1F600}é' } }, '\u{1F600}é')).toEqual({ ok: true });
  });

  it('a state of the same bytes in another encoding: a mismatch (strings compared as UTF-8 bytes)', () => {
    const verify = stateFrom({ session: 'state' });
    expect(verify({ session: { state: 'e\u0301' } }, '\u00e9')).toEqual({ ok: false, reason: 'state_mismatch' });
  });
});

describe('stateFrom: what mutation testing found unpinned (issue 16)', () => {
  const anyStateFrom = stateFrom as (...args: unknown[]) => unknown;
  it('every verifier names its library, as an enumerable property; a session path names none', () => {
    for (const [library, options] of [[EOC, {}], ['@okta/oidc-middleware', { issuer: 'https://id.example' }], ['passport-openidconnect', { issuer: 'https://id.example' }]] as const) {
      const verifier = anyStateFrom(library, options) as StateVerifier;
      expect(verifier.library).toBe(library);
      expect(Object.keys(verifier)).toEqual(['library']);
    }
    expect(Object.hasOwn(stateFrom({ session: 'oidc.state' }), 'library')).toBe(false);
  });
  it('a session path: results carry no library key at all', () => {
    const verify = stateFrom({ session: 'oidc.state' });
    expect(verify({ session: { oidc: { state: 'abc' } } }, 'abc')).toStrictEqual({ ok: true });
    expect(verify({ session: { oidc: { state: 'abc' } } }, 'x')).toStrictEqual({ ok: false, reason: 'state_mismatch' });
    expect(verify({ session: {} }, 'x')).toStrictEqual({ ok: false, reason: 'transaction_missing' });
  });
  it('pkceOnly: a verifier and no state is accepted (made in the test itself)', () => {
    const verify = stateFrom({ session: 'oidc.code_verifier', pkceOnly: true });
    expect(verify({ session: { oidc: { code_verifier: 'v' } } }, undefined)).toEqual({ ok: true });
  });
  it('an empty Buffer or string is no secret: refused at set-up', () => {
    for (const secret of [Buffer.alloc(0), '', [Buffer.alloc(0)], ['ok', Buffer.alloc(0)]]) {
      expect(() => anyStateFrom(EOC, { secret }), String(secret)).toThrow(/must be the library's secret: a string, a Buffer or an array of them/);
    }
    expect(() => anyStateFrom(EOC, { secret: Buffer.from('k') })).not.toThrow();
  });
  it('the issuer must start with http:// or https:// and a host (not only somewhere in it)', () => {
    for (const issuer of ['javascript:alert(1)//https://id.example', 'urn:x:https://id.example', ' https://id.example', 'file:///https://id.example']) {
      expect(() => anyStateFrom('@okta/oidc-middleware', { issuer }), issuer).toThrow(InvalidOptionError);
    }
  });
  it('each option error says what was expected', () => {
    expect(() => anyStateFrom('@okta/oidc-middleware', { sessionKey: '' })).toThrow(/must be the "sessionKey" given to @okta\/oidc-middleware: a non-empty string/);
    expect(() => anyStateFrom({ session: 'oidc.state', pkceOnly: 'yes' })).toThrow(/must be a boolean/);
    expect(() => anyStateFrom(EOC, 'x')).toThrow(/must be an object/);
    expect(() => anyStateFrom(EOC, { cookieName: 'a;b' })).toThrow(/must be the transactionCookie\.name given to express-openid-connect/);
  });
  it('an unsigned cookie: read with the spaces around it trimmed, a bad percent-escape read as it is', () => {
    const unsigned = stateFrom(EOC);
    expect(unsigned(req('auth_verification={"state":"s%zz"}'), 's%zz')).toEqual({ ok: true, library: EOC });
    expect(unsigned(req('a=1;  auth_verification={"state":"plain"}  ; b=2'), 'plain')).toEqual({ ok: true, library: EOC });
    // A state that is not the library's base64url JSON (never a silent sign-in): compared, never a throw.
    expect(unsigned(req('auth_verification={"state":"plain"}'), 'plain', { error: 'login_required' })).toEqual({ ok: true, library: EOC });
  });
  it('a signed cookie with spaces before the next ";": its signature still verifies', async () => {
    const t = transaction();
    const jar = await issue(t.value);
    expect(stateFrom(EOC, { secret: SECRET })(req(`auth_verification=${jar.get('auth_verification')!}  ; other=1`), t.state)).toEqual({ ok: true, library: EOC });
  });
});
