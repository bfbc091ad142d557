/**
 * The upstream handler (`oktaApiErrorHandler`) driven as a user would: over HTTP, in front of routes
 * that call a real @okta/okta-sdk-nodejs v8 client (pointed at a local server answering like an Okta
 * org) and real openid-client v6 (against the in-process oidc-provider). Every assertion is about what
 * a client of the app receives, or what the app's own logging sees.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import express5 from 'express';
import express4 from 'express4';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import * as oidc from 'openid-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import { closeServer, type RequestListener } from '../fixtures/relying-party/http.js';
import type { OktaErrorEvent, UpstreamErrorEvent } from '../../src/core/events.js';
import { UpstreamError } from '../../src/core/upstream/errors.js';
import { normalizeOktaError } from '../../src/core/upstream/normalize.js';
import type { OktaApiErrorHandlerOptions } from '../../src/core/options/index.js';
import { oktaApiErrorHandler as expressHandler } from '../../src/express/index.js';
import { oktaApiErrorHandler as koaHandler } from '../../src/koa/index.js';

// ---------------------------------------------------------------------------
// secrets that must never reach a client of the app, nor the onError event

/** Shaped like an Okta API token (SSWS scheme). */
const API_TOKEN = '00abcDEFghiJKLmnoPQRstuVWXyz0123456789-_AB';
/** Sent upstream in the SDK's query string (`?expand=`): stands for personal data in an upstream URL. */
const QUERY_MARKER = 'ann.secret-person@example.com';
/** Personal data in the app's own query string. */
const APP_QUERY = 'email=bob.private%40example.com';
const CLIENT_ID = 'e2e-upstream-client';
const CLIENT_SECRET = 'e2e-upstream-client-secret-Zq8vWx';
const WRONG_SECRET = 'e2e-upstream-WRONG-secret-Yy7uTt';
const PKCE_VERIFIER = 'e2e-pkce-verifier-0123456789abcdefghijklmnopqrstuvwxyz';

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Sec-Fetch-Mode': 'navigate' };
const API = { Accept: 'application/json' };

// ---------------------------------------------------------------------------
// a fake Okta org

/**
 * The org's clock is an hour ahead of ours: a `Retry-After` computed against local time would be
 * 3630 s (capped to 3600); computed against the response's `Date`, it is exactly the reset delay.
 */
const SKEW_MS = 3_600_000;
const RATE_RESET_DELAY = 30;
const SMS_RESET_DELAY = 45;
const GARBAGE_BYTES = 5 * 1024 * 1024;

type Reply = { status: number; headers: Record<string, string>; body: string | Buffer };

function orgNow(): { date: string; epoch: number } {
  const ms = Math.floor((Date.now() + SKEW_MS) / 1000) * 1000;
  return { date: new Date(ms).toUTCString(), epoch: ms / 1000 };
}

const oktaJson = (status: number, code: string, summary: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ errorCode: code, errorSummary: summary, errorLink: code, errorId: `oae${code}`, errorCauses: [], ...extra }),
});

function rateLimited(code: string, summary: string, delay: number): Reply {
  const { date, epoch } = orgNow();
  return oktaJson(429, code, summary, {}, {
    date,
    'x-rate-limit-limit': '600',
    'x-rate-limit-remaining': '0',
    'x-rate-limit-reset': String(epoch + delay),
  });
}

// 5 MB of non-JSON bytes, with markup and control characters in it, from something that is not Okta.
const GARBAGE = Buffer.alloc(GARBAGE_BYTES, '\u0000<script>alert(1)</script>\r\nSet-Cookie: x=1 \u00ff');

/** Replies keyed by the user id in `GET /api/v1/users/:id`. */
const REPLIES: Record<string, () => Reply> = {
  healthy: () => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: '00uHealthy', status: 'ACTIVE', profile: { login: 'healthy@example.com', email: 'healthy@example.com' } }),
  }),
  rate: () => rateLimited('E0000047', 'API call exceeded rate limit due to too many requests.', RATE_RESET_DELAY),
  sms: () => rateLimited('E0000109', 'An SMS message was recently sent. Please wait 30 seconds before trying again.', SMS_RESET_DELAY),
  badtoken: () => oktaJson(401, 'E0000011', 'Invalid token provided'),
  invalid: () =>
    oktaJson(400, 'E0000001', 'Api validation failed: login', {
      errorCauses: [{ errorSummary: 'login: Username must be in the form of an email address' }],
    }),
  missing: () => oktaJson(404, 'E0000007', 'Not found: Resource not found: missing (User)'),
  proxy: () => ({
    status: 500,
    headers: { 'content-type': 'text/html', server: 'corporate-proxy' },
    body: '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>proxy</p></body></html>',
  }),
  busy: () => ({
    status: 503,
    headers: { 'content-type': 'text/html', 'retry-after': '120' },
    body: '<html><body>Service Unavailable</body></html>',
  }),
  garbage: () => ({ status: 500, headers: { 'content-type': 'application/octet-stream' }, body: GARBAGE }),
};

