/**
 * okta-error-handler in front of the sign-in libraries people use (issue 11), end to end: each example app of
 * examples/ (the README's set-up for that library, unchanged) against the real oidc-provider, driven by the
 * test browser through every redirect, in development and in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestListener } from 'node:http';
import { createApp as expressOpenidConnect } from '../../examples/express-openid-connect.js';
import { createApp as oktaOidcMiddleware } from '../../examples/okta-oidc-middleware.js';
import { createApp as passportOpenidconnect } from '../../examples/passport-openidconnect.js';
import { createApp as expressOpenidClient } from '../../examples/express-openid-client.js';
import { createApp as koaOpenidClient } from '../../examples/koa-openid-client.js';
import { createApp as fetchApp } from '../../examples/fetch.js';
import { createApp as honoApp } from '../../examples/hono.js';
import { createApp as fastifyApp } from '../../examples/fastify.js';
import { createApp as nestjsOpenidClient } from '../../examples/nestjs.js';
import type { ExampleConfig } from '../../examples/support/embedded.js';
import type { CallbackErrorEvent, OktaErrorEvent } from '../../src/core/events.js';
import { startProvider, type ClientMetadata, type ProviderHandle } from '../fixtures/provider/index.js';
import { listen, type ListeningServer } from '../fixtures/relying-party/http.js';
import { formatChain, hopsTo, TestBrowser, type Page } from '../support/browser/index.js';

interface Library {
  readonly name: string;
  readonly createApp: (config: ExampleConfig) => Promise<RequestListener>;
  readonly callback: string;
  /** The library's name in events, when it is known (an app's own openid-client route reports none). */
  readonly library?: string;
  /** The cookie that holds the transaction (lost, it means no sign-in is in progress). */
  readonly transactionCookie: string;
  /** The signed-in session's cookie, when another one. */
  readonly sessionCookie?: string;
  readonly tokenAuth?: 'client_secret_post';
  /** What the development page quotes of the library's own failure on a stale link (escaped). */
  readonly devText?: string;
}

const LIBRARIES: readonly Library[] = [
  { name: 'express-openid-connect', createApp: expressOpenidConnect, callback: '/callback', library: 'express-openid-connect', transactionCookie: 'auth_verification', sessionCookie: 'appSession', devText: 'invalid response encountered' },
  { name: '@okta/oidc-middleware', createApp: oktaOidcMiddleware, callback: '/authorization-code/callback', library: '@okta/oidc-middleware', transactionCookie: 'connect.sid' },
  { name: 'passport-openidconnect', createApp: passportOpenidconnect, callback: '/authorization-code/callback', library: 'passport-openidconnect', transactionCookie: 'connect.sid', tokenAuth: 'client_secret_post' },
  { name: 'openid-client, Express, PKCE only', createApp: expressOpenidClient, callback: '/authorization-code/callback', transactionCookie: 'connect.sid', devText: 'invalid response encountered: unexpected &quot;state&quot; response parameter' },
  { name: 'openid-client, NestJS (platform-express), PKCE only', createApp: nestjsOpenidClient, callback: '/authorization-code/callback', transactionCookie: 'connect.sid', devText: 'invalid response encountered: unexpected &quot;state&quot; response parameter' },
  { name: 'openid-client, Koa, state in koa-session', createApp: koaOpenidClient, callback: '/authorization-code/callback', transactionCookie: 'koa.sess', devText: 'invalid response encountered: unexpected &quot;state&quot; response parameter' },
  // The other frameworks (issue 15), each with openid-client and the transaction in a cookie.
  ...(['Fetch API (@hono/node-server)', 'Hono 4', 'Fastify 5'] as const).map((name, i) => ({
    name, createApp: [fetchApp, honoApp, fastifyApp][i]!, callback: '/authorization-code/callback', transactionCookie: 'oidc_tx', sessionCookie: 'sid', devText: 'invalid response encountered: unexpected &quot;state&quot; response parameter',
  })),
];

interface RunningApp {
  readonly origin: string;
  readonly events: OktaErrorEvent[];
}

