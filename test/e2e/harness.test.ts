/**
 * Proves the end-to-end harness against the real in-process provider, with NO
 * error handler in front of the app: authorization errors must arrive at the
 * relying party's redirect_uri exactly as a browser would deliver them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRelyingPartyApp } from '../fixtures/relying-party/express.js';
import { createKoaRelyingPartyApp } from '../fixtures/relying-party/koa.js';
import { startProvider, type ClientMetadata, type ProviderHandle } from '../fixtures/provider/index.js';
import { listen, type ListeningServer, type RequestListener } from '../fixtures/relying-party/http.js';
import { DEFAULT_CALLBACK_PATH, type RelyingPartySettings } from '../fixtures/relying-party/relying-party.js';
import {
  formatChain,
  hopsTo,
  parseForms,
  parseHiddenInputs,
  responseParams,
  TestBrowser,
  type Hop,
  type Page,
} from '../support/browser/index.js';

const CALLBACK = DEFAULT_CALLBACK_PATH;

function clientFor(clientId: string, origin: string): ClientMetadata {
  return {
    client_id: clientId,
    client_secret: `${clientId}-secret`,
    redirect_uris: [`${origin}${CALLBACK}`],
    post_logout_redirect_uris: [`${origin}/`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

/** The single request that reached the RP's redirect_uri in this flow. */
function callbackHop(page: Page, origin: string): Hop {
  const hops = hopsTo(page.chain, CALLBACK, origin);
  expect(hops, `expected exactly one callback request in:\n${formatChain(page.chain)}`).toHaveLength(1);
  return hops[0]!;
}

/** The `state` the RP sent in its authorization request (first request to the provider's /auth). */
function requestedState(page: Page, issuer: string): string | null {
  const auth = hopsTo(page.chain, '/auth', new URL(issuer).origin)[0];
  return auth ? new URL(auth.url).searchParams.get('state') : null;
}

function json(page: Page): unknown {
  expect(page.headers.get('content-type')).toMatch(/application\/json/);
  return JSON.parse(page.body);
}

/** The same example relying party on each framework the library supports. */
const relyingParties: Array<{ name: string; create: (settings: RelyingPartySettings) => Promise<RequestListener> }> = [
  { name: 'Express 5', create: (settings) => createRelyingPartyApp({ ...settings, express: express5 }) },
  { name: 'Express 4', create: (settings) => createRelyingPartyApp({ ...settings, express: express4 }) },
  { name: 'Koa 3', create: async (settings) => (await createKoaRelyingPartyApp({ ...settings, Koa: Koa3 })).callback() },
  { name: 'Koa 2', create: async (settings) => (await createKoaRelyingPartyApp({ ...settings, Koa: Koa2 as unknown as typeof Koa3 })).callback() },
];