interface FakeOrg {
  url: string;
  seen: IncomingMessage[];
  server: Server;
}

async function startFakeOrg(): Promise<FakeOrg> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const url = new URL(req.url ?? '/', 'http://org.invalid');
    const match = /^\/api\/v1\/users\/([^/]+)$/.exec(url.pathname);
    const id = match ? decodeURIComponent(match[1]!) : '';
    const reply = (REPLIES[id] ?? REPLIES.missing!)();
    res.writeHead(reply.status, { 'x-okta-request-id': `req-${id || 'none'}`, ...reply.headers });
    res.end(reply.body);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

// ---------------------------------------------------------------------------
// the app's routes, shared by every framework

type Params = Record<string, string>;
/** A route: resolves to the JSON the app answers with, or throws what the library it calls threw. */
type Route = (params: Params) => Promise<unknown>;
type Routes = ReadonlyArray<readonly [pattern: string, route: Route]>;

interface Upstreams {
  okta: Client;
  issuer: string;
  config: oidc.Configuration;
  wrongSecretConfig: oidc.Configuration;
}

const callbackUrl = (issuer: string, query: Record<string, string>) =>
  new URL(`http://app.example/cb?${new URLSearchParams({ ...query, iss: issuer })}`);

function routesFor(u: Upstreams): Routes {
  const exchange = (config: oidc.Configuration) =>
    oidc.authorizationCodeGrant(config, callbackUrl(u.issuer, { code: 'bogus-authorization-code', state: 's' }), {
      expectedState: 's',
      pkceCodeVerifier: PKCE_VERIFIER,
    });
  return [
    ['/users/:id', async ({ id }) => {
      const user = await u.okta.userApi.getUser({ userId: id!, expand: QUERY_MARKER });
      return { id: user.id, login: user.profile?.login };
    }],
    ['/boom', async () => {
      throw new Error('boom');
    }],
    ['/callback-exchange', () => exchange(u.config)],
    ['/callback-exchange-misconfigured', () => exchange(u.wrongSecretConfig)],
    ['/callback-denied', () =>
      oidc.authorizationCodeGrant(u.config, callbackUrl(u.issuer, { error: 'access_denied', error_description: 'End-User aborted interaction', state: 's' }), {
        expectedState: 's',
        pkceCodeVerifier: PKCE_VERIFIER,
      })],
    ['/refresh', () => oidc.refreshTokenGrant(u.config, 'bogus-refresh-token')],
    // The documented way to tell the handler that this was a refresh: normalize with `kind`, throw the result.
    ['/refresh-told', async () => {
      try {
        return await oidc.refreshTokenGrant(u.config, 'bogus-refresh-token');
      } catch (err) {
        const normalized = normalizeOktaError(err, { kind: 'refresh' });
        throw normalized ? new UpstreamError(normalized, { cause: err }) : err;
      }
    }],
  ];
}

function matchPath(pattern: string, path: string): Params | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_m, name: string) => (names.push(name), '([^/]+)'));
  const m = new RegExp(`^${source}$`).exec(path);
  return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) : undefined;
}

// ---------------------------------------------------------------------------
// one app per framework

interface BuiltApp {
  listener: RequestListener;
  /** What the app's own `'error'` listener received (Koa only). */
  appErrors?: unknown[];
}

interface Framework {
  name: string;
  koa: boolean;
  build(routes: Routes, options: OktaApiErrorHandlerOptions): BuiltApp;
}

/** What the app's own final error handler answers (Express), to tell "passed on" from "handled". */
const APP_ERROR_BODY = 'app-final-error-handler';

