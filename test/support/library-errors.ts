/**
 * The errors the sign-in libraries really throw when a callback cannot be completed, produced by driving
 * them against the in-process provider: express-openid-connect 3.4 (its callback route), openid-client 5
 * inside @okta/oidc-middleware 5.5 (its passport strategy), passport-openidconnect 0.1.2 (its strategy),
 * openid-client 6 (authorizationCodeGrant). Nothing is built by hand: each value is what the library
 * handed to `next(err)`, `this.error(err)` / `this.fail(err)`, or rejected with.
 */
import type { ErrorRequestHandler } from 'express';
import express from 'express';
import { startProvider } from '../fixtures/provider/index.js';
import { listen } from '../fixtures/relying-party/http.js';
import { cookiesFrom, openidClient5, requireLibrary } from './sign-in-libraries.js';

/** One real failure: what the library produced, and how it surfaced. */
export interface RealFailure {
  readonly label: string;
  readonly library: string;
  /** What `recogniseLibraryFailure` should say: a failure kind, or `undefined` (not one of the table's). */
  readonly expected: 'transaction_missing' | 'state_mismatch' | 'code_rejected' | undefined;
  /** `next(err)` (Express), `error` / `fail` (passport), `rejected` (a promise). */
  readonly via: 'next' | 'error' | 'fail' | 'rejected';
  readonly value: unknown;
}

const EOC_SECRET = 'eoc-cookie-secret-eoc-cookie-secret';
const CLIENT_SECRET = 'client-secret-client-secret-client-secret';