describe.each(relyingParties)('OIDC harness ($name, no error handler)', ({ create }) => {
  let op: ProviderHandle;
  let rpQuery: ListeningServer;
  let rpFormPost: ListeningServer;
  let rp: string;
  let rpFp: string;

  beforeAll(async () => {
    // RP servers first (their ports go into the client registrations), then the
    // provider, then the RP apps (they run discovery against the provider).
    rpQuery = await listen();
    rpFormPost = await listen();
    rp = rpQuery.origin;
    rpFp = rpFormPost.origin;
    op = await startProvider({ clients: [clientFor('rp-query', rp), clientFor('rp-form-post', rpFp)] });
    rpQuery.attach(await create({
      issuer: op.issuer, clientId: 'rp-query', clientSecret: 'rp-query-secret', baseUrl: rp,
    }));
    rpFormPost.attach(await create({
      issuer: op.issuer, clientId: 'rp-form-post', clientSecret: 'rp-form-post-secret', baseUrl: rpFp, responseMode: 'form_post',
    }));
  });

  afterAll(async () => {
    await Promise.all([rpQuery?.close(), rpFormPost?.close(), op?.close()]);
  });

  it('(a) signs in: /login → provider sign-in page → submit → callback → signed in', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rp}/login?returnTo=/me`);
    expect(login.status).toBe(200);
    expect(login.url).toMatch(new RegExp(`^${op.issuer}/interaction/[\\w-]+$`));
    expect(login.body).toContain('Sign in');
    expect(login.body).toContain('Cancel');
    expect(login.body).not.toContain('Deny consent');
    expect(login.chain.map((h) => [new URL(h.url).pathname.replace(/\/interaction\/.*/, '/interaction/:uid'), h.status])).toEqual([
      ['/login', 303],
      ['/auth', 303],
      ['/interaction/:uid', 200],
    ]);
    expect(parseForms(login.body, login.url)[0]!.fields).toEqual({ login: 'alice' });

    const me = await b.submit(login, { button: 'Sign in' });
    expect(me.url).toBe(`${rp}/me`);
    expect(me.status).toBe(200);
    expect(json(me)).toEqual({ sub: 'alice', name: 'Alice', email: 'alice@example.com' });

    const cb = callbackHop(me, rp);
    expect(cb.method).toBe('GET');
    expect(cb.status).toBe(303);
    expect(cb.cookiesSent).toContain('rp_tx');
    const params = responseParams(cb);
    expect(params.code).toBeTruthy();
    expect(params.state).toBe(requestedState(login, op.issuer));
    expect(params.iss).toBe(op.issuer);
    expect(params.error).toBeUndefined();

    const home = await b.navigate(`${rp}/`);
    expect(home.body).toContain('Signed in as <strong>Alice</strong>');
    expect(b.cookies.get('rp_tx')).toBeUndefined(); // transaction consumed and its cookie cleared
    expect(b.cookies.get('rp_session', rp)).toMatchObject({ httpOnly: true, sameSite: 'lax', domain: '127.0.0.1' });
  });

  it('(a) honours login_hint and signs in another account', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rp}/login?login_hint=bob&returnTo=/me`);
    expect(parseForms(login.body, login.url)[0]!.fields.login).toBe('bob');
    const me = await b.submit(login, { action: /\/login$/ });
    expect(json(me)).toMatchObject({ sub: 'bob', name: 'Bob', email: 'bob@example.com' });
  });

  it('(b) /login/silent without a provider session: callback gets error=login_required with state and iss', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}/login/silent`);
    expect(hopsTo(page.chain, '/interaction', op.issuer)).toEqual([]);
    expect(page.chain.some((h) => h.url.includes('/interaction/'))).toBe(false);

    const cb = callbackHop(page, rp);
    const params = responseParams(cb);
    expect(params).toMatchObject({ error: 'login_required', iss: op.issuer });
    expect(params.state).toBe(requestedState(page, op.issuer));
    expect(params.code).toBeUndefined();

    // What the naive app does with it (no error handler mounted):
    expect(page.url).toBe(cb.url);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in failed: OAUTH_AUTHORIZATION_RESPONSE_ERROR');
    expect(page.body).toContain('error=login_required');
  });

  it('(c) Cancel at the provider: callback gets error=access_denied', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rp}/login`);
    const page = await b.submit(login, { button: 'Cancel' });
    const params = responseParams(callbackHop(page, rp));
    expect(params).toMatchObject({
      error: 'access_denied',
      error_description: 'End-User aborted interaction', // oidc-provider's own text for an aborted interaction
      state: requestedState(page, op.issuer),
      iss: op.issuer,
    });
    expect(page.status).toBe(400);
  });

  it('(c) prompt=consent without a session: a sign-in page, without a Deny consent button (issue 12)', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rp}/login?prompt=consent`);
    expect(login.body).toContain('Sign in');
    expect(login.body).toContain('Cancel');
    expect(login.body).not.toContain('Deny consent');
  });

  it('(c) prompt=consent with an existing session shows Allow / Deny consent and both work', async () => {
    const b = new TestBrowser();
    await b.submit(await b.navigate(`${rp}/login`), { button: 'Sign in' });

    const consent = await b.navigate(`${rp}/login?prompt=consent&returnTo=/me`);
    expect(consent.body).toContain('Allow');
    const me = await b.submit(consent, { button: 'Allow' });
    expect(json(me)).toMatchObject({ sub: 'alice' });

    const again = await b.navigate(`${rp}/login?prompt=consent`);
    const denied = await b.submit(again, { button: 'Deny consent' });
    expect(responseParams(callbackHop(denied, rp))).toMatchObject({ error: 'access_denied', error_description: 'End-User aborted interaction', iss: op.issuer });
  });

  it('(c) prompt=select_account and prompt=login show the sign-in page and complete', async () => {
    const b = new TestBrowser();
    for (const prompt of ['select_account', 'login']) {
      const page = await b.navigate(`${rp}/login?prompt=${prompt}&returnTo=/me`);
      expect(page.url).toContain('/interaction/');
      const me = await b.submit(page, { button: 'Sign in' }, { login: `user-${prompt}` });
      expect(json(me)).toMatchObject({ sub: `user-${prompt}` });
    }
  });

  it('(d) form_post: the provider auto-submit page POSTs the error to the callback', async () => {
    // Stop at the provider's form_post page first, to look at it.
    const b = new TestBrowser();
    const formPage = await b.navigate(`${rpFp}/login/silent`, { autoSubmit: false });
    expect(formPage.url).toMatch(new RegExp(`^${op.issuer}/auth\\?`));
    expect(formPage.status).toBe(400); // oidc-provider answers error form_posts with 400
    const form = parseForms(formPage.body, formPage.url)[0]!;
    expect(form).toMatchObject({ method: 'POST', action: `${rpFp}${CALLBACK}` });
    expect(parseHiddenInputs(formPage.body)).toMatchObject({ error: 'login_required', iss: op.issuer });

    // Now as a browser with JavaScript.
    const page = await b.follow(formPage);
    const cb = callbackHop(page, rpFp);
    expect(cb.method).toBe('POST');
    expect(cb.form).toMatchObject({
      error: 'login_required',
      state: requestedState(page, op.issuer),
      iss: op.issuer,
    });
    expect(cb.form!.error_description).toBeTruthy();
    expect(cb.site).toBe('same-site'); // provider and RP: same host, different ports
    expect(cb.cookiesSent).toContain('rp_tx'); // so SameSite=Lax is enough
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in failed: OAUTH_AUTHORIZATION_RESPONSE_ERROR');
  });

  it('(d) form_post: a full sign-in succeeds', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rpFp}/login?returnTo=/me`);
    const me = await b.submit(login, { button: 'Sign in' });
    expect(json(me)).toEqual({ sub: 'alice', name: 'Alice', email: 'alice@example.com' });
    const cb = callbackHop(me, rpFp);
    expect(cb.method).toBe('POST');
    expect(cb.status).toBe(303);
    expect(Object.keys(cb.form!).sort()).toEqual(['code', 'iss', 'state']);
    expect(cb.form!.iss).toBe(op.issuer);
  });

  it('(d) form_post can also be requested per login on the query-mode app', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}/login/silent?response_mode=form_post`);
    const cb = callbackHop(page, rp);
    expect(cb.method).toBe('POST');
    expect(cb.form).toMatchObject({ error: 'login_required', iss: op.issuer });
  });

  it.each(['temporarily_unavailable', 'invalid_scope', 'consent_required'])(
    '(e) arbitrary error %s via /demo/error/:code reaches the callback (query)',
    async (code) => {
      const b = new TestBrowser();
      const page = await b.navigate(`${rp}/demo/error/${code}?description=${encodeURIComponent(`described ${code}`)}`);
      const params = responseParams(callbackHop(page, rp));
      expect(params).toEqual({
        error: code,
        error_description: `described ${code}`,
        state: requestedState(page, op.issuer),
        iss: op.issuer,
      });
      expect(page.chain.map((h) => h.status)).toEqual([303, 303, 400]);
    },
  );

  it('(e) arbitrary error via /demo/error/:code reaches the callback (form_post)', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rpFp}/demo/error/temporarily_unavailable`);
    const cb = callbackHop(page, rpFp);
    expect(cb.method).toBe('POST');
    expect(cb.form).toMatchObject({ error: 'temporarily_unavailable', iss: op.issuer, state: requestedState(page, op.issuer) });
  });

  it('(e) arbitrary error via the interaction abort route (GET and the "Send error" form)', async () => {
    const b = new TestBrowser();
    const login = await b.navigate(`${rp}/login`);
    const viaGet = await b.navigate(`${login.url}/abort?error=server_error&error_description=boom`, { initiator: login.url });
    expect(responseParams(callbackHop(viaGet, rp))).toMatchObject({ error: 'server_error', error_description: 'boom', iss: op.issuer });

    const login2 = await b.navigate(`${rp}/login`);
    const viaForm = await b.submit(login2, { button: 'Send error' }, { error: 'interaction_required', error_description: 'from the form' });
    expect(responseParams(callbackHop(viaForm, rp))).toMatchObject({
      error: 'interaction_required',
      error_description: 'from the form',
      state: requestedState(viaForm, op.issuer),
      iss: op.issuer,
    });
  });

  it('(f) after signing in once, /login/silent succeeds without interaction', async () => {
    const b = new TestBrowser();
    await b.submit(await b.navigate(`${rp}/login`), { button: 'Sign in' });
    await b.navigate(`${rp}/logout`); // local sign-out only; the provider session stays
    expect((await b.navigate(`${rp}/me`)).status).toBe(401);

    const page = await b.navigate(`${rp}/login/silent?returnTo=/me`);
    expect(page.chain.some((h) => h.url.includes('/interaction/'))).toBe(false);
    expect(responseParams(callbackHop(page, rp)).code).toBeTruthy();
    expect(json(page)).toMatchObject({ sub: 'alice' });

    // The demo error switch still works with a provider session (no interaction needed).
    const err = await b.navigate(`${rp}/demo/error/invalid_scope`);
    expect(responseParams(callbackHop(err, rp))).toMatchObject({ error: 'invalid_scope', iss: op.issuer });
  });

  it('/logout?everywhere=1 ends the provider session too', async () => {
    const b = new TestBrowser();
    await b.submit(await b.navigate(`${rp}/login`), { button: 'Sign in' });
    const confirm = await b.navigate(`${rp}/logout?everywhere=1`);
    expect(confirm.url).toContain(`${op.issuer}/session/end`);
    const home = await b.submit(confirm, { button: 'Yes, sign me out' });
    expect(home.url).toBe(`${rp}/`);
    expect(home.body).toContain('Not signed in');

    const silent = await b.navigate(`${rp}/login/silent`);
    expect(responseParams(callbackHop(silent, rp)).error).toBe('login_required');
  });

  it('a stale callback (no transaction) fails the state check in the naive app', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${rp}${CALLBACK}?error=access_denied&state=stale&iss=${encodeURIComponent(op.issuer)}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in failed: OAUTH_INVALID_RESPONSE');
    expect(page.body).toContain('unexpected &quot;state&quot; response parameter encountered');
  });

  it('an expired/unknown interaction renders an error page instead of crashing', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${op.issuer}/interaction/unknown-uid`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('expired or was already completed');
  });
});

describe('TestBrowser', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const url = new URL(req.url!, 'http://x');
        if (url.pathname === '/set') {
          res.setHeader('Set-Cookie', [
            'lax=1; Path=/; HttpOnly',
            'strict=1; Path=/; SameSite=Strict',
            'none=1; Path=/; SameSite=None; Secure',
            'scoped=1; Path=/deep',
            'gone=1; Path=/; Max-Age=0',
          ]);
          res.end('ok');
        } else if (url.pathname === '/redirect') {
          res.statusCode = Number(url.searchParams.get('status') ?? 302);
          res.setHeader('Location', url.searchParams.get('to') ?? '/echo');
          res.end();
        } else {
          res.setHeader('Content-Type', 'text/html');
          res.end(`<form method="post" action="/echo?x=1"><input type="hidden" name="a" value="&quot;1&amp;2&quot;"><input name="t" value="v"><input type="checkbox" name="c"><button name="go" value="yes">Go &amp; see</button></form>`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends navigation headers like a browser', async () => {
    const b = new TestBrowser();
    await b.get(`${origin}/echo`);
    const h = seen.at(-1)!.headers;
    expect(h['sec-fetch-mode']).toBe('navigate');
    expect(h['sec-fetch-dest']).toBe('document');
    expect(h['sec-fetch-site']).toBe('none');
    expect(h['sec-fetch-user']).toBe('?1');
    expect(h.accept).toMatch(/^text\/html/);
  });

  it('keeps cookies per host (ignoring the port) with path, expiry and SameSite rules', async () => {
    const b = new TestBrowser();
    await b.get(`${origin}/set`);
    expect(b.cookies.all().map((c) => c.name).sort()).toEqual(['lax', 'none', 'scoped', 'strict']);

    // Another port on the same host is the same cookie host and the same site.
    const otherPort = origin.replace(/:\d+$/, ':9');
    expect(b.cookies.cookiesFor(`${otherPort}/x`).map((c) => c.name).sort()).toEqual(['lax', 'none', 'strict']);
    expect(b.cookies.cookiesFor(`${otherPort}/deep/er`).map((c) => c.name)).toContain('scoped');

    // Cross-site: Strict never, Lax only for top-level GET, None always.
    expect(b.cookies.cookiesFor(`${origin}/`, { sameSiteContext: false, method: 'GET' }).map((c) => c.name).sort()).toEqual(['lax', 'none']);
    expect(b.cookies.cookiesFor(`${origin}/`, { sameSiteContext: false, method: 'POST' }).map((c) => c.name)).toEqual(['none']);
  });

  it('follows redirects (303 → GET, 307 keeps POST) and records the chain', async () => {
    const b = new TestBrowser();
    const page = await b.navigate(`${origin}/redirect?status=303&to=${encodeURIComponent('/redirect?status=302&to=/echo')}`);
    expect(page.chain.map((h) => h.status)).toEqual([303, 302, 200]);
    expect(page.url).toBe(`${origin}/echo`);

    const posted = await b.follow(await b.post(`${origin}/redirect?status=307&to=/echo`, { k: 'v' }));
    expect(posted.chain.map((h) => [h.method, h.status])).toEqual([['POST', 307], ['POST', 200]]);
    expect(seen.at(-1)!.body).toBe('k=v');

    await expect(b.navigate(`${origin}/redirect?to=${encodeURIComponent('/redirect?to=/redirect')}`, { max: 1 })).rejects.toThrow(/Too many redirects/);
  });

  it('submits forms with defaults, the clicked button and overrides', async () => {
    const b = new TestBrowser();
    const page = await b.get(`${origin}/form`);
    const [form] = parseForms(page.body, page.url);
    expect(form).toMatchObject({ method: 'POST', action: `${origin}/echo?x=1`, fields: { a: '"1&2"', t: 'v' } });
    expect(form!.buttons).toEqual([{ name: 'go', value: 'yes', type: 'submit', text: 'Go & see' }]);

    const res = await b.submitForm(page, { button: 'Go & see' }, { t: 'override' });
    expect(res.chain.at(-1)).toMatchObject({ method: 'POST', form: { a: '"1&2"', t: 'override', go: 'yes' }, site: 'same-origin' });
    const h = seen.at(-1)!.headers;
    expect(h.origin).toBe(origin);
    expect(h.referer).toBe(`${origin}/form`);
    expect(() => b.submitForm(page, { button: 'Nope' })).toThrow(/No form matching/);
  });
});
