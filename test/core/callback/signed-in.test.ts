/**
 * `isSignedIn`: what the sign-in libraries leave on the request (express-openid-connect's req.oidc,
 * passport's req.isAuthenticated() and its session entry, Koa's ctx.state.user), read from the real
 * libraries in real apps, and the app's own hook.
 */
import express from 'express';
import session from 'express-session';
import Koa from 'koa';
import passport from 'passport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSignedIn } from '../../../src/core/callback/signed-in.js';
import type { ListeningServer } from '../../fixtures/relying-party/http.js';
import { cookiesFrom, requireLibrary, serve } from '../../support/sign-in-libraries.js';

const { auth } = requireLibrary('express-openid-connect');
const SECRET = 'signed-in-test-secret-signed-in-test-secret';

/** An ID token as express-openid-connect keeps it in its session (it decodes it; it was verified at sign-in). */
const idToken = (claims: object) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('from the libraries, in real apps', () => {
  let eoc: ListeningServer;
  let pass: ListeningServer;
  let koa: ListeningServer;

  beforeAll(async () => {
    // express-openid-connect: its appSession cookie, written by the library itself.
    const a = express();
    a.use(auth({ issuerBaseURL: 'https://issuer.invalid', baseURL: 'http://127.0.0.1', clientID: 'c', clientSecret: 'client-secret', secret: SECRET, authRequired: false, authorizationParams: { response_type: 'code' }, routes: { login: false, logout: false, callback: false } }));
    a.get('/sign-in', (req, res) => {
      (req as unknown as { appSession: Record<string, unknown> }).appSession.id_token = idToken({ sub: 'u1', iss: 'https://issuer.invalid', aud: 'c', exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000) });
      res.end();
    });
    a.get('/check', (req, res) => res.json({ ...isSignedIn(req, undefined), library: (req as unknown as { oidc: { isAuthenticated(): boolean } }).oidc.isAuthenticated() }));
    eoc = await serve(a);

    // passport: req.login(), its session entry, then passport.session() restoring req.user.
    passport.serializeUser((user, done) => done(null, (user as { id: string }).id));
    passport.deserializeUser((id: string, done) => done(null, { id }));
    const p = express();
    p.use(session({ secret: SECRET, resave: false, saveUninitialized: false }));
    // Before passport.session(): only the session says so (as in front of @okta/oidc-middleware's router).
    p.get('/raw', (req, res) => res.json({ ...isSignedIn(req, undefined), user: (req as { user?: unknown }).user ?? null }));
    p.use(passport.initialize());
    p.use(passport.session());
    p.get('/sign-in', (req, res, next) => req.login({ id: 'u1' }, (err) => (err ? next(err) : res.end())));
    p.get('/sign-out', (req, res, next) => req.logout((err) => (err ? next(err) : res.end())));
    p.get('/check', (req, res) => res.json({ ...isSignedIn(req, undefined), library: req.isAuthenticated() }));
    pass = await serve(p);

    // Koa: ctx.state.user, set by the app's sign-in middleware.
    const k = new Koa();
    k.use(async (ctx) => {
      if (ctx.path === '/signed-in') ctx.state.user = { id: 'u1' };
      if (ctx.path === '/null-user') ctx.state.user = null;
      ctx.body = isSignedIn(ctx, undefined);
    });
    koa = await serve(k.callback());
  });
  afterAll(async () => {
    await Promise.all([eoc?.close(), pass?.close(), koa?.close()]);
  });

  const json = async (url: string, cookie?: string) => {
    const res = await fetch(url, { headers: cookie ? { cookie } : {} });
    return { body: (await res.json()) as Record<string, unknown>, setCookie: res.headers.getSetCookie() };
  };
  const cookieOf = (setCookie: string[]) => [...cookiesFrom(setCookie)].map(([n, v]) => `${n}=${v}`).join('; ');

  it('express-openid-connect: req.oidc.isAuthenticated()', async () => {
    expect((await json(`${eoc.origin}/check`)).body).toEqual({ yes: false, library: false });
    const res = await fetch(`${eoc.origin}/sign-in`);
    const cookie = cookieOf(res.headers.getSetCookie());
    expect(cookie).toMatch(/^appSession=/);
    expect((await json(`${eoc.origin}/check`, cookie)).body).toEqual({ yes: true, library: true });
    expect((await json(`${eoc.origin}/check`, 'appSession=forged')).body).toEqual({ yes: false, library: false });
  });

  it('passport: req.isAuthenticated(), and session.passport.user before passport.session() ran', async () => {
    expect((await json(`${pass.origin}/check`)).body).toEqual({ yes: false, library: false });
    expect((await json(`${pass.origin}/raw`)).body).toEqual({ yes: false, user: null });
    const res = await fetch(`${pass.origin}/sign-in`);
    const cookie = cookieOf(res.headers.getSetCookie());
    expect(cookie).toMatch(/^connect\.sid=/);
    expect((await json(`${pass.origin}/check`, cookie)).body).toEqual({ yes: true, library: true });
    expect((await json(`${pass.origin}/raw`, cookie)).body).toEqual({ yes: true, user: null });
    const out = await fetch(`${pass.origin}/sign-out`, { headers: { cookie } });
    const after = cookieOf(out.headers.getSetCookie()) || cookie;
    expect((await json(`${pass.origin}/check`, after)).body).toEqual({ yes: false, library: false });
    expect((await json(`${pass.origin}/raw`, after)).body).toEqual({ yes: false, user: null });
  });

  it('Koa: ctx.state.user', async () => {
    expect((await json(`${koa.origin}/signed-in`)).body).toEqual({ yes: true });
    expect((await json(`${koa.origin}/anonymous`)).body).toEqual({ yes: false });
    expect((await json(`${koa.origin}/null-user`)).body).toEqual({ yes: false });
  });
});

