/**
 * The callback interceptor end to end: a real oidc-provider on loopback sends real error responses to a
 * relying party (openid-client v6) with `oktaErrorHandler` mounted in front of its redirect_uri. The test
 * browser follows every redirect with its cookie jar, as a user's browser would.
 */
import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelyingPartyApp, DEFAULT_CALLBACK_PATH, getRelyingPartyState } from '../fixtures/relying-party/express.js';
import { createKoaRelyingPartyApp, getKoaRelyingPartyState } from '../fixtures/relying-party/koa.js';
import { startProvider, type ClientMetadata, type ProviderHandle } from '../fixtures/provider/index.js';
import { listen, type ListeningServer, type RequestListener } from '../fixtures/relying-party/http.js';
import type { RelyingPartySettings } from '../fixtures/relying-party/relying-party.js';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { CALLBACK_SEVERITY } from '../../src/catalog/telemetry.js';
import type { OktaErrorEvent } from '../../src/core/events.js';
import type { OktaErrorHandlerOptions } from '../../src/core/options/index.js';
import { oktaErrorHandler } from '../../src/express/index.js';
import { oktaErrorHandler as koaErrorHandler } from '../../src/koa/index.js';
import { formatChain, hopsTo, responseParams, TestBrowser, type Hop, type Page } from '../support/browser/index.js';

const CALLBACK = DEFAULT_CALLBACK_PATH;

