/**
 * Issue 9 (hardening), one named group per defect an outside review found, each driven through HTTP on
 * Express 5, Express 4, Koa 3 and Koa 2. The provider-facing failure of item 1 is a real openid-client
 * `ResponseBodyError` (`invalid_grant`) from the in-process oidc-provider's token endpoint. The same two
 * loops run in real Chromium in `test/browser/loops.test.ts`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import bodyParser from 'koa-bodyparser';
import createHttpError from 'http-errors';
import * as oidc from 'openid-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import type { OktaErrorEvent } from '../../src/core/events.js';
import type { OktaErrorHandlerOptions } from '../../src/core/options/index.js';
import { formToObject } from '../../src/core/http/read-body.js';
import { oktaApiErrorHandler as expressApi, oktaErrorHandler as expressInterceptor } from '../../src/express/index.js';
import { oktaApiErrorHandler as koaApi, oktaErrorHandler as koaInterceptor } from '../../src/koa/index.js';

const CALLBACK = '/authorization-code/callback';
const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } as const;
const CROSS_SITE_POST = { ...NAV, 'sec-fetch-site': 'cross-site', origin: 'https://idp.example', 'content-type': 'application/x-www-form-urlencoded' } as const;
const STATE = 'st4te-Hardening-1';
const now = () => Math.floor(Date.now() / 1000);

const FRAMEWORKS = ['express5', 'express4', 'koa3', 'koa2'] as const;
type Framework = (typeof FRAMEWORKS)[number];

/** What a route on the callback path does when the interceptor passes a request on. */
type Route = () => unknown;

interface AppSpec {
  readonly options?: OktaErrorHandlerOptions<any>;
  /** Throw this from the callback route (a failed code exchange, say). Default: answer `app:<body>`. */
  readonly route?: Route;
  /** Express: a body parser in front of the interceptor. */
  readonly parserFirst?: boolean;
  readonly caseSensitive?: boolean;
  readonly trustProxy?: boolean;
}

interface App {
  readonly server: Server;
  readonly events: OktaErrorEvent[];
  readonly appErrors: unknown[];
}

function build(framework: Framework, spec: AppSpec): App {
  const events: OktaErrorEvent[] = [];
  const appErrors: unknown[] = [];
  const options = { ...spec.options, onError: (e: OktaErrorEvent) => events.push(e) };
  const answer = (body: unknown) => `app:${JSON.stringify(body ?? null)}`;
  if (framework === 'express5' || framework === 'express4') {
    const express = (framework === 'express5' ? express5 : express4) as typeof express5;
    const app = express();
    if (spec.caseSensitive) app.set('case sensitive routing', true);
    if (spec.trustProxy) app.set('trust proxy', true);
    if (spec.parserFirst) app.use(express.urlencoded({ extended: true }));
    app.use(expressInterceptor(options));
    app.use(express.urlencoded({ extended: false }));
    app.all(CALLBACK, (req, res, next) => {
      try {
        if (spec.route) spec.route();
        res.status(200).send(answer(req.body));
      } catch (err) {
        next(err);
      }
    });
    app.use(expressApi(options));
    app.use((err: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
      appErrors.push(err);
      res.status(500).send('app-error');
    });
    return { server: createServer(app), events, appErrors };
  }
  const Koa = (framework === 'koa3' ? Koa3 : Koa2) as typeof Koa3;
  const app = new Koa();
  if (spec.trustProxy) app.proxy = true;
  app.on('error', (err) => appErrors.push(err));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      appErrors.push(err);
      ctx.status = 500;
      ctx.body = 'app-error';
    }
  });
  app.use(koaApi(options as Parameters<typeof koaApi>[0]));
  app.use(koaInterceptor(options));
  app.use(bodyParser());
  app.use(async (ctx) => {
    if (ctx.path.toLowerCase() !== CALLBACK.toLowerCase() || (spec.caseSensitive && ctx.path !== CALLBACK)) {
      ctx.status = 404;
      return;
    }
    if (spec.route) spec.route();
    ctx.body = answer((ctx.request as { body?: unknown }).body);
  });
  return { server: createServer(app.callback()), events, appErrors };
}

const cookiesOf = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const cookiePair = (res: request.Response, name: string) => cookiesOf(res).map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));
const callbackEvents = (app: App) => app.events.filter((e) => e.type === 'callback.error');
const upstreamEvents = (app: App) => app.events.filter((e) => e.type === 'upstream.error');