describe('what the libraries leave, as shapes', () => {
  const no = { yes: false };
  const yes = { yes: true };

  it('req.oidc.isAuthenticated(): only true counts, called on req.oidc', () => {
    class Context {
      #signedIn: unknown;
      constructor(signedIn: unknown) {
        this.#signedIn = signedIn;
      }
      isAuthenticated() {
        return this.#signedIn;
      }
    }
    expect(isSignedIn({ oidc: new Context(true) }, undefined)).toEqual(yes);
    for (const v of [false, 'true', 1, {}, undefined, null]) expect(isSignedIn({ oidc: new Context(v) }, undefined), String(v)).toEqual(no);
    expect(isSignedIn({ oidc: { isAuthenticated: true } }, undefined)).toEqual(no);
    expect(isSignedIn({ oidc: () => true }, undefined)).toEqual(no);
  });

  it('req.isAuthenticated(): only true counts, called on req', () => {
    expect(isSignedIn({ user: { id: 1 }, isAuthenticated(this: { user?: unknown }) { return this.user ? true : false; } }, undefined)).toEqual(yes);
    expect(isSignedIn({ isAuthenticated: () => 'yes' }, undefined)).toEqual(no);
    expect(isSignedIn({ isAuthenticated: true }, undefined)).toEqual(no);
    // A user alone is not passport's word.
    expect(isSignedIn({ user: { id: 1 } }, undefined)).toEqual(no);
  });

  it("one library's leftovers that are not its shape never hide another library's yes", () => {
    for (const oidc of [null, {}, { isAuthenticated: true }, 'oidc']) {
      expect(isSignedIn({ oidc, isAuthenticated: () => true }, undefined), JSON.stringify(oidc)).toEqual(yes);
      expect(isSignedIn({ oidc, session: { passport: { user: 'u' } } }, undefined), JSON.stringify(oidc)).toEqual(yes);
    }
    expect(isSignedIn({ session: null, state: { user: 'u' }, app: {} }, undefined)).toEqual(yes);
    expect(isSignedIn({ session: { passport: null }, state: { user: 'u' }, app: {} }, undefined)).toEqual(yes);
  });

  it('either library saying yes is enough', () => {
    expect(isSignedIn({ oidc: { isAuthenticated: () => false }, isAuthenticated: () => true }, undefined)).toEqual(yes);
    expect(isSignedIn({ oidc: { isAuthenticated: () => false }, session: { passport: { user: 'u' } } }, undefined)).toEqual(yes);
  });

  it('session.passport.user: any value but undefined and null (an id of 0 or "" is a user)', () => {
    for (const user of ['u1', 0, '', { id: 1 }, false]) expect(isSignedIn({ session: { passport: { user } } }, undefined), JSON.stringify(user)).toEqual(yes);
    for (const s of [{ passport: { user: null } }, { passport: {} }, { passport: null }, { passport: 'u1' }, {}, null, 'passport']) {
      expect(isSignedIn({ session: s }, undefined), JSON.stringify(s)).toEqual(no);
    }
  });

  it('ctx.state.user: only on a Koa context (one with app)', () => {
    expect(isSignedIn({ app: {}, state: { user: { id: 1 } } }, undefined)).toEqual(yes);
    expect(isSignedIn({ app: {}, state: { user: 0 } }, undefined)).toEqual(yes);
    expect(isSignedIn({ state: { user: { id: 1 } } }, undefined)).toEqual(no);
    for (const state of [{ user: null }, { user: undefined }, {}, null, 'user']) expect(isSignedIn({ app: {}, state }, undefined), JSON.stringify(state)).toEqual(no);
  });

  it('nothing, or not a request', () => {
    for (const req of [undefined, null, 0, '', 'signed-in', true, [], {}, () => true, Object.assign(() => true, { isAuthenticated: () => true })]) {
      expect(isSignedIn(req, undefined)).toEqual(no);
    }
  });

  it("methods on the request's prototype count (passport puts isAuthenticated on http.IncomingMessage.prototype)", () => {
    expect(isSignedIn(Object.create({ isAuthenticated: () => true }), undefined)).toEqual(yes);
    expect(isSignedIn(Object.create({ oidc: { isAuthenticated: () => true } }), undefined)).toEqual(yes);
  });
});

