/**
 * Issue 9, items 1 and 2, in real Chromium: automatic redirects stay within the loop guard's documented
 * limits, for `response_mode=query` and `form_post`, over plain http and over https behind a
 * TLS-terminating proxy that the app does not trust (so `req.secure` is false), with and without
 * `X-Forwarded-Proto`.
 *
 * The provider (in-process oidc-provider) runs on `127.0.0.1` and the app on `localhost`: two sites, so
 * the provider's form_post is a cross-site POST, which carries only `SameSite=None; Secure` cookies.
 * - "the provider stays down": every authorization request is answered `temporarily_unavailable`; the
 *   app must send the browser back at most `limits.retries` (2) times, then show the 503 page.
 * - "the code exchange always fails": the user has a session at the provider, so every authorization
 *   request comes straight back with a code, and the app's exchange fails with `invalid_grant` (a PKCE
 *   verifier that got lost, as behind a load balancer); `oktaApiErrorHandler` must restart sign-in at
 *   most `limits.restarts` (1) time, then show the page with a way to start again by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as oidc from 'openid-client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import { listen, type ListeningServer } from '../fixtures/relying-party/http.js';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/express/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SKIP = process.env.SKIP_BROWSER_TESTS === '1';
const CALLBACK = '/authorization-code/callback';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'];
const TLS = { key: readFileSync(new URL('../fixtures/tls/localhost.key', import.meta.url)), cert: readFileSync(new URL('../fixtures/tls/localhost.crt', import.meta.url)) };

type Mode = 'query' | 'form_post';
type Transport = 'http' | 'https proxy with X-Forwarded-Proto' | 'https proxy without X-Forwarded-Proto';
const MODES: readonly Mode[] = ['query', 'form_post'];
const TRANSPORTS: readonly Transport[] = ['http', 'https proxy with X-Forwarded-Proto', 'https proxy without X-Forwarded-Proto'];

/** What one relying party saw. */
interface Counts {
  logins: number;
  callbacks: number;
  exchanges: number;
  /** `Sec-Fetch-Site` of every POST to the callback (the provider's form_post). */
  postSites: string[];
}

interface RelyingParty {
  readonly origin: string;
  readonly counts: Counts;
  reset(): void;
}