const SECRET = 'a-long-random-secret-for-the-e2e-tests-0123456789';
let op: ProviderHandle;
const servers = new Map<string, { server: ListeningServer; clientId: string }>();
const key = (lib: Library, development: boolean) => `${lib.name} ${development ? 'development' : 'production'}`;

beforeAll(async () => {
  const clients: ClientMetadata[] = [];
  for (const lib of LIBRARIES) {
    for (const development of [false, true]) {
      const server = await listen();
      const clientId = key(lib, development).replace(/[^\w-]/g, '-');
      servers.set(key(lib, development), { server, clientId });
      clients.push({
        client_id: clientId,
        client_secret: `${SECRET}-client`,
        redirect_uris: [`${server.origin}${lib.callback}`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        ...(lib.tokenAuth && { token_endpoint_auth_method: lib.tokenAuth }),
      });
    }
  }
  op = await startProvider({ clients, logServerErrors: false });
}, 60_000);

/**
 * Starts the example app for one block, when the block starts: @okta/oidc-middleware (and the passport
 * example) register their strategy on passport's singleton, so one app of theirs runs per process at a time.
 */
async function startApp(lib: Library, development: boolean): Promise<RunningApp> {
  const { server, clientId } = servers.get(key(lib, development))!;
  const events: OktaErrorEvent[] = [];
  const config: ExampleConfig = { issuer: op.issuer, clientId, clientSecret: `${SECRET}-client`, baseUrl: server.origin, secret: SECRET, development, onError: (e) => events.push(e) };
  server.attach(await lib.createApp(config));
  return { origin: server.origin, events };
}

afterAll(async () => {
  await Promise.all([...[...servers.values()].map(({ server }) => server.close()), op?.close()]);
});

const callbackEvents = (app: RunningApp) => app.events.filter((e): e is CallbackErrorEvent => e.type === 'callback.error');
const isInteraction = (page: Page) => new URL(page.url).pathname.startsWith('/interaction/') && page.body.includes('Sign in');
const STALE_PAGE = 'This sign-in link is no longer valid';

/** No response of this flow was a 5xx, and none printed a library's developer text. */
function expectNoLibraryText(page: Page): void {
  for (const hop of page.chain) expect(hop.status, formatChain(page.chain)).toBeLessThan(500);
  expect(page.body).not.toMatch(/auth_verification|did not find expected|req\.session|Unable to verify|Invalid authorization request state|state mismatch|OAUTH_/);
}

describe.each(LIBRARIES.flatMap((lib) => [false, true].map((development) => ({ lib, development, label: key(lib, development) }))))('$label', ({ lib, development }) => {
  let app: RunningApp;
  let origin: string;
  const cb = () => `${origin}${lib.callback}`;
  const named = lib.library ? { library: lib.library } : {};

  beforeAll(async () => {
    app = await startApp(lib, development);
    origin = app.origin;
  });

  /** A signed-in browser, and the chain of its sign-in. */
  async function signIn(b = new TestBrowser()): Promise<{ b: TestBrowser; page: Page }> {
    const login = await b.navigate(`${origin}/login`);
    expect(isInteraction(login), formatChain(login.chain)).toBe(true);
    const page = await b.submit(login, { button: 'Sign in' });
    return { b, page };
  }

  /** The provider's sign-in page, reached through the app's /login with its query (prompt=…), changed by `edit`. */
  async function startAt(b: TestBrowser, edit: (auth: URL) => void = () => {}, query = ''): Promise<Page> {
    const start = await b.get(`${origin}/login${query}`);
    expect(start.location, `${start.status} ${start.body.slice(0, 200)}`).toMatch(/^http/);
    const auth = new URL(start.location!);
    edit(auth);
    return b.navigate(auth.href);
  }

  it('success: the same hops as the library alone, signed in, nothing from this package', async () => {
    app.events.length = 0;
    const { b, page } = await signIn();
    const ours = page.chain.filter((h) => new URL(h.url).origin === origin).map((h) => `${h.method} ${new URL(h.url).pathname} ${h.status}`);
    expect(ours.at(-1)).toBe('GET / 200');
    expect(hopsTo(page.chain, lib.callback, origin)).toHaveLength(1);
    expect(page.body).toContain('Signed in');
    expect(app.events).toEqual([]);
    expect(b.cookies.all().map((c) => c.name).filter((n) => n.startsWith('oeh_') || n.startsWith('__Host-oeh'))).toEqual([]);
  });

  it('Cancel at the provider: the 403 "Sign-in canceled" page, verified as genuine', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const login = await b.navigate(`${origin}/login`);
    const page = await b.submit(login, { button: 'Cancel' });
    expect(new URL(page.url).pathname).toBe(lib.callback);
    expect(page.status).toBe(403);
    expect(page.body).toContain('<h1>Sign-in canceled</h1>');
    expect(page.body).not.toContain(STALE_PAGE);
    expect(callbackEvents(app)).toMatchObject([{ code: 'access_denied', outcome: 'render', variant: 'canceled', severity: 'info', ...named }]);
  });

  it('prompt=none without a provider session: login_required re-prompts, and the provider really asks', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const page = await startAt(b, (auth) => auth.searchParams.set('prompt', 'none'));
    const [callback] = hopsTo(page.chain, lib.callback, origin);
    expect(callback, formatChain(page.chain)).toMatchObject({ status: 303, location: `${origin}/login?prompt=login` });
    expect(isInteraction(page), formatChain(page.chain)).toBe(true);
    expect(callbackEvents(app)).toMatchObject([{ code: 'login_required', outcome: 'redirect', ...named }]);
    const done = await b.submit(page, { button: 'Sign in' });
    expect(done.body).toContain('Signed in');
  });

  it.runIf(lib.name === 'express-openid-connect')("its own attemptSilentLogin(): login_required goes to the library, which leaves the user signed out, without a re-prompt", async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const page = await b.navigate(`${origin}/welcome`);
    expect(page.url, formatChain(page.chain)).toBe(`${origin}/welcome`);
    expect(page.body).toBe('Welcome, guest');
    expect(page.chain.some((h) => new URL(h.url).pathname.startsWith('/interaction/'))).toBe(false);
    expect(callbackEvents(app)).toMatchObject([{ code: 'login_required', outcome: 'pass', library: 'express-openid-connect' }]);
  });

  it('with a live provider session, the re-prompt (prompt=login) makes the provider ask again; without it, no question', async () => {
    const { b } = await signIn();
    for (const c of [lib.transactionCookie, lib.sessionCookie]) if (c) b.cookies.clear(c);
    const again = await b.navigate(`${origin}/login?prompt=login`);
    expect(isInteraction(again), formatChain(again.chain)).toBe(true);
    const auth = again.chain.find((h) => new URL(h.url).origin === op.issuer && new URL(h.url).pathname === '/auth');
    expect(new URL(auth!.url).searchParams.getAll('prompt')).toEqual(['login']);
    const silent = await b.navigate(`${origin}/login`);
    expect(silent.body).toContain('Signed in');
  });

  it.each([
    ['without iss', ''],
    ['with the right iss', 'iss'],
  ])('a forged error link (%s), no sign-in in progress: 400 "no longer valid", not a genuine "Sign-in canceled"', async (_label, withIss) => {
    app.events.length = 0;
    const b = new TestBrowser();
    const iss = withIss ? `&iss=${encodeURIComponent(op.issuer)}` : '';
    const page = await b.navigate(`${cb()}?error=access_denied&state=forged${iss}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain(STALE_PAGE);
    expect(page.body).not.toContain('Sign-in canceled');
    expect(page.body).not.toContain('Sign-in was not completed');
    expect(callbackEvents(app)).toMatchObject([{ code: 'invalid_state', reason: 'transaction_missing', ...named }]);
  });

  it('a forged error link while a sign-in is in progress (another state): 400, state_mismatch', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    await startAt(b);
    const page = await b.navigate(`${cb()}?error=access_denied&state=forged&iss=${encodeURIComponent(op.issuer)}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain(STALE_PAGE);
    expect(callbackEvents(app)).toMatchObject([{ code: 'invalid_state', reason: 'state_mismatch', ...named }]);
  });

  it('a real error after the transaction cookie was lost: 400 "no longer valid", transaction_missing', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const login = await b.navigate(`${origin}/login`);
    b.cookies.clear(lib.transactionCookie);
    const page = await b.submit(login, { button: 'Cancel' });
    expect(page.status).toBe(400);
    expect(page.body).toContain(STALE_PAGE);
    expect(page.body).toContain('Start again');
    expect(callbackEvents(app)).toMatchObject([{ code: 'invalid_state', reason: 'transaction_missing' }]);
  });

  it('replay of a successful callback (the back button): home, still signed in', async () => {
    const { b, page } = await signIn();
    const [callback] = hopsTo(page.chain, lib.callback, origin);
    app.events.length = 0;
    const replay = await b.navigate(callback!.url);
    expectNoLibraryText(replay);
    expect(new URL(replay.url).pathname).toBe('/');
    expect(replay.body).toContain('Signed in');
    for (const e of callbackEvents(app)) expect(e).toMatchObject({ outcome: 'redirect', reason: 'already_signed_in', location: '/' });
  });

  it('the transaction lost before a successful callback: one restart, then signed in (the provider session is live)', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const login = await b.navigate(`${origin}/login`);
    b.cookies.clear(lib.transactionCookie);
    const page = await b.submit(login, { button: 'Sign in' });
    expectNoLibraryText(page);
    expect(page.body, formatChain(page.chain)).toContain('Signed in');
    const restarts = hopsTo(page.chain, lib.callback, origin).filter((h) => h.location?.startsWith(`${origin}/login`));
    expect(restarts, formatChain(page.chain)).toHaveLength(1);
    expect(callbackEvents(app)).toMatchObject([{ code: 'sign_in_failed', outcome: 'redirect' }]);
  });

  it('the transaction expired on the server (the session cookie names a session it forgot): one restart, then signed in', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${origin}/login`);
    const stale = b.cookies.get(lib.transactionCookie)!;
    expect(stale, lib.transactionCookie).toBeDefined();
    b.cookies.setCookie(`${stale.name}=${stale.value.slice(0, -4)}AAAA; Path=/; HttpOnly; SameSite=Lax`, origin);
    const page = await b.submit(login, { button: 'Sign in' });
    expectNoLibraryText(page);
    expect(page.body, formatChain(page.chain)).toContain('Signed in');
  });

  it('two tabs: both sign-ins end signed in, neither shows an error', async () => {
    const b = new TestBrowser();
    const first = await b.navigate(`${origin}/login`);
    const second = await b.navigate(`${origin}/login`);
    const one = await b.submit(first, { button: 'Sign in' });
    expectNoLibraryText(one);
    expect(one.body, formatChain(one.chain)).toContain('Signed in');
    const two = await b.submit(second, { button: 'Sign in' });
    expectNoLibraryText(two);
    expect(two.body, formatChain(two.chain)).toContain('Signed in');
  });

  it('a stale success link with nothing in progress: one restart, then (past the guard) the 400 page; library text only in development', async () => {
    app.events.length = 0;
    const b = new TestBrowser();
    const stale = `${cb()}?code=stale-code&state=stale-state&iss=${encodeURIComponent(op.issuer)}`;
    const first = await b.navigate(stale);
    // A library that redirects to signInFailedPath() itself (passport) goes through one probe of our cookie first.
    const restarts = hopsTo(first.chain, lib.callback, origin).filter((h) => h.location === `${origin}/login`);
    expect(restarts, formatChain(first.chain)).toHaveLength(1);
    expect(isInteraction(first)).toBe(true);
    const second = await b.navigate(stale);
    expect(second.status, formatChain(second.chain)).toBe(400);
    expect(second.body).toContain(STALE_PAGE);
    expect(second.body).toContain('Start again');
    for (const hop of second.chain) expect(hop.status).toBeLessThan(500);
    const events = callbackEvents(app).filter((e) => e.code === 'sign_in_failed' && e.reason !== 'cookie_probe');
    expect(events.map((e) => e.outcome)).toEqual(['redirect', 'render']);
    expect(events[1]).toMatchObject({ reason: 'limit_reached', library: lib.library ?? 'openid-client' });
    if (!development) expectNoLibraryText(second);
    else if (lib.devText) expect(second.body).toContain(lib.devText);
    if (development) expect(second.body).toContain(lib.library ?? 'openid-client');
  });
});