function expressFramework(name: string, express: typeof express5, rejectsToNext: boolean): Framework {
  return {
    name,
    koa: false,
    build(routes, options) {
      const app = express();
      for (const [pattern, route] of routes) {
        if (rejectsToNext) {
          app.get(pattern, async (req, res) => {
            res.json(await route(req.params as Params));
          });
        } else {
          // Express 4 ignores a rejected promise: the route passes it to next itself.
          app.get(pattern, (req, res, next) => {
            route(req.params as Params).then((body) => res.json(body), next);
          });
        }
      }
      app.use(expressHandler(options));
      app.use((_err: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
        res.status(500).type('text/plain').send(APP_ERROR_BODY);
      });
      return { listener: app };
    },
  };
}

function koaFramework(name: string, Koa: typeof Koa3): Framework {
  return {
    name,
    koa: true,
    build(routes, options) {
      const app = new Koa();
      const appErrors: unknown[] = [];
      // Registered before callback(), so Koa does not install its console-logging default.
      app.on('error', (err: unknown) => appErrors.push(err));
      app.use(koaHandler(options));
      app.use(async (ctx) => {
        for (const [pattern, route] of routes) {
          const params = matchPath(pattern, ctx.path);
          if (params) {
            ctx.body = await route(params);
            return;
          }
        }
      });
      return { listener: app.callback(), appErrors };
    },
  };
}

const FRAMEWORKS: Framework[] = [
  expressFramework('Express 5', express5, true),
  expressFramework('Express 4', express4 as unknown as typeof express5, false),
  koaFramework('Koa 3', Koa3),
  koaFramework('Koa 2', Koa2 as unknown as typeof Koa3),
];

// ---------------------------------------------------------------------------
// the Okta API scenarios

interface OktaScenario {
  user: string;
  status: number;
  code: string;
  upstreamStatus: number;
  /** What the SDK threw: JSON bodies become OktaApiError, anything else HttpError. */
  thrown: 'OktaApiError' | 'HttpError';
  retryAfter?: string;
  causes?: string[];
}

const OKTA_SCENARIOS: OktaScenario[] = [
  // Org-wide rate limit: the whole app is over quota, so 503, and Retry-After from Reset - upstream Date.
  { user: 'rate', thrown: 'OktaApiError', status: 503, code: 'E0000047', upstreamStatus: 429, retryAfter: String(RATE_RESET_DELAY) },
  // Per-user throttle: this user waits, 429.
  { user: 'sms', thrown: 'OktaApiError', status: 429, code: 'E0000109', upstreamStatus: 429, retryAfter: String(SMS_RESET_DELAY) },
  // The app's API token was refused: the app's problem, never a 401 to its client.
  { user: 'badtoken', thrown: 'OktaApiError', status: 502, code: 'E0000011', upstreamStatus: 401 },
  { user: 'invalid', thrown: 'OktaApiError', status: 400, code: 'E0000001', upstreamStatus: 400, causes: ['login: Username must be in the form of an email address'] },
  { user: 'missing', thrown: 'OktaApiError', status: 404, code: 'E0000007', upstreamStatus: 404 },
  { user: 'proxy', thrown: 'HttpError', status: 502, code: 'upstream_500', upstreamStatus: 500 },
  { user: 'busy', thrown: 'HttpError', status: 503, code: 'upstream_503', upstreamStatus: 503, retryAfter: '120' },
  { user: 'garbage', thrown: 'HttpError', status: 502, code: 'upstream_500', upstreamStatus: 500 },
];

/** What each scenario's event says for monitoring: severity, errorType, anchor in docs/errors.md. */
const EVENT_LABELS: Readonly<Record<string, readonly [string, string, string]>> = {
  rate: ['warn', 'okta.E0000047', 'e0000047'],
  sms: ['warn', 'okta.E0000109', 'e0000109'],
  badtoken: ['error', 'okta.E0000011', 'e0000011'],
  invalid: ['warn', 'okta.E0000001', 'e0000001'],
  missing: ['warn', 'okta.E0000007', 'e0000007'],
  proxy: ['warn', 'http.500', 'upstream_status'],
  busy: ['warn', 'http.503', 'upstream_status'],
  garbage: ['warn', 'http.500', 'upstream_status'],
};

type TestResponse = request.Response;

interface Call {
  res: TestResponse;
  events: OktaErrorEvent[];
  appErrors: unknown[] | undefined;
}

// ---------------------------------------------------------------------------