/**
 * A browser's cookie jar for one app, faithful to the rules that matter here: a cross-site POST carries
 * only `SameSite=None` cookies (which need https); a top-level GET carries `Lax` ones too.
 */
class Jar {
  readonly #cookies = new Map<string, { value: string; none: boolean }>();
  constructor(private readonly https: boolean) {}
  store(res: request.Response): void {
    for (const line of cookiesOf(res)) {
      const [pair = '', ...attrs] = line.split(';').map((p) => p.trim());
      if (attrs.some((a) => /^secure$/i.test(a)) && !this.https) continue;
      const eq = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, eq), { value: pair.slice(eq + 1), none: attrs.some((a) => /^samesite=none$/i.test(a)) });
    }
  }
  header(crossSitePost: boolean): Record<string, string> {
    const sent = [...this.#cookies].filter(([, c]) => !crossSitePost || c.none).map(([k, c]) => `${k}=${c.value}`);
    return sent.length ? { cookie: sent.join('; ') } : {};
  }
}

let op: ProviderHandle;
/** A real openid-client failure: the token endpoint refused the code (`invalid_grant`). */
let invalidGrant: unknown;
const apps: App[] = [];
const make = (framework: Framework, spec: AppSpec = {}): App => {
  const app = build(framework, spec);
  apps.push(app);
  return app;
};