/** Drives every library into each of its failures; the provider and apps are closed before it returns. */
export async function produceLibraryFailures(): Promise<RealFailure[]> {
  const rp = await listen(0, '127.0.0.1');
  const rpCustom = await listen(0, '127.0.0.1');
  const cb = (path: string) => `http://127.0.0.1/${path}/cb`;
  const op = await startProvider({
    clients: [
      { client_id: 'eoc', client_secret: CLIENT_SECRET, redirect_uris: [`${rp.origin}/callback`], grant_types: ['authorization_code'], response_types: ['code'] },
      { client_id: 'oc5', client_secret: CLIENT_SECRET, redirect_uris: [cb('oc5')], grant_types: ['authorization_code'], response_types: ['code'] },
      { client_id: 'poidc', client_secret: CLIENT_SECRET, redirect_uris: [cb('poidc')], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' },
      { client_id: 'oc6', client_secret: CLIENT_SECRET, redirect_uris: [cb('oc6')], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
  });
  const failures: RealFailure[] = [];
  try {
    const iss = op.issuer;

    // express-openid-connect: its callback route, errors captured where the app's error handler sits.
    const { auth } = requireLibrary('express-openid-connect');
    let caught: unknown;
    const capture: ErrorRequestHandler = (err, _req, res, _next) => {
      caught = err;
      res.status(599).end();
    };
    const eocApp = (baseURL: string, extra: object = {}) => {
      const app = express();
      app.use(auth({ issuerBaseURL: iss, baseURL, clientID: 'eoc', clientSecret: CLIENT_SECRET, secret: EOC_SECRET, authRequired: false, authorizationParams: { response_type: 'code', scope: 'openid' }, ...extra }));
      app.use(capture);
      return app;
    };
    rp.attach(eocApp(rp.origin));
    rpCustom.attach(eocApp(rpCustom.origin, { transactionCookie: { name: 'my_tx' } }));
    const login = async (origin: string) => {
      const res = await fetch(`${origin}/login`, { redirect: 'manual' });
      const jar = cookiesFrom(res.headers.getSetCookie());
      return { state: new URL(res.headers.get('location')!).searchParams.get('state')!, cookie: [...jar].map(([n, v]) => `${n}=${v}`).join('; ') };
    };
    const eocCallback = async (origin: string, query: Record<string, string>, cookie?: string) => {
      caught = undefined;
      const res = await fetch(`${origin}/callback?${new URLSearchParams(query)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      if (res.status !== 599) throw new Error(`express-openid-connect answered ${res.status}, not an error`);
      return caught;
    };
    const eoc = (label: string, expected: RealFailure['expected'], value: unknown): void => void failures.push({ label, library: 'express-openid-connect', expected, via: 'next', value });
    eoc('no transaction cookie', 'transaction_missing', await eocCallback(rp.origin, { code: 'x', state: 's', iss }));
    {
      const t = await login(rp.origin);
      eoc('another state', 'state_mismatch', await eocCallback(rp.origin, { code: 'x', state: `${t.state}x`, iss }, t.cookie));
    }
    {
      const t = await login(rp.origin);
      eoc('no state (the cause, dropped, said "state" missing)', 'state_mismatch', await eocCallback(rp.origin, { code: 'x', iss }, t.cookie));
    }
    {
      const t = await login(rp.origin);
      eoc('no iss (the cause, dropped, said "iss" missing)', 'state_mismatch', await eocCallback(rp.origin, { code: 'x', state: t.state }, t.cookie));
    }
    {
      const t = await login(rp.origin);
      eoc('a code the token endpoint refuses', 'code_rejected', await eocCallback(rp.origin, { code: 'not-a-code', state: t.state, iss }, t.cookie));
    }
    eoc('no transaction cookie, transactionCookie.name "my_tx"', 'transaction_missing', await eocCallback(rpCustom.origin, { code: 'x', state: 's', iss }));

    // openid-client 5, as @okta/oidc-middleware configures its strategy (sessionKey 'oidc:' + issuer, no PKCE).
    const oc5 = openidClient5();
    const issuer5 = await oc5.Issuer.discover(iss);
    const client5 = new issuer5.Client({ client_id: 'oc5', client_secret: CLIENT_SECRET, redirect_uris: [cb('oc5')], response_types: ['code'] });
    const sessionKey = `oidc:${iss}`;
    const strategy5 = new oc5.Strategy({ client: client5, sessionKey, usePKCE: false }, (_tokenset: unknown, done: (e: unknown, u: unknown) => void) => done(null, {}));
    const passportRun = (strategy: object, req: object): Promise<{ via: RealFailure['via']; value: unknown }> =>
      new Promise((resolve) => {
        const s = Object.create(strategy) as Record<string, unknown> & { authenticate(req: object, options: object): void };
        s.error = (value: unknown) => resolve({ via: 'error', value });
        s.fail = (value: unknown) => resolve({ via: 'fail', value });
        s.success = () => resolve({ via: 'fail', value: new Error('unexpected success') });
        s.redirect = (value: unknown) => resolve({ via: 'fail', value: { redirect: value } });
        s.pass = () => resolve({ via: 'fail', value: new Error('unexpected pass') });
        s.authenticate(req, {});
      });
    const okta = async (label: string, expected: RealFailure['expected'], session: object, query: Record<string, string>) => {
      const { via, value } = await passportRun(strategy5, { method: 'GET', url: `/cb?${new URLSearchParams(query)}`, session });
      failures.push({ label, library: '@okta/oidc-middleware', expected, via, value });
    };
    await okta('no session entry', 'transaction_missing', {}, { code: 'x', state: 's', iss });
    await okta('an empty session entry', 'transaction_missing', { [sessionKey]: {} }, { code: 'x', state: 's', iss });
    await okta('another state', 'state_mismatch', { [sessionKey]: { state: 'expected-state', nonce: 'n', response_type: 'code' } }, { code: 'x', state: 'other-state', iss });
    await okta('a code the token endpoint refuses', 'code_rejected', { [sessionKey]: { state: 's', nonce: 'n', response_type: 'code' } }, { code: 'not-a-code', state: 's', iss });
    await okta('no state in the response', undefined, { [sessionKey]: { state: 's', nonce: 'n', response_type: 'code' } }, { code: 'x', iss });

    // passport-openidconnect: its strategy's login, then its callback with a code the provider refuses.
    const PassportOidc = requireLibrary('passport-openidconnect');
    const meta = issuer5.metadata as Record<string, string>;
    const strategyP = new PassportOidc(
      { issuer: iss, authorizationURL: meta.authorization_endpoint, tokenURL: meta.token_endpoint, userInfoURL: meta.userinfo_endpoint, clientID: 'poidc', clientSecret: CLIENT_SECRET, callbackURL: cb('poidc') },
      (_i: unknown, _p: unknown, done: (e: unknown, u: unknown) => void) => done(null, {}),
    );
    const session: Record<string, unknown> = {};
    const started = await passportRun(strategyP, { method: 'GET', url: '/login', query: {}, headers: {}, session });
    const state = new URL((started.value as { redirect: string }).redirect).searchParams.get('state')!;
    const token = await passportRun(strategyP, { method: 'GET', url: '/cb', query: { code: 'not-a-code', state }, headers: {}, session });
    failures.push({ label: 'a code the token endpoint refuses', library: 'passport-openidconnect', expected: 'code_rejected', ...token });
    const lost = await passportRun(strategyP, { method: 'GET', url: '/cb', query: { code: 'x', state: 's' }, headers: {}, session: {} });
    failures.push({ label: 'no session entry (fail() with an info object)', library: 'passport-openidconnect', expected: undefined, ...lost });

    // openid-client 6: authorizationCodeGrant, as an app's own callback route calls it.
    const oc6 = await import('openid-client');
    const config = await oc6.discovery(new URL(iss), 'oc6', CLIENT_SECRET, undefined, { execute: [oc6.allowInsecureRequests] });
    const grant = (query: Record<string, string>, checks: Parameters<typeof oc6.authorizationCodeGrant>[2]) =>
      oc6.authorizationCodeGrant(config, new URL(`${cb('oc6')}?${new URLSearchParams(query)}`), checks).then(
        () => new Error('unexpected success'),
        (err: unknown) => err,
      );
    const verifier = oc6.randomPKCECodeVerifier();
    const oc6Failure = (label: string, expected: RealFailure['expected'], value: unknown): void => void failures.push({ label, library: 'openid-client', expected, via: 'rejected', value });
    oc6Failure('a state expected, none in the response', 'transaction_missing', await grant({ code: 'x', iss }, { expectedState: 's', pkceCodeVerifier: verifier }));
    oc6Failure('a state in the response, none expected (session lost)', 'transaction_missing', await grant({ code: 'x', state: 's', iss }, { pkceCodeVerifier: verifier }));
    oc6Failure('another state', 'state_mismatch', await grant({ code: 'x', state: 'other', iss }, { expectedState: 's', pkceCodeVerifier: verifier }));
    oc6Failure('a code the token endpoint refuses', 'code_rejected', await grant({ code: 'not-a-code', state: 's', iss }, { expectedState: 's', pkceCodeVerifier: verifier }));
    oc6Failure('another issuer', undefined, await grant({ code: 'x', state: 's', iss: 'https://evil.example' }, { expectedState: 's', pkceCodeVerifier: verifier }));
  } finally {
    await Promise.all([rp.close(), rpCustom.close(), op.close()]);
  }
  return failures;
}
