/**
 * Named regression tests, one group per class of attack, each citing the real advisory (or report) of
 * the bug it keeps out. They run on Express 5 and Koa 3 through real HTTP, like the properties.
 */
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaErrorHandler } from '../../src/express/index.js';
import { oktaErrorHandler as koaOktaErrorHandler } from '../../src/koa/index.js';
import { CALLBACK, FRAMEWORKS, GOOD_STATE, ISSUER, LOGIN_PATH, TRUSTED_HOST, htmlProblem, isSameOriginRelative, send, startServers, stopServers, type AppKey, type Framework, type Observed, type Profile } from './harness.js';

beforeAll(startServers);
afterAll(stopServers);

const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } as const;
const q = (params: Record<string, string>) => `${CALLBACK}?${new URLSearchParams(params)}`;
const app = (framework: Framework, profile: Profile): AppKey => ({ framework, profile, parser: 'none' });
const get = (key: AppKey, params: Record<string, string>, headers: Record<string, string> = NAV) => send(key, { method: 'GET', path: q(params), headers });
const formPost = (key: AppKey, params: Record<string, string>, headers: Record<string, string> = NAV) =>
  send(key, { method: 'POST', path: CALLBACK, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(new URLSearchParams(params).toString()) });
const event = (o: Observed) => {
  const e = o.events.find((x) => x.type === 'callback.error');
  if (!e || e.type !== 'callback.error') throw new Error(`no callback.error event (status ${o.status})`);
  return e;
};
/** Control characters, line/paragraph separators and bidi overrides: what CWE-117 log forging uses. */
const LOG_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe.each(FRAMEWORKS)('%s', (framework) => {
  /**
   * CVE-2021-32702 (GHSA-954c-jjx6-cxv7), @auth0/nextjs-auth0 < 1.4.1: the callback handler reflected
   * the `error`/`error_description` query parameters into its error response unescaped.
   */
  describe('reflected XSS through error and error_description (CVE-2021-32702)', () => {
    const payloads = ['<script>alert(document.cookie)</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(1)>", '</title><script>alert(1)</script>', '</style><script>alert(1)</script>'];

    it.each(payloads)('error_description %s: not shown in production', async (payload) => {
      const o = await get(app(framework, 'production'), { error: 'access_denied', state: GOOD_STATE, error_description: payload });
      expect(o.status).toBe(403);
      expect(o.body).not.toContain(payload);
      expect(o.body).not.toContain(payload.replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 12));
      expect(htmlProblem(o.body)).toBeUndefined();
    });

    it.each(payloads)('error_description %s: escaped on the development page, GET and form_post', async (payload) => {
      for (const o of [await get(app(framework, 'development'), { error: 'access_denied', state: GOOD_STATE, error_description: payload }), await formPost(app(framework, 'development'), { error: 'access_denied', state: GOOD_STATE, error_description: payload })]) {
        expect(o.status).toBe(403);
        expect(o.body).not.toContain(payload);
        expect(o.body).toContain(payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
        expect(htmlProblem(o.body)).toBeUndefined();
      }
    });

    // RFC 6749's error charset allows < > ' ( ) = / : an unknown code is shown, escaped, in production too.
    it.each(['<img/src/onerror=alert(1)>', "'><b>x</b>", '<svg/onload=alert(1)>'])('error=%s: an unknown code is shown escaped', async (code) => {
      const o = await get(app(framework, 'production'), { error: code, state: GOOD_STATE });
      expect(o.status).toBe(400);
      expect(o.body).not.toContain(code);
      expect(htmlProblem(o.body)).toBeUndefined();
    });

    it('an error that is not an RFC 6749 code (space, quote) is refused and not reflected', async () => {
      const o = await get(app(framework, 'development'), { error: '<script>alert("x")</script>', state: GOOD_STATE });
      expect(o.status).toBe(400);
      expect(event(o).code).toBe('malformed_callback');
      expect(o.body).not.toContain('<script>alert');
    });

    it('a JSON client gets problem+json with nosniff, so a payload in it is never rendered as HTML', async () => {
      const o = await get(app(framework, 'development'), { error: 'access_denied', state: GOOD_STATE, error_description: payloads[0]! }, { accept: 'application/json' });
      expect(o.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(o.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(o.body).description).toBe(payloads[0]);
    });
  });

  /**
   * CVE-2022-24794 (GHSA-7p99-3798-f85c), express-openid-connect < 2.7.2: a crafted return path sent
   * users to another site after sign-in. Here the app's `loginUrl` passes the request's `returnTo`
   * straight through (the naive app), and only same-origin relative paths may come out.
   */
  describe('open redirect through return paths and //host (CVE-2022-24794)', () => {
    const offsite = ['//evil.example', '//evil.example/login', '/\\evil.example', '\\/evil.example', '\\\\evil.example', '/\t/evil.example', '/\n/evil.example', ' //evil.example', 'https://evil.example', 'https:evil.example', 'HTTPS://evil.example', '//evil.example@app.test', 'javascript:alert(1)', 'data:text/html,x', '/login\r\nLocation: //evil.example'];

    it.each(offsite)('returnTo %j falls back to the login path', async (returnTo) => {
      const o = await send(app(framework, 'naiveReturnTo'), { method: 'GET', path: `${q({ error: 'login_required', state: GOOD_STATE })}&returnTo=${encodeURIComponent(returnTo)}`, headers: NAV });
      expect(o.status).toBe(303);
      expect(o.headers.location).toBe(`${LOGIN_PATH}?prompt=login`);
      expect(event(o).hookError).toMatch(/not a same-origin path/);
    });

    it.each(['/dashboard', '/a/b?c=d#e', '/login?next=%2F%2Fevil.example'])('returnTo %j (same-origin) is used as given', async (returnTo) => {
      const o = await send(app(framework, 'naiveReturnTo'), { method: 'GET', path: `${q({ error: 'login_required', state: GOOD_STATE })}&returnTo=${encodeURIComponent(returnTo)}`, headers: NAV });
      expect(o.status).toBe(303);
      expect(o.headers.location).toBe(returnTo);
      expect(isSameOriginRelative(returnTo)).toBe(true);
    });

    // Characters outside latin1 cannot go in a header as they are; a same-origin path that has them
    // must come out percent-encoded or be refused, never crash the response (Express: the promise
    // rejected unhandled and the request hung; Koa: a 500).
    it.each(['/\u4e2d\u6587', '/\u0100', '/\u{1f4a5}'])('returnTo %j never breaks the response', async (returnTo) => {
      const o = await send(app(framework, 'naiveReturnTo'), { method: 'GET', path: `${q({ error: 'login_required', state: GOOD_STATE })}&returnTo=${encodeURIComponent(returnTo)}`, headers: NAV });
      expect(o.appErrors).toEqual([]);
      expect(o.status).toBe(303);
      expect(isSameOriginRelative(String(o.headers.location))).toBe(true);
    });

    // Validating the input and then normalizing it is not enough: WHATWG URL removes dot segments, and
    // `/.//evil.example` comes out as `//evil.example`, a link to another host. The target that is sent
    // must be same-origin, not only the one that was checked.
    it.each(['/.//evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2E/%2E//evil.example', '/./\\evil.example', '/x/../\\evil.example'])('returnTo %j (dot segments) never becomes //host, in Location or on the page', async (returnTo) => {
      const key = app(framework, 'naiveReturnTo');
      const redirect = await send(key, { method: 'GET', path: `${q({ error: 'login_required', state: GOOD_STATE })}&returnTo=${encodeURIComponent(returnTo)}`, headers: NAV });
      expect(redirect.status).toBe(303);
      expect(isSameOriginRelative(String(redirect.headers.location)), `Location ${redirect.headers.location}`).toBe(true);
      const page = await send(key, { method: 'GET', path: `${q({ error: 'access_denied', state: GOOD_STATE })}&returnTo=${encodeURIComponent(returnTo)}`, headers: NAV });
      expect(page.status).toBe(403);
      expect(htmlProblem(page.body)).toBeUndefined();
    });

    it.each(['//evil.example', '/\\evil.example', 'https://evil.example/login', 'login'])('loginPath %j is refused when the middleware is created', (loginPath) => {
      expect(() => oktaErrorHandler({ loginPath })).toThrow(/loginPath/);
    });

    it.each(['/.//evil.example', '/a/..//evil.example'])('loginPath %j is refused, or never redirects off the origin', async (loginPath) => {
      let handler: ReturnType<typeof oktaErrorHandler>;
      try {
        handler = framework === 'express5' ? oktaErrorHandler({ loginPath }) : (koaOktaErrorHandler({ loginPath }) as never);
      } catch (err) {
        return void expect(String(err)).toMatch(/loginPath/);
      }
      const target = framework === 'express5' ? express().use(handler) : new Koa().use(handler as never).callback();
      const res = await request(target).get(q({ error: 'login_required', state: GOOD_STATE })).set(NAV);
      expect(res.status).toBe(303);
      expect(isSameOriginRelative(res.headers.location as string), `Location ${res.headers.location}`).toBe(true);
    });
  });

  /**
   * `javascript:` in `error_uri`: the provider's error_uri is attacker-controlled (RFC 6749 §4.1.2.1) and
   * must never become a scriptable link. Reports of the class: aws-samples/lambdaedge-openidconnect-samples#63
   * (callback page rendered `error_uri` unescaped), cloudflare/workers-oauth-provider#97 (a `javascript:`
   * scheme check bypassed with case, whitespace and control characters).
   */
  describe('javascript: in error_uri', () => {
    const uris = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', `javascript://${TRUSTED_HOST}/%0aalert(1)`, 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', `http://${TRUSTED_HOST}/x`, `https://${TRUSTED_HOST}@evil.example/`, `https://${TRUSTED_HOST}.evil.example/`, `https://evil.example/#${TRUSTED_HOST}`, `//${TRUSTED_HOST}/x`];

    it.each(uris)('error_uri %j is never a link', async (uri) => {
      const o = await get(app(framework, 'development'), { error: 'access_denied', state: GOOD_STATE, error_uri: uri });
      expect(o.status).toBe(403);
      expect(htmlProblem(o.body)).toBeUndefined();
      // Every href but the built-in favicon's (a constant `data:,`, so that the browser requests none).
      const hrefs = [...o.body.replace('<link rel="icon" href="data:,">', '').matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      for (const href of hrefs) expect(href.startsWith('/') && !href.startsWith('//')).toBe(true);
    });

    it('only an https error_uri on a trusted host is a link', async () => {
      const o = await get(app(framework, 'development'), { error: 'access_denied', state: GOOD_STATE, error_uri: `https://${TRUSTED_HOST}/docs/x` });
      expect(o.body).toContain(`href="https://${TRUSTED_HOST}/docs/x"`);
    });
  });

  /**
   * CVE-2016-4977, Spring Security OAuth 2.0.0–2.0.9 / 1.0.0–1.0.5: text from the authorization request
   * reached the whitelabel error view, which evaluated it as a SpEL expression (remote code execution).
   * Provider text must stay inert data: shown literally (escaped), never evaluated.
   */
  describe('error text evaluated by a template or expression engine (CVE-2016-4977)', () => {
    const expressions = ['${7*7}', '#{7*7}', '{{7*7}}', '<%= 7*7 %>', '${T(java.lang.Runtime).getRuntime().exec("id")}', '{{constructor.constructor("return process")().exit()}}', '`${7*7}`'];

    it.each(expressions)('%s stays literal on the development page, in a custom template and in the event', async (expression) => {
      for (const profile of ['development', 'hooks'] as const) {
        const o = await get(app(framework, profile), { error: 'unmet_authentication_requirements', state: GOOD_STATE, error_description: `x ${expression} y` });
        expect(o.appErrors).toEqual([]);
        expect(o.body).not.toMatch(/\b49\b/);
        expect(o.body).toContain(expression.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/`/g, '&#96;'));
        expect(event(o).description).toBe(`x ${expression} y`);
      }
    });
  });

  /**
   * RFC 9207 (OAuth 2.0 Authorization Server Issuer Identification) §2.4: a response whose `iss` names
   * another issuer is a mix-up attack and must be rejected before anything in it is acted on.
   */
  describe('iss mix-up (RFC 9207)', () => {
    const others = ['https://evil.example', `${ISSUER}/`, ISSUER.toUpperCase(), 'https://example.okta.com.evil.example/oauth2/default', `${ISSUER}#`, ` ${ISSUER}`, `${ISSUER}\u0000`];

    it.each(others)('iss %j: 400 issuer_mismatch, no redirect, no cookie', async (iss) => {
      for (const o of [await get(app(framework, 'production'), { error: 'login_required', state: GOOD_STATE, iss }), await formPost(app(framework, 'production'), { error: 'login_required', state: GOOD_STATE, iss })]) {
        expect(o.status).toBe(400);
        expect(o.headers.location).toBeUndefined();
        expect(o.headers['set-cookie']).toBeUndefined();
        expect(event(o)).toMatchObject({ code: 'issuer_mismatch', reason: 'iss_mismatch' });
        expect(o.body).not.toContain('evil.example');
      }
    });

    it('a repeated iss (one right, one wrong) is malformed, not a match', async () => {
      const o = await send(app(framework, 'production'), { method: 'GET', path: `${q({ error: 'login_required', state: GOOD_STATE, iss: ISSUER })}&iss=${encodeURIComponent('https://evil.example')}`, headers: NAV });
      expect(o.status).toBe(400);
      expect(event(o)).toMatchObject({ code: 'malformed_callback', reason: 'repeated_parameter', parameter: 'iss' });
    });

    it('requireIss rejects a response without iss', async () => {
      const o = await get(app(framework, 'strict'), { error: 'login_required', state: GOOD_STATE });
      expect(o.status).toBe(400);
      expect(event(o)).toMatchObject({ code: 'issuer_mismatch', reason: 'iss_missing' });
    });

    it('state is checked before iss (RFC 9700 §4.4.2.1 order)', async () => {
      const o = await get(app(framework, 'strict'), { error: 'login_required', state: 'forged', iss: 'https://evil.example' });
      expect(event(o)).toMatchObject({ code: 'invalid_state', reason: 'state_rejected' });
    });
  });

  /**
   * Redirect loop with `prompt=none`: OpenID Connect Core §3.1.2.6 makes a silent request without a
   * session answer `login_required`; an app that re-prompts on every such answer bounces the browser
   * between itself and the provider forever. Real reports of the loop: auth0/auth0-angular#128 (FAQ
   * "infinite redirect loop between my application and Auth0", from auth0/auth0-spa-js#707).
   */
  describe('redirect loop with prompt=none', () => {
    it('login_required re-prompts once, then renders 401 for the same browser', async () => {
      const key = app(framework, 'production');
      const first = await get(key, { error: 'login_required', state: GOOD_STATE });
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/login?prompt=login');
      const cookie = String(first.headers['set-cookie']).split(';')[0]!;
      const second = await get(key, { error: 'login_required', state: GOOD_STATE }, { ...NAV, cookie });
      expect(second.status).toBe(401);
      expect(second.headers.location).toBeUndefined();
      expect(event(second).reason).toBe('limit_reached');
      // interaction_required shares the re-prompt budget.
      const third = await get(key, { error: 'interaction_required', state: GOOD_STATE }, { ...NAV, cookie });
      expect(third.status).toBe(401);
    });

    it('server_error retries twice, then 503 with Retry-After', async () => {
      const key = app(framework, 'production');
      let cookie = '';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const o = await get(key, { error: 'server_error', state: GOOD_STATE }, cookie ? { ...NAV, cookie } : NAV);
        statuses.push(o.status);
        if (o.headers['set-cookie']) cookie = String(o.headers['set-cookie']).split(';')[0]!;
        if (o.status === 503) expect(o.headers['retry-after']).toMatch(/^\d+$/);
      }
      expect(statuses).toEqual([303, 303, 503, 503]);
    });

    it('a forged guard cookie claiming a fresh window in the future is a fresh window, not a bypass', async () => {
      const future = Math.floor(Date.now() / 1000) + 10_000;
      const o = await get(app(framework, 'production'), { error: 'login_required', state: GOOD_STATE }, { ...NAV, cookie: `oeh_guard=v1.0.0.${future}` });
      expect(o.status).toBe(303);
      expect(String(o.headers['set-cookie'])).toMatch(/^oeh_guard=v2\.1\.0\.0\.\d+; Max-Age=(\d{1,3}); /);
    });

    it('a fetch (not a navigation) is never redirected', async () => {
      const o = await get(app(framework, 'production'), { error: 'login_required', state: GOOD_STATE }, { 'sec-fetch-mode': 'cors' });
      expect(o.status).toBe(401);
      expect(o.headers.location).toBeUndefined();
    });
  });

  /**
   * CWE-117 (Improper Output Neutralization for Logs): CR/LF, NEL, U+2028/9, ANSI escapes and NUL in
   * provider text must not forge log lines; bidi overrides (CVE-2021-42574, "Trojan Source") must not
   * make a line read differently from what it holds.
   */
  describe('log injection (CWE-117)', () => {
    const injections = ['ok\r\n2026-01-01T00:00:00Z level=info msg="admin signed in"', 'a\nb', 'a\u0085b', 'a\u2028b\u2029c', '\u001b[2J\u001b[31mred\u001b[0m', 'nul\u0000byte', 'abc\u202edcba\u202c', '\u2066isolate\u2069', 'tab\there'];

    it.each(injections)('%j never reaches an event field with a control character', async (text) => {
      const o = await get(app(framework, 'production'), { error: 'invalid_scope', state: GOOD_STATE, error_description: text, error_uri: `https://x/${text}`, iss: ISSUER });
      const e = event(o);
      for (const [k, v] of Object.entries(e)) if (typeof v === 'string') expect(v, `event.${k}`).not.toMatch(LOG_CONTROL);
      expect(JSON.stringify(o.events)).not.toMatch(/\\[rnu]|\\u00/);
    });

    it('an iss mismatch with CR/LF is logged on one line', async () => {
      const o = await get(app(framework, 'production'), { error: 'access_denied', state: GOOD_STATE, iss: 'https://evil.example\r\nlevel=info msg=ok' });
      expect(event(o).iss).toBe('https://evil.example level=info msg=ok');
    });

    it('a hook error message is sanitized too', async () => {
      const o = await get(app(framework, 'hooks'), { error: 'access_denied', state: 'throw-now' });
      expect(event(o).reason).toBe('verify_state_failed');
      expect(event(o).hookError).not.toMatch(LOG_CONTROL);
    });
  });
});