/** A TLS-terminating proxy on `localhost` in front of `target`, adding `X-Forwarded-Proto` or not. */
async function tlsProxy(target: number, forwardedProto: boolean): Promise<{ origin: string; close(): Promise<void> }> {
  const server = https.createServer(TLS, (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, ...(forwardedProto && { 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host }) };
    const upstream = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `https://localhost:${port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe.skipIf(SKIP)('redirect loops in a real browser (Chromium): query and form_post, http and https behind a proxy', { timeout: 120_000 }, () => {
  let browser: Browser;
  let op: ProviderHandle;
  const closers: (() => Promise<void>)[] = [];
  const parties = new Map<string, RelyingParty>();
  const key = (mode: Mode, transport: Transport, failure: 'down' | 'exchange') => `${mode}|${transport}|${failure}`;

  /**
   * The app: `/login` starts a sign-in (with the provider told to fail, for "down"); the callback route
   * exchanges the code with a PKCE verifier that is not the one sent (for "exchange").
   */
  async function relyingParty(server: ListeningServer, origin: string, mode: Mode, failure: 'down' | 'exchange', clientId: string): Promise<RelyingParty> {
    const config = await oidc.discovery(new URL(op.issuer), clientId, `${clientId}-secret`, undefined, { execute: [oidc.allowInsecureRequests] });
    const counts: Counts = { logins: 0, callbacks: 0, exchanges: 0, postSites: [] };
    const redirectUri = `${origin}${CALLBACK}`;
    const app = express();
    app.use((req, _res, next) => {
      if (req.method === 'POST' && req.path === CALLBACK) counts.postSites.push(String(req.headers['sec-fetch-site'] ?? '(none)'));
      next();
    });
    app.use(oktaErrorHandler({ loginPath: '/login', issuer: op.issuer }));
    app.use(express.urlencoded({ extended: false }));
    app.get('/login', async (_req, res) => {
      counts.logins++;
      const verifier = oidc.randomPKCECodeVerifier();
      const params: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: 'openid',
        state: oidc.randomState(),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      };
      if (mode === 'form_post') params.response_mode = 'form_post';
      if (failure === 'down') params.demo_error = 'temporarily_unavailable';
      res.redirect(303, oidc.buildAuthorizationUrl(config, params).href);
    });
    app.all(CALLBACK, async (req, res, next) => {
      counts.callbacks++;
      try {
        const state = String((req.method === 'POST' ? req.body?.state : req.query.state) ?? '');
        const url = new URL(req.originalUrl, redirectUri);
        const input = req.method === 'POST' ? new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(req.body as Record<string, string>).toString() }) : url;
        counts.exchanges++;
        // The verifier this instance kept is not the one the sign-in started with (lost behind a load balancer).
        await oidc.authorizationCodeGrant(config, input, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state });
        res.send('signed in');
      } catch (err) {
        next(err);
      }
    });
    app.use(oktaApiErrorHandler({ loginPath: '/login' }));
    server.attach(app);
    return { origin, counts, reset: () => Object.assign(counts, { logins: 0, callbacks: 0, exchanges: 0, postSites: [] }) };
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/install-browser, or set SKIP_BROWSER_TESTS=1.`);
    const slots: { server: ListeningServer; origin: string; mode: Mode; transport: Transport; failure: 'down' | 'exchange'; clientId: string }[] = [];
    for (const mode of MODES) {
      for (const transport of TRANSPORTS) {
        for (const failure of ['down', 'exchange'] as const) {
          const server = await listen(0, '127.0.0.1', 'localhost');
          closers.push(() => server.close());
          let origin = server.origin;
          if (transport !== 'http') {
            const proxy = await tlsProxy(server.port, transport === 'https proxy with X-Forwarded-Proto');
            closers.push(proxy.close);
            origin = proxy.origin;
          }
          slots.push({ server, origin, mode, transport, failure, clientId: `loops-${slots.length}` });
        }
      }
    }
    [op, browser] = await Promise.all([
      startProvider({
        clients: slots.map((s) => ({ client_id: s.clientId, client_secret: `${s.clientId}-secret`, redirect_uris: [`${s.origin}${CALLBACK}`], grant_types: ['authorization_code'], response_types: ['code'] })),
      }),
      chromium.launch({ executablePath: CHROMIUM, args: ARGS }),
    ]);
    for (const s of slots) parties.set(key(s.mode, s.transport, s.failure), await relyingParty(s.server, s.origin, s.mode, s.failure, s.clientId));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...closers.map((c) => c()), op?.close()]);
  });

  /** Goes to `url` and waits until the app answers with an error page (or 15 s pass: a loop). */
  async function untilErrorPage(page: Page, url: string, start: () => Promise<unknown>): Promise<number> {
    const settled = page.waitForResponse((r) => r.frame() === page.mainFrame() && r.request().isNavigationRequest() && r.status() >= 400 && r.url().startsWith(url), { timeout: 15_000 });
    await start();
    return (await settled).status();
  }

  describe.each(MODES)('response_mode=%s', (mode) => {
    describe.each(TRANSPORTS)('%s', (transport) => {
      it('item 2: a provider that stays down (temporarily_unavailable) is retried at most limits.retries (2) times, then the 503 page', async () => {
        const rp = parties.get(key(mode, transport, 'down'))!;
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const status = await untilErrorPage(page, `${rp.origin}${CALLBACK}`, () => page.goto(`${rp.origin}/login`).catch(() => undefined));
          expect(status).toBe(503);
          expect(rp.counts.logins, 'sign-ins started: the first, then one per retry').toBe(3);
          expect(await page.locator('h1').innerText()).toBe('Sign-in is temporarily unavailable');
        } finally {
          await context.close();
          rp.reset();
        }
      });

      it('item 1: a code exchange that always fails (invalid_grant) restarts sign-in at most limits.restarts (1) time, then a page to start again by hand', async () => {
        const rp = parties.get(key(mode, transport, 'exchange'))!;
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${rp.origin}/login`);
          expect(page.url().startsWith(`${op.issuer}/interaction/`), page.url()).toBe(true);
          const status = await untilErrorPage(page, `${rp.origin}${CALLBACK}`, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
          expect(status).toBe(400);
          expect(rp.counts.exchanges, 'failed exchanges: the first, then one per restart').toBe(2);
          expect(rp.counts.logins).toBe(2);
          const action = page.locator('a.action');
          expect(await action.getAttribute('href')).toBe('/login');
          // Starting again by hand works: one more sign-in, still bounded.
          await untilErrorPage(page, `${rp.origin}${CALLBACK}`, () => action.click());
          expect(rp.counts.logins).toBe(3);
        } finally {
          await context.close();
          rp.reset();
        }
      });
    });
  });

  it('the browser really is cross-site for form_post: the callback POST carries Sec-Fetch-Site: cross-site', async () => {
    const rp = parties.get(key('form_post', 'http', 'down'))!;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await untilErrorPage(page, `${rp.origin}${CALLBACK}`, () => page.goto(`${rp.origin}/login`).catch(() => undefined));
      expect(rp.counts.postSites.length).toBe(3);
      expect(new Set(rp.counts.postSites)).toEqual(new Set(['cross-site']));
    } finally {
      await context.close();
      rp.reset();
    }
  });

});