describe("the app's isSignedIn hook", () => {
  const signedInByLibrary = { isAuthenticated: () => true, session: { passport: { user: 'u' } } };

  it('decides alone: true, false, and only true is yes', () => {
    expect(isSignedIn({}, () => true)).toStrictEqual({ yes: true });
    expect(isSignedIn(signedInByLibrary, () => false)).toStrictEqual({ yes: false });
    for (const v of ['true', 1, {}, undefined, null]) expect(isSignedIn({}, (() => v) as never)).toStrictEqual({ yes: false });
  });

  it('is given the request', () => {
    const req = { id: 'r1' };
    let seen: unknown;
    isSignedIn(req, (r) => {
      seen = r;
      return true;
    });
    expect(seen).toBe(req);
  });

  it('throws: not signed in, and the throw described (sanitized) as hookError', () => {
    expect(
      isSignedIn(signedInByLibrary, () => {
        throw new Error('session store down');
      }),
    ).toStrictEqual({ yes: false, hookError: 'isSignedIn threw: Error: session store down' });
    expect(
      isSignedIn({}, () => {
        throw 'a string';
      }),
    ).toStrictEqual({ yes: false, hookError: 'isSignedIn threw: a string' });
    const hidden = isSignedIn({}, () => {
      throw new Error('lookup failed for access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl');
    });
    expect(hidden.yes).toBe(false);
    expect(hidden.hookError).toMatch(/^isSignedIn threw: Error: lookup failed for /);
    expect(hidden.hookError).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    const long = isSignedIn({}, () => {
      throw new Error('x'.repeat(10_000));
    });
    expect(long.hookError!.length).toBeLessThanOrEqual('isSignedIn threw: '.length + 200);
  });

  it('a thrown value that cannot be printed', () => {
    const got = isSignedIn({}, () => {
      throw Object.create(null);
    });
    expect(got).toStrictEqual({ yes: false, hookError: 'isSignedIn threw: an unprintable object' });
  });
});

describe('hostile requests never throw', () => {
  const boom = () => {
    throw new Error('boom');
  };

  it('getters and methods that throw: not signed in, no hookError (no hook ran)', () => {
    const cases: object[] = [
      Object.defineProperty({}, 'oidc', { get: boom }),
      { oidc: { isAuthenticated: boom } },
      Object.defineProperty({ oidc: {} }, 'isAuthenticated', { get: boom }),
      { isAuthenticated: boom },
      Object.defineProperty({}, 'session', { get: boom }),
      { session: Object.defineProperty({}, 'passport', { get: boom }) },
      { session: { passport: Object.defineProperty({}, 'user', { get: boom }) } },
      Object.defineProperty({}, 'state', { get: boom }),
      new Proxy({}, { get: boom, has: boom }),
      new Proxy({ app: {}, state: { user: 1 } }, { has: boom }),
    ];
    for (const req of cases) {
      const got = isSignedIn(req, undefined);
      expect(got.yes).toBe(false);
      expect(got.hookError).toBeUndefined();
    }
  });

  it('a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ isAuthenticated: () => true }, {});
    revoke();
    expect(isSignedIn(proxy, undefined).yes).toBe(false);
  });

  it('a library method that returns a thenable or an object: not true', () => {
    expect(isSignedIn({ isAuthenticated: () => Promise.resolve(true) }, undefined)).toEqual({ yes: false });
    expect(isSignedIn({ oidc: { isAuthenticated: () => new Boolean(true) } }, undefined)).toEqual({ yes: false });
  });
});