beforeAll(async () => {
  op = await startProvider({
    clients: [{ client_id: 'hardening', client_secret: 'hardening-secret', redirect_uris: ['http://app.example/cb'], grant_types: ['authorization_code'], response_types: ['code'] }],
  });
  const config = await oidc.discovery(new URL(op.issuer), 'hardening', 'hardening-secret', undefined, { execute: [oidc.allowInsecureRequests] });
  invalidGrant = await oidc
    .authorizationCodeGrant(config, new URL(`http://app.example/cb?code=spent-code&state=s&iss=${encodeURIComponent(op.issuer)}`), { expectedState: 's', pkceCodeVerifier: 'v'.repeat(43) })
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  expect(invalidGrant).toMatchObject({ code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' });
}, 30_000);

afterAll(async () => {
  for (const app of apps) app.server.close();
  await op?.close();
});

describe.each(FRAMEWORKS)('%s', (framework) => {
  const failingExchange = () => () => {
    throw invalidGrant;
  };

  describe('item 1: oktaApiErrorHandler restarts sign-in without a loop guard', () => {
    it('one restart per window (query mode), then the invalid_grant page with a way to start again by hand', async () => {
      const app = make(framework, { route: failingExchange() });
      const jar = new Jar(false);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(app.server).get(`${CALLBACK}?code=c${i}&state=${STATE}`).set({ ...NAV, ...jar.header(false) });
        jar.store(res);
        statuses.push(res.status);
        if (res.status === 303) expect(res.headers.location).toBe('/login');
        else {
          expect(res.text).toMatch(/<a class="action" href="\/login">/);
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
      expect(statuses).toEqual([303, 400, 400, 400]);
      // On the callback path, openid-client's invalid_grant is a sign-in that can no longer complete (issue 11).
      expect(callbackEvents(app).map((e) => e.type === 'callback.error' && [e.code, e.outcome, e.reason, e.library])).toEqual([
        ['sign_in_failed', 'redirect', 'code_rejected', 'openid-client'],
        ...Array.from({ length: 3 }, () => ['sign_in_failed', 'render', 'limit_reached', 'openid-client']),
      ]);
      expect(upstreamEvents(app)).toEqual([]);
    });

    it('limits.restarts sets the budget, counted in the same guard cookie as re-prompts and retries', async () => {
      const app = make(framework, { route: failingExchange(), options: { limits: { restarts: 2 } } });
      const statuses: number[] = [];
      let cookie = `oeh_guard=v2.1.2.0.${now()}`;
      for (let i = 0; i < 3; i++) {
        const res = await request(app.server).get(`${CALLBACK}?code=c&state=s`).set({ ...NAV, cookie });
        statuses.push(res.status);
        cookie = cookiePair(res, 'oeh_guard') ?? cookie;
      }
      expect(statuses).toEqual([303, 303, 400]);
      expect(cookie).toMatch(/^oeh_guard=v2\.1\.2\.2\.\d+$/);
    });

    it('form_post over plain http (cross-site POST, no cookie): each restart goes through the callback, where it is counted', async () => {
      const app = make(framework, { route: failingExchange() });
      const jar = new Jar(false);
      const trips: string[] = [];
      for (let trip = 0; trip < 4; trip++) {
        const post = await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST, ...jar.header(true) }).send(`code=c${trip}&state=${STATE}`);
        jar.store(post);
        expect(post.status).toBe(303);
        expect(post.headers.location).toBe(`${CALLBACK}?oeh_continue=restart%3Asign_in_failed%3Acode_rejected`);
        const get = await request(app.server).get(String(post.headers.location)).set({ ...NAV, 'sec-fetch-site': 'cross-site', ...jar.header(false) });
        jar.store(get);
        trips.push(`${get.status} ${get.headers.location ?? ''}`.trim());
        if (get.status !== 303) {
          expect(get.text).toContain('This sign-in link is no longer valid');
          expect(get.text).toMatch(/<a class="action" href="\/login">Start again<\/a>/);
        }
      }
      expect(trips).toEqual(['303 /login', '400', '400', '400']);
      expect(callbackEvents(app).at(-1)).toMatchObject({ code: 'sign_in_failed', reason: 'limit_reached', restartFor: 'code_rejected' });
    });

    it('behind a TLS proxy (X-Forwarded-Proto: https), the __Host- cookie comes with the cross-site POST: no extra hop', async () => {
      const app = make(framework, { route: failingExchange() });
      const jar = new Jar(true);
      const statuses: number[] = [];
      for (let trip = 0; trip < 3; trip++) {
        const res = await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST, 'x-forwarded-proto': 'https', ...jar.header(true) }).send('code=c&state=s');
        jar.store(res);
        statuses.push(res.status);
      }
      expect(statuses).toEqual([303, 400, 400]);
      expect(jar.header(true).cookie).toMatch(/^__Host-oeh_guard=v2\.0\.0\.1\.\d+$/);
    });

    it('an API client gets 400 problem+json and never a redirect; HEAD does not spend the budget', async () => {
      const app = make(framework, { route: failingExchange() });
      const api = await request(app.server).get(`${CALLBACK}?code=c&state=s`).set({ accept: 'application/json' });
      expect(api.status).toBe(400);
      expect(api.headers['content-type']).toMatch(/problem\+json/);
      for (let i = 0; i < 3; i++) {
        const head = await request(app.server).head(`${CALLBACK}?code=c&state=s`).set(NAV);
        expect(head.status).toBe(303);
        expect(head.headers['set-cookie']).toBeUndefined();
      }
      const get = await request(app.server).get(`${CALLBACK}?code=c&state=s`).set(NAV);
      expect(get.status).toBe(303);
      expect(cookiePair(get, 'oeh_guard')).toMatch(/^oeh_guard=v2\.0\.0\.1\./);
    });
  });

  describe('item 2: the loop guard is dead for response_mode=form_post whenever the app does not see https', () => {
    /** Drives a provider that always answers `code`, as a browser would, and counts trips to the login path. */
    async function loop(app: App, code: string, https: boolean, extra: Record<string, string> = {}): Promise<{ logins: number; final: number; hops: number }> {
      const jar = new Jar(https);
      let logins = 0;
      let hops = 0;
      for (let trip = 0; trip < 20; trip++) {
        let res = await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST, ...extra, ...jar.header(true) }).send(`error=${code}&state=${STATE}`);
        jar.store(res);
        hops++;
        if (res.status === 303 && String(res.headers.location).startsWith(`${CALLBACK}?`)) {
          res = await request(app.server).get(String(res.headers.location)).set({ ...NAV, 'sec-fetch-site': 'cross-site', ...extra, ...jar.header(false) });
          jar.store(res);
          hops++;
        }
        if (res.status !== 303) return { logins, final: res.status, hops };
        expect(res.headers.location).toMatch(/^\/login/);
        logins++;
      }
      return { logins, final: 0, hops };
    }

    it.each([
      ['plain http', false, {}],
      ['https behind a proxy that says so (X-Forwarded-Proto)', true, { 'x-forwarded-proto': 'https' }],
      ['https behind a proxy that says nothing', true, {}],
    ] as const)('%s: temporarily_unavailable stops after limits.retries (2)', async (_name, https, extra) => {
      const app = make(framework);
      const { logins, final } = await loop(app, 'temporarily_unavailable', https, extra);
      expect(logins).toBe(2);
      expect(final).toBe(503);
    });

    it('login_required (prompt=none without a session) stops after limits.reprompts (1)', async () => {
      const app = make(framework);
      expect(await loop(app, 'login_required', false)).toMatchObject({ logins: 1, final: 401 });
    });

    it('a browser that keeps no cookie is not redirected from the continuation', async () => {
      const app = make(framework);
      const post = await request(app.server).post(CALLBACK).set(CROSS_SITE_POST).send(`error=server_error&state=${STATE}`);
      const get = await request(app.server).get(String(post.headers.location)).set(NAV);
      expect(get.status).toBe(503);
      expect(callbackEvents(app).at(-1)).toMatchObject({ reason: 'guard_cookie_missing' });
    });

    it('reports once, in an onError event, that a cross-site POST callback reached an app that is not on https', async () => {
      const app = make(framework);
      for (let i = 0; i < 3; i++) await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST, 'x-forwarded-proto': 'https' }).send(`error=access_denied&state=${STATE}`);
      const warnings = app.events.filter((e) => e.type === 'setup.warning');
      expect(warnings).toEqual([expect.objectContaining({ type: 'setup.warning', code: 'form_post_without_https', forwardedHttps: true, path: CALLBACK })]);
      expect((warnings[0] as { message: string }).message).toMatch(/trust proxy/);
    });

    it('no warning when the app sees https (trust proxy), and the cookie is __Host- SameSite=None', async () => {
      const app = make(framework, { trustProxy: true });
      const res = await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST, 'x-forwarded-proto': 'https' }).send(`error=login_required&state=${STATE}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?prompt=login');
      expect(cookiesOf(res)).toEqual([expect.stringMatching(/^__Host-oeh_guard=v2\.1\.0\.0\.\d+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/)]);
      expect(app.events.some((e) => e.type === 'setup.warning')).toBe(false);
    });
  });

  describe('item 3: redaction misses common secret syntaxes', () => {
    const TOKEN = '00Zk9qR3tW7yB2nM5pL8xC4vF6hJ1sD0aG3kE-_Q';
    const SECRETS = ['cs-Secret-7f3a9', 'rt-Refresh-88c1', 'co-Code-5521ab', 'pw-Pass-word91', 'pw-Single-q77', 'cs-Camel-3321', 'at-ApiTok-9931', TOKEN, 'pe-Encoded-4411', 'ej-Escaped-2299'];
    const TEXT = [
      `client_secret: '${SECRETS[0]}'`,
      `refresh_token: ${SECRETS[1]}`,
      `code = ${SECRETS[2]}`,
      `password="${SECRETS[3]}"`,
      `password='${SECRETS[4]}'`,
      `"clientSecret":"${SECRETS[5]}"`,
      `"apiToken":"${SECRETS[6]}"`,
      `SSWS%20${TOKEN}`,
      `%22client_secret%22%3A%22${SECRETS[8]}%22`,
      `{\\"client_secret\\":\\"${SECRETS[9]}\\"}`,
    ];
    /** No 8-character slice of any secret survives. */
    const expectNoSecret = (text: string) => {
      for (const secret of SECRETS) for (let i = 0; i + 8 <= secret.length; i++) expect(text, `slice of ${secret}`).not.toContain(secret.slice(i, i + 8));
    };

    it.each(TEXT.map((t, i) => [t, i] as const))('%s: not in the onError summary, nor in an exposed http-errors message', async (text) => {
      const app = make(framework, {
        route: () => {
          throw createHttpError(400, `Request rejected: ${text} (retry later)`);
        },
      });
      const res = await request(app.server).get(`${CALLBACK}?code=x&state=s`).set({ accept: 'application/json' });
      expect(res.status).toBe(400);
      expectNoSecret(res.text);
      expectNoSecret(JSON.stringify(app.events));
    });

    it('Okta errorCauses (shown to the user) and the summary are redacted before they are cut', async () => {
      const padding = 'x '.repeat(1119);
      const app = make(framework, {
        route: () => {
          throw { errorCode: 'E0000001', errorSummary: `${padding}ab${TOKEN}`, errorCauses: TEXT.map((t) => ({ errorSummary: `field: ${t}` })) };
        },
      });
      const res = await request(app.server).get(`${CALLBACK}?code=x&state=s`).set({ accept: 'application/json' });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).causes).toHaveLength(TEXT.length);
      expectNoSecret(res.text);
      expectNoSecret(JSON.stringify(app.events));
    });
  });

  describe('item 4: an attacker-chosen error is shown in production', () => {
    const FORGED = 'SECURITY_ALERT:Your_account_is_locked._Call_+1-555-0100';
    it('the page and problem+json say "unknown"; the raw value, sanitized, stays in the event', async () => {
      const app = make(framework);
      const page = await request(app.server).get(`${CALLBACK}?error=${encodeURIComponent(FORGED)}&state=x`).set(NAV);
      expect(page.status).toBe(400);
      expect(page.text).not.toContain('SECURITY_ALERT');
      expect(page.text).not.toContain('Call_');
      expect(page.text).toContain('<code>unknown</code>');
      const json = await request(app.server).get(`${CALLBACK}?error=${encodeURIComponent(FORGED)}&state=x`).set({ accept: 'application/json' });
      expect(JSON.parse(json.text)).toMatchObject({ type: 'urn:okta-error-handler:unknown', code: 'unknown' });
      expect(json.text).not.toContain('SECURITY_ALERT');
      expect(callbackEvents(app)[0]).toMatchObject({ code: FORGED, category: 'unknown' });
    });

    it("this library's own codes from the wire are unknown too (no restart from ?error=sign_in_failed)", async () => {
      const app = make(framework);
      const res = await request(app.server).get(`${CALLBACK}?error=sign_in_failed&state=x`).set(NAV);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('<code>unknown</code>');
    });
  });

  describe('item 5: matching is narrower than the router and parsers behind it', () => {
    it.each([
      ['GET /Authorization-Code/Callback (case)', 'get', '/Authorization-Code/Callback?error=login_required&state=x', undefined, 303],
      ['GET /AUTHORIZATION-CODE/CALLBACK/ (case, trailing slash)', 'get', '/AUTHORIZATION-CODE/CALLBACK/?error=access_denied&state=x', undefined, 403],
      ['GET ?%65rror=access_denied', 'get', `${CALLBACK}?%65rror=access_denied&state=x`, undefined, 403],
      ['GET ?ERR%4FR is not error (names are case-sensitive)', 'get', `${CALLBACK}?ERR%4FR=access_denied&state=x`, undefined, 200],
      ['POST err%6Fr=login_required', 'post', CALLBACK, 'err%6Fr=access_denied&state=x', 403],
      ['GET ?error[]=access_denied (qs array)', 'get', `${CALLBACK}?error[]=access_denied&state=x`, undefined, 400],
    ] as const)('%s is seen by the interceptor first', async (_name, method, path, body, status) => {
      for (const parserFirst of [false, true]) {
        const app = make(framework, { parserFirst });
        let req = request(app.server)[method](path).set(NAV);
        if (body) req = req.set('content-type', 'application/x-www-form-urlencoded').send(body);
        const res = await req;
        expect(res.status, `${path} (parser first: ${parserFirst}): ${res.text.slice(0, 80)}`).toBe(status);
      }
    });

    it.skipIf(!framework.startsWith('express'))('a case-sensitive Express router is matched case-sensitively', async () => {
      const app = make(framework, { caseSensitive: true });
      const res = await request(app.server).get('/Authorization-Code/Callback?error=login_required&state=x').set(NAV);
      expect(res.status).toBe(404);
    });
  });

  describe('item 6: guard cookie tossing', () => {
    it.each([
      ['a malformed value first', (t: number) => `oeh_guard=x; oeh_guard=v2.1.0.0.${t}`],
      ['a value from the future first', (t: number) => `oeh_guard=v2.0.0.0.${t + 600}; oeh_guard=v2.1.0.0.${t}`],
      ['a fresh plain cookie beside a used-up __Host- one', (t: number) => `oeh_guard=v2.0.0.0.${t}; __Host-oeh_guard=v2.1.0.0.${t - 5}`],
      ['the v1 format', (t: number) => `oeh_guard=garbage; oeh_guard=v1.1.0.${t}`],
    ])('%s: the most restrictive valid value wins, no extra redirect', async (_name, cookie) => {
      const app = make(framework);
      const res = await request(app.server).get(`${CALLBACK}?error=login_required&state=x`).set({ ...NAV, cookie: cookie(now()) });
      expect(res.status).toBe(401);
      expect(callbackEvents(app)[0]).toMatchObject({ reason: 'limit_reached' });
    });

    it('over https the guard is a __Host- cookie (a sibling subdomain cannot set it)', async () => {
      const app = make(framework);
      const res = await request(app.server).get(`${CALLBACK}?error=login_required&state=x`).set({ ...NAV, 'x-forwarded-proto': 'https' });
      expect(cookiesOf(res)).toEqual([expect.stringMatching(/^__Host-oeh_guard=v2\.1\.0\.0\.\d+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/)]);
    });
  });

  describe('item 7: hooks that throw unprintable values give a 500', () => {
    const unprintable = () => Object.create(null) as object;
    const badMessage = () => {
      const err = new Error('x');
      Object.defineProperty(err, 'message', { get: () => { throw new Error('getter'); } });
      return err;
    };
    it.each([
      ['Object.create(null)', unprintable],
      ['an Error whose message getter throws', badMessage],
      ['a revoked Proxy', () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }],
    ])('verifyState throwing %s: 400 invalid_state', async (_name, value) => {
      const app = make(framework, { options: { verifyState: () => { throw value(); } } });
      const res = await request(app.server).get(`${CALLBACK}?error=access_denied&state=x`).set(NAV);
      expect(res.status).toBe(400);
      expect(callbackEvents(app)[0]).toMatchObject({ code: 'invalid_state', reason: 'verify_state_failed', hookError: expect.stringMatching(/^(an unprintable|Error: )/) });
      expect(app.appErrors).toEqual([]);
    });

    it('isSignedIn throwing on a restart: not signed in, the restart, and its throw in the event', async () => {
      const app = make(framework, { route: failingExchange(), options: { isSignedIn: () => { throw new Error('session store down'); } } });
      const res = await request(app.server).get(`${CALLBACK}?code=c&state=${STATE}`).set(NAV);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
      expect(callbackEvents(app)).toMatchObject([{ code: 'sign_in_failed', outcome: 'redirect', hookError: 'isSignedIn threw: Error: session store down' }]);
      expect(app.appErrors).toEqual([]);
    });
    it('actions, loginUrl and a template throwing Object.create(null): the defaults and the built-in page', async () => {
      const app = make(framework, {
        options: {
          actions: { login_required: () => { throw Object.create(null); } },
          loginUrl: () => { throw Object.create(null); },
          templates: { default: () => { throw Object.create(null); } },
        },
      });
      const redirect = await request(app.server).get(`${CALLBACK}?error=login_required&state=x`).set(NAV);
      expect(redirect.status).toBe(303);
      expect(redirect.headers.location).toBe('/login?prompt=login');
      const page = await request(app.server).get(`${CALLBACK}?error=access_denied&state=x`).set(NAV);
      expect(page.status).toBe(403);
      expect(page.text).toContain('<h1>Sign-in was not completed</h1>');
      expect(app.events.filter((e) => e.type === 'template.error')).toHaveLength(1);
      expect(app.appErrors).toEqual([]);
    });

    it('a verifyState promise that never settles: 400 invalid_state after verifyStateTimeoutMs, reason verify_state_timeout', async () => {
      const app = make(framework, { options: { verifyState: () => new Promise<boolean>(() => {}), verifyStateTimeoutMs: 50 } });
      const res = await request(app.server).get(`${CALLBACK}?error=access_denied&state=x`).set(NAV);
      expect(res.status).toBe(400);
      expect(callbackEvents(app)[0]).toMatchObject({ code: 'invalid_state', reason: 'verify_state_timeout' });
    });
  });

  describe('item 8: cause chains', () => {
    const oktaBody = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)', errorId: 'oae123' };
    it('new Error("loading user failed", { cause: oktaError }) gets the consistent response', async () => {
      const app = make(framework, { route: () => { throw new Error('loading user failed', { cause: new Error('wrapped', { cause: oktaBody }) }); } });
      const res = await request(app.server).get(`${CALLBACK}?code=x&state=s`).set({ accept: 'application/json' });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'E0000007', errorId: 'oae123' });
    });

    it('a wrapped openid-client invalid_grant restarts sign-in like the bare one', async () => {
      const app = make(framework, { route: () => { throw new Error('callback failed', { cause: invalidGrant }); } });
      const res = await request(app.server).get(`${CALLBACK}?code=x&state=s`).set(NAV);
      expect(res.status).toBe(303);
    });

    it('a cycle, or a chain deeper than 5, is not recognised and goes on to the app', async () => {
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      Object.assign(a, { cause: b });
      let deep: unknown = oktaBody;
      for (let i = 0; i < 6; i++) deep = new Error(`level ${i}`, { cause: deep });
      for (const thrown of [a, deep]) {
        const app = make(framework, { route: () => { throw thrown; } });
        const res = await request(app.server).get(`${CALLBACK}?code=x&state=s`).set({ accept: 'application/json' });
        expect(res.status).toBe(500);
        expect(res.text).toBe('app-error');
      }
    });
  });

  describe('item 9: a 64 KB form_post can block the event loop for seconds', () => {
    it('a 64 KB POST of a&a&a… (no error, no body parser) is answered and passed on with its body', async () => {
      const app = make(framework);
      const body = 'a&'.repeat(32 * 1024 - 1) + 'a';
      const res = await request(app.server).post(CALLBACK).set({ ...CROSS_SITE_POST }).send(body);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text.slice(4)).a).toHaveLength(32 * 1024);
    });
  });

  describe('item 10: HEAD requests and {file} templates', () => {
    it('HEAD does not consume the guard budget', async () => {
      const app = make(framework);
      for (let i = 0; i < 3; i++) {
        const head = await request(app.server).head(`${CALLBACK}?error=login_required&state=x`).set(NAV);
        expect(head.status).toBe(303);
        expect(head.headers['set-cookie']).toBeUndefined();
      }
      const get = await request(app.server).get(`${CALLBACK}?error=login_required&state=x`).set(NAV);
      expect(get.status).toBe(303);
      expect(cookiePair(get, 'oeh_guard')).toMatch(/^oeh_guard=v2\.1\.0\.0\./);
    });
  });
});

describe('item 9: formToObject is linear (n and 4n keys)', () => {
  /** Fastest of several interleaved runs per size: interference only ever slows a run down. */
  function fastest(sizes: readonly number[], runs = 9): number[] {
    const inputs = sizes.map((n) => 'a&'.repeat(n));
    const best = sizes.map(() => Infinity);
    for (const input of inputs) formToObject(input); // warm up every size
    for (let r = 0; r < runs; r++) {
      for (const [i, input] of inputs.entries()) {
        const start = process.hrtime.bigint();
        formToObject(input);
        best[i] = Math.min(best[i]!, Number(process.hrtime.bigint() - start));
      }
    }
    return best;
  }
  it('four times the repeated keys cost at most eight times as much (quadratic would be sixteen)', () => {
    const [n, n4] = fastest([8 * 1024, 32 * 1024]);
    expect(n4! / n!).toBeLessThan(8);
  });
});

describe('item 10: {file} templates refuse placeholders escaping cannot protect', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'oeh-file-templates-'));
  const file = (name: string, source: string) => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return path;
  };
  it.each([
    ['an unquoted attribute', '<div class={{code}}>x</div>'],
    ['a tag name position', '<div {{code}}>x</div>'],
    ['href other than the action link', '<a href="{{details.error_uri}}">more</a>'],
    ['the action link inside a longer href', '<a href="/x?next={{action.href}}">go</a>'],
    ['src', '<img src="{{loginUrl}}x">'],
    ['an event handler', '<p onclick="{{title}}">x</p>'],
    ['a style attribute', '<p style="color:{{code}}">x</p>'],
    ['a <script>', '<script>var t = "{{title}}";</script>'],
    ['a <style>', '<style>p::after{content:"{{code}}"}</style>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url={{action.href}}">'],
  ])('%s is refused at start-up', (_name, source) => {
    expect(() => expressInterceptor({ templates: { access_denied: { file: file('bad.html', source) } } })).toThrow(/"templates\.access_denied\.file" has a placeholder/);
    expect(() => koaInterceptor({ templates: { default: { file: file('bad.html', source) } } })).toThrow(/Values are escaped for HTML text and quoted attribute values only/);
  });
  it('text, quoted attributes and the action link as a whole href are accepted', () => {
    const source = '<title>{{title}}</title><p title="{{message}}">{{message}}</p><a href="{{action.href}}">{{action.label}}</a><a href=\'{{loginUrl}}\'>in</a><!-- {{code}} -->';
    expect(() => expressInterceptor({ templates: { default: { file: file('good.html', source) } } })).not.toThrow();
  });
});