let org: FakeOrg;
let op: ProviderHandle;
let upstreams: Upstreams;
let routes: Routes;

beforeAll(async () => {
  org = await startFakeOrg();
  op = await startProvider({
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: ['http://app.example/cb'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    logServerErrors: false,
  });
  const discover = (secret: string) =>
    oidc.discovery(new URL(op.issuer), CLIENT_ID, secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const [config, wrongSecretConfig] = await Promise.all([discover(CLIENT_SECRET), discover(WRONG_SECRET)]);
  upstreams = {
    // v8 accepts an http orgUrl, so the local server stands in for the org.
    okta: new Client({
      orgUrl: org.url,
      token: API_TOKEN,
      authorizationMode: 'SSWS',
      requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
      cacheMiddleware: null,
    }),
    issuer: op.issuer,
    config,
    wrongSecretConfig,
  };
  routes = routesFor(upstreams);
});

afterAll(async () => {
  await op?.close();
  if (org) await closeServer(org.server);
});

/**
 * Secrets and upstream details that must not appear anywhere a client or a log line sees. The word
 * `SSWS` is allowed in the onError event and on development pages only, where E0000011's catalog hint
 * names the scheme ("a revoked SSWS token"); an `SSWS <credential>` value is refused everywhere.
 */
function expectNoLeak(call: Call, development = false): void {
  const toClient = [call.res.text, JSON.stringify(call.res.headers)].join('\n');
  const everything = [toClient, JSON.stringify(call.events)].join('\n');
  for (const secret of [API_TOKEN, API_TOKEN.slice(0, 12), QUERY_MARKER, encodeURIComponent(QUERY_MARKER), 'bob.private', CLIENT_SECRET, WRONG_SECRET, org.url, new URL(org.url).host]) {
    expect(everything, `leaked ${secret}`).not.toContain(secret);
  }
  expect(everything).not.toMatch(/SSWS\s+[A-Za-z0-9_-]{20,}/);
  if (!development) expect(toClient).not.toContain('SSWS');
  for (const name of Object.keys(call.res.headers)) expect(name).not.toMatch(/^x-rate-limit-|^x-okta-/);
}

function upstreamEvents(call: Call): UpstreamErrorEvent[] {
  return call.events.filter((e): e is UpstreamErrorEvent => e.type === 'upstream.error');
}

describe.each(FRAMEWORKS)('oktaApiErrorHandler end to end ($name)', (framework) => {
  async function call(path: string, headers: Record<string, string>, options: OktaApiErrorHandlerOptions = {}): Promise<Call> {
    const events: OktaErrorEvent[] = [];
    const { listener, appErrors } = framework.build(routes, { ...options, onError: (e) => events.push(e) });
    let req = request(listener).get(path);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await req;
    return { res, events, appErrors };
  }

  /** One handled request: one onError event and, in Koa, one report to the app's 'error' listener. */
  function expectHandledOnce(c: Call, expected: { code: string; status: number }, thrown?: (err: unknown) => void): void {
    const events = upstreamEvents(c);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ...expected, method: 'GET' });
    expect(events[0]!.path).not.toContain('?');
    if (framework.koa) {
      expect(c.appErrors).toHaveLength(1);
      thrown?.(c.appErrors![0]);
    }
  }

  it('a healthy user: the real SDK call succeeds through the same app', async () => {
    const { res, events } = await call('/users/healthy', API);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '00uHealthy', login: 'healthy@example.com' });
    expect(events).toEqual([]);
    // The SDK really sent the token and the query the assertions below look for.
    const last = org.seen.at(-1)!;
    expect(last.headers.authorization).toBe(`SSWS ${API_TOKEN}`);
    expect(decodeURIComponent(last.url ?? '')).toContain(QUERY_MARKER);
  });

  describe.each(OKTA_SCENARIOS)('GET /users/$user → $status $code', (s) => {
    it('API client: problem+json with the status, code, request id and Retry-After, nothing leaked', async () => {
      const c = await call(`/users/${s.user}?${APP_QUERY}`, API);
      const { res } = c;
      expect(res.status, res.text.slice(0, 300)).toBe(s.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['retry-after']).toBe(s.retryAfter);
      const body = JSON.parse(res.text) as Record<string, unknown>;
      expect(body).toMatchObject({
        type: `urn:okta-error-handler:${s.code}`,
        title: expect.any(String),
        status: s.status,
        detail: expect.any(String),
        instance: expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}$/),
        code: s.code,
        requestId: `req-${s.user}`,
      });
      if (s.retryAfter) expect(body.retryAfter).toBe(Number(s.retryAfter));
      expect(body.causes).toEqual(s.causes);
      // Production: no developer detail.
      expect(body).not.toHaveProperty('hint');
      expect(body).not.toHaveProperty('summary');
      expect(body).not.toHaveProperty('upstreamStatus');
      expect(res.text.length).toBeLessThan(4096);
      expectNoLeak(c);
      expectHandledOnce(c, { code: s.code, status: s.status }, (err) => {
        // Koa is told with a compact UpstreamError; the SDK's own error is its cause.
        expect(err).toMatchObject({ name: 'UpstreamError', code: 'OEH_UPSTREAM_ERROR', status: s.status, errorCode: s.code });
        expect((err as Error).cause).toMatchObject({ name: s.thrown, status: s.upstreamStatus });
        expect((err as Error).message.length).toBeLessThan(300);
      });
      const event = upstreamEvents(c)[0]!;
      expect(event).toMatchObject({ upstreamStatus: s.upstreamStatus, requestId: `req-${s.user}`, source: 'okta-sdk', outcome: 'render' });
      expect(body.instance).toBe(`urn:uuid:${event.reference}`);
    });

    it('event: severity, errorType and docsUrl for the code, time with milliseconds', async () => {
      const [severity, errorType, docs] = EVENT_LABELS[s.user]!;
      const before = Date.now();
      const c = await call(`/users/${s.user}`, API);
      const after = Date.now();
      const event = upstreamEvents(c)[0]!;
      expect(event).toMatchObject({ code: s.code, severity, errorType, docsUrl: `node_modules/okta-error-handler/docs/errors.md#${docs}` });
      expect(event.time).toMatch(/\.\d{3}Z$/);
      expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.time)).toBeLessThanOrEqual(after);
    });

    it('browser: an HTML page with the status, the request id and the causes', async () => {
      const c = await call(`/users/${s.user}`, BROWSER);
      const { res } = c;
      expect(res.status).toBe(s.status);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['retry-after']).toBe(s.retryAfter);
      expect(res.text).toContain(`req-${s.user}`);
      for (const cause of s.causes ?? []) expect(res.text).toContain(cause);
      expect(res.text).not.toContain('<script>');
      expectNoLeak(c);
      expectHandledOnce(c, { code: s.code, status: s.status });
    });
  });

  it('development: true adds hint and summary (and nothing secret)', async () => {
    const c = await call('/users/invalid', API, { development: true });
    const body = JSON.parse(c.res.text) as Record<string, unknown>;
    expect(c.res.status).toBe(400);
    expect(body).toMatchObject({
      code: 'E0000001',
      hint: expect.stringContaining('errorCauses'),
      summary: 'Api validation failed: login',
      upstreamStatus: 400,
      causes: ['login: Username must be in the form of an email address'],
    });
    expectNoLeak(c, true);
  });

  it('development: true on the page of an E0000011 still never shows the token', async () => {
    const c = await call('/users/badtoken', BROWSER, { development: true });
    expect(c.res.status).toBe(502);
    expect(c.res.text).toContain('Invalid token provided');
    expectNoLeak(c, true);
  });

  it('an unrecognised error is passed on to the app', async () => {
    const c = await call('/boom', API);
    expect(c.res.status).toBe(500);
    expect(upstreamEvents(c)).toHaveLength(0);
    if (framework.koa) {
      // Koa's own default: a plain 500, and its 'error' event once, with the original error.
      expect(c.res.text).toBe('Internal Server Error');
      expect(c.appErrors).toHaveLength(1);
      expect((c.appErrors![0] as Error).message).toBe('boom');
    } else {
      expect(c.res.text).toBe(APP_ERROR_BODY);
    }
  });

  it('handleAll: an unrecognised error becomes a 500 problem that says nothing about it', async () => {
    const c = await call('/boom', API, { handleAll: true });
    expect(c.res.status).toBe(500);
    expect(c.res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(c.res.text)).toMatchObject({ status: 500, code: 'internal_error', type: 'urn:okta-error-handler:internal_error' });
    expect(c.res.text).not.toContain('boom');
    expectHandledOnce(c, { code: 'internal_error', status: 500 }, (err) => expect(((err as Error).cause as Error).message).toBe('boom'));
  });

  describe('openid-client v6 against the in-process provider', () => {
    it('invalid_grant on code exchange, browser navigation: 303 to /login', async () => {
      const c = await call('/callback-exchange', BROWSER);
      expect(c.res.status).toBe(303);
      expect(c.res.headers.location).toBe('/login');
      expectNoLeak(c);
      expectHandledOnce(c, { code: 'invalid_grant', status: 303 }, (err) => {
        expect((err as Error).cause).toMatchObject({ code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' });
      });
      expect(upstreamEvents(c)[0]).toMatchObject({ outcome: 'redirect', upstreamStatus: 400, source: 'openid-client' });
    });

    it('invalid_grant on code exchange, API client: 400 problem+json', async () => {
      const c = await call('/callback-exchange', API);
      expect(c.res.status).toBe(400);
      expect(c.res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(c.res.text)).toMatchObject({ status: 400, code: 'invalid_grant', type: 'urn:okta-error-handler:invalid_grant' });
      expectNoLeak(c);
      expectHandledOnce(c, { code: 'invalid_grant', status: 400 });
    });

    it('invalid_grant on code exchange, a script in a browser (Sec-Fetch-Mode: cors): a 400 page, no redirect', async () => {
      const c = await call('/callback-exchange', { ...BROWSER, 'Sec-Fetch-Mode': 'cors' });
      expect(c.res.status).toBe(400);
      expect(c.res.headers['content-type']).toMatch(/^text\/html/);
      expect(c.res.headers.location).toBeUndefined();
    });

    it('invalid_grant on refresh, untold: handled as a spent code exchange (restart sign-in)', async () => {
      const api = await call('/refresh', API);
      expect(api.res.status).toBe(400);
      expect(JSON.parse(api.res.text)).toMatchObject({ code: 'invalid_grant', status: 400 });
      const nav = await call('/refresh', BROWSER);
      expect(nav.res.status).toBe(303);
      expect(nav.res.headers.location).toBe('/login');
    });

    it('invalid_grant on refresh, told with normalizeOktaError(err, { kind: "refresh" }): 401, session over', async () => {
      const api = await call('/refresh-told', API);
      expect(api.res.status).toBe(401);
      expect(JSON.parse(api.res.text)).toMatchObject({ code: 'invalid_grant', status: 401, detail: 'Your session has ended. Please sign in again.' });
      expectHandledOnce(api, { code: 'invalid_grant', status: 401 }, (err) => expect(err).toBeInstanceOf(UpstreamError));
      // A navigation gets the page with a sign-in link, not a redirect: only a spent code redirects.
      const nav = await call('/refresh-told', BROWSER);
      expect(nav.res.status).toBe(401);
      expect(nav.res.headers['content-type']).toMatch(/^text\/html/);
      expect(nav.res.text).toContain('href="/login"');
    });

    it('a wrong client secret: invalid_client, 502 (configuration), secret never shown', async () => {
      for (const headers of [API, BROWSER]) {
        const c = await call('/callback-exchange-misconfigured', headers, { development: true });
        expect(c.res.status).toBe(502);
        expect(c.res.headers.location).toBeUndefined();
        expectNoLeak(c, true);
        expectHandledOnce(c, { code: 'invalid_client', status: 502 });
        expect(upstreamEvents(c)[0]).toMatchObject({ category: 'configuration', upstreamStatus: 401 });
      }
    });

    it('OAUTH_AUTHORIZATION_RESPONSE_ERROR (access_denied in the redirect): 403, never a redirect loop', async () => {
      const api = await call('/callback-denied', API);
      expect(api.res.status).toBe(403);
      expect(JSON.parse(api.res.text)).toMatchObject({ code: 'access_denied', status: 403, detail: 'Access was denied.' });
      expectHandledOnce(api, { code: 'access_denied', status: 403 }, (err) => {
        expect((err as Error).cause).toMatchObject({ code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR', error: 'access_denied' });
      });
      const nav = await call('/callback-denied', BROWSER);
      expect(nav.res.status).toBe(403);
      expect(nav.res.headers.location).toBeUndefined();
      expect(nav.res.headers['content-type']).toMatch(/^text\/html/);
      // Production: the provider's description is not shown.
      expect(nav.res.text).not.toContain('End-User aborted interaction');
    });
  });
});