function client(id: string, origin: string): ClientMetadata {
  return { client_id: id, client_secret: `${id}-secret`, redirect_uris: [`${origin}${CALLBACK}`], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
}

/** The callback requests of a flow, in order. */
function callbacks(page: Page, origin: string): Hop[] {
  return hopsTo(page.chain, CALLBACK, origin);
}

/** Options shared by every framework; `verifyState` is bound to each relying party's own transactions. */
type Interceptor = Omit<OktaErrorHandlerOptions, 'verifyState'> & { verifyState: (req: never, state: string) => boolean };

/** The example relying party on each supported framework, with the matching interceptor in front of its callback. */
const frameworks: Array<{ name: string; create: (settings: RelyingPartySettings, parseFirst: boolean, options: Interceptor) => Promise<RequestListener> }> = [
  ...[
    { name: 'Express 5', express: express5 },
    { name: 'Express 4', express: express4 },
  ].map(({ name, express }) => ({
    name,
    create: async (settings: RelyingPartySettings, parseFirst: boolean, options: Interceptor) => {
      let state: ReturnType<typeof getRelyingPartyState> | undefined;
      const app = await createRelyingPartyApp({
        ...settings,
        express,
        parseBodyBeforeErrorHandler: parseFirst,
        errorHandler: oktaErrorHandler({ ...options, verifyState: (req, s) => state?.verifyState(req, s) ?? false }),
      });
      state = getRelyingPartyState(app);
      return app;
    },
  })),
  ...[
    { name: 'Koa 3', Koa: Koa3 },
    { name: 'Koa 2', Koa: Koa2 as unknown as typeof Koa3 },
  ].map(({ name, Koa }) => ({
    name,
    create: async (settings: RelyingPartySettings, parseFirst: boolean, options: Interceptor) => {
      let state: ReturnType<typeof getKoaRelyingPartyState> | undefined;
      const app = await createKoaRelyingPartyApp({
        ...settings,
        Koa,
        parseBodyBeforeErrorHandler: parseFirst,
        errorHandler: koaErrorHandler({ ...options, verifyState: (ctx, s) => state?.verifyState(ctx, s) ?? false }),
      });
      state = getKoaRelyingPartyState(app);
      return app.callback();
    },
  })),
];

describe.each(frameworks)('callback interceptor end to end ($name)', ({ create }) => {
  let op: ProviderHandle;
  let other: ProviderHandle;
  const servers: ListeningServer[] = [];
  const events: OktaErrorEvent[] = [];
  let rp: string;
  let rpFp: string;

  async function relyingParty(server: ListeningServer, clientId: string, responseMode: 'query' | 'form_post'): Promise<void> {
    const settings = { issuer: op.issuer, clientId, clientSecret: `${clientId}-secret`, baseUrl: server.origin, responseMode };
    const options: Interceptor = { loginPath: '/login', issuer: op.issuer, requireIss: true, verifyState: () => false, onError: (e) => events.push(e) };
    // In the form_post app the interceptor reads the raw body itself; in the other a body parser runs first.
    server.attach(await create(settings, responseMode === 'query', options));
  }

  beforeAll(async () => {
    const rpQuery = await listen();
    const rpFormPost = await listen();
    servers.push(rpQuery, rpFormPost);
    rp = rpQuery.origin;
    rpFp = rpFormPost.origin;
    const clients = [client('rp-query', rp), client('rp-form-post', rpFp)];
    op = await startProvider({ clients });
    other = await startProvider({ clients });
    await relyingParty(rpQuery, 'rp-query', 'query');
    await relyingParty(rpFormPost, 'rp-form-post', 'form_post');
  });

  afterAll(async () => {
    await Promise.all([...servers.map((s) => s.close()), op?.close(), other?.close()]);
  });

  it.each([
    ['query', () => rp],
    ['form_post', () => rpFp],
  ])('%s: prompt=none without a session → login_required → re-prompt → real sign-in → signed in', async (mode, origin) => {
    const b = new TestBrowser();
    const login = await b.navigate(`${origin()}/login/silent`);
    const [cb] = callbacks(login, origin());
    expect(cb, formatChain(login.chain)).toBeDefined();
    expect(cb!.method).toBe(mode === 'form_post' ? 'POST' : 'GET');
    expect(responseParams(cb!)).toMatchObject({ error: 'login_required', iss: op.issuer });
    expect(cb!.status).toBe(303);
    expect(cb!.location).toBe(`${origin()}/login?prompt=login`);
    // The re-prompt reached the provider's interactive sign-in page.
    expect(login.url).toMatch(/\/interaction\//);
    expect(login.body).toContain('Sign in');

    const me = await b.submit(login, { button: 'Sign in' });
    expect(callbacks(me, origin()).at(-1)!.status).toBe(303);
    const home = await b.navigate(`${origin()}/me`);
    expect(JSON.parse(home.body)).toMatchObject({ sub: 'alice' });
  });

  it.each([
    ['query', () => rp],
    ['form_post', () => rpFp],
  ])('%s: Cancel at the provider → access_denied → 403 page, not "state mismatch"', async (_mode, origin) => {
    const b = new TestBrowser();
    const login = await b.navigate(`${origin()}/login`);
    const page = await b.submit(login, { button: 'Cancel' });
    expect(page.url.startsWith(`${origin()}${CALLBACK}`)).toBe(true);
    expect(page.status).toBe(403);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('<h1>Sign-in canceled</h1>');
    expect(page.body).toContain('<a class="action" href="/login">Sign in</a><a class="home" href="/">Back to the home page</a>');
    expect(page.body).not.toContain('End-User aborted'); // the provider's description stays out of production pages
    expect(page.body).not.toMatch(/state/i);
    const event = events.filter((e) => e.type === 'callback.error' && e.code === 'access_denied').at(-1)!;
    expect(event).toMatchObject({ category: 'denied', errorType: 'oidc.access_denied', docsUrl: 'node_modules/okta-error-handler/docs/errors.md#access_denied' });
  });

  it('a second silent failure in the window renders the 401 page instead of looping', async () => {
    const b = new TestBrowser();
    const first = await b.navigate(`${rp}/login/silent`);
    expect(callbacks(first, rp)[0]!.status).toBe(303);
    const second = await b.navigate(`${rp}/login/silent`);
    const cbs = callbacks(second, rp);
    expect(cbs).toHaveLength(1);
    expect(second.status).toBe(401);
    expect(second.body).toContain('href="/login?prompt=login"');
  });

  // Every code in the catalog, sent by the real provider through a real redirect.
  const providerCodes = Object.entries(CALLBACK_ERRORS).filter(([, row]) => !('internal' in row));
  it.each(providerCodes)('%s through a real redirect', async (code, row) => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}/demo/error/${code}`, { max: 8 });
    const [cb] = callbacks(page, rp);
    expect(cb, formatChain(page.chain)).toBeDefined();
    expect(responseParams(cb!)).toMatchObject({ error: code, iss: op.issuer });
    // The event says how loud it is (by the row's category), names the code for OpenTelemetry, and links to its entry.
    const event = events.filter((e) => e.type === 'callback.error' && e.code === code).at(-1)!;
    expect(event).toMatchObject({ severity: CALLBACK_SEVERITY[row.category], errorType: `oidc.${code}`, docsUrl: `node_modules/okta-error-handler/docs/errors.md#${code}` });
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    if (row.action === 'render') {
      expect(cb!.status).toBe(row.status);
    } else {
      const prompt = 'prompt' in row && row.prompt ? `?prompt=${row.prompt}` : '';
      expect(cb!.status).toBe(303);
      expect(cb!.location).toBe(`${rp}/login${prompt}`);
    }
  });

  it('an unknown code from the provider renders 400', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}/demo/error/brand_new_error`, { max: 8 });
    expect(callbacks(page, rp)[0]!.status).toBe(400);
  });

  it('a stale or replayed error response (state not ours) → 400 "no longer valid", no redirect', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}${CALLBACK}?error=login_required&state=forged&iss=${encodeURIComponent(op.issuer)}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('no longer valid');
    expect(page.chain).toHaveLength(1);
  });

  it('mix-up: a real error response from another provider, with our own state, is refused (RFC 9207)', async () => {
    const b = new TestBrowser();
    // Start a genuine transaction at the RP, then send the browser to the other provider instead.
    const start = await b.get(`${rp}/login/silent`);
    const auth = new URL(start.location!);
    const forged = new URL(auth.pathname + auth.search, other.issuer);
    const page = await b.navigate(forged.href, { max: 3 });
    const [cb] = callbacks(page, rp);
    expect(responseParams(cb!)).toMatchObject({ error: 'login_required', iss: other.issuer });
    expect(cb!.status).toBe(400);
    expect(page.body).toContain('no longer valid');
    expect(events.some((e) => e.type === 'callback.error' && e.code === 'issuer_mismatch')).toBe(true);
  });

  it('every handled error produced one sanitized event without state values', () => {
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) {
      const text = JSON.stringify(e);
      expect(text).not.toMatch(/[\r\n]/);
      expect(text).not.toContain('"state"');
    }
  });
});
