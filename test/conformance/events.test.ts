/**
 * Every event's monitoring fields, through real HTTP on each adapter (Express 5 and 4, Koa 3 and 2):
 * `severity` by category, `errorType` for OpenTelemetry, `docsUrl` (default, base URL, function, false),
 * and `time` with milliseconds. The development page links to the same entry.
 */
import type { Server } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import createError from 'http-errors';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { OktaErrorEvent } from '../../src/core/events.js';
import type { OktaErrorHandlerOptions } from '../../src/core/options/index.js';
import * as expressAdapter from '../../src/express/index.js';
import * as koaAdapter from '../../src/koa/index.js';
import { CALLBACK, NAV } from './cases.js';

/** An app with both handlers: the interceptor on the callback path, `/boom` throwing `error()`. */
type App = (options: OktaErrorHandlerOptions<any>, error?: () => unknown) => (req: any, res: any) => void;

function expressApp(express: typeof express5): App {
  return (options, error) => {
    const app = express();
    app.use(expressAdapter.oktaErrorHandler(options));
    app.all(CALLBACK, (_req, res) => void res.status(200).send('app'));
    app.get('/boom', (_req, _res, next) => next(error?.()));
    app.use(expressAdapter.oktaApiErrorHandler(options));
    app.use((_err: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => void res.status(500).send('app-error'));
    return app;
  };
}

function koaApp(Koa: typeof Koa3): App {
  return (options, error) => {
    const app = new Koa();
    app.silent = true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch {
        ctx.status = 500;
        ctx.body = 'app-error';
      }
    });
    app.use(koaAdapter.oktaApiErrorHandler(options));
    app.use(koaAdapter.oktaErrorHandler(options));
    app.use(async (ctx) => {
      if (ctx.path === '/boom') throw error?.();
      if (ctx.path === CALLBACK) ctx.body = 'app';
    });
    return app.callback();
  };
}

const FRAMEWORKS: ReadonlyArray<readonly [string, App]> = [
  ['Express 5', expressApp(express5)],
  ['Express 4', expressApp(express4 as unknown as typeof express5)],
  ['Koa 3', koaApp(Koa3)],
  ['Koa 2', koaApp(Koa2 as unknown as typeof Koa3)],
];

const DOCS = 'node_modules/okta-error-handler/docs/errors.md';
const cb = (query: Record<string, string>) => `${CALLBACK}?${new URLSearchParams({ state: 's1', ...query })}`;

function oktaApiError(status: number, errorCode: string): Error {
  return Object.assign(new Error(`Okta HTTP ${status} ${errorCode}`), { name: 'OktaApiError', status, errorCode, errorSummary: 'summary', errorCauses: [], headers: new Headers() });
}

/** Sends one request and returns the response and every event, with the wall-clock window around it. */
async function send(app: (req: any, res: any) => void, path: string, events: OktaErrorEvent[], headers: Record<string, string> = NAV, form?: string) {
  const before = Date.now();
  let req = form === undefined ? request(app as unknown as Server).get(path) : request(app as unknown as Server).post(path);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  if (form !== undefined) req = req.set('content-type', 'application/x-www-form-urlencoded').send(form);
  const res = await req;
  const after = Date.now();
  return { res, events, before, after };
}

/** `time` is ISO 8601 with milliseconds, and the milliseconds are the real ones (not rounded to the second). */
function expectTimeWithin(time: string, before: number, after: number): void {
  expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const at = Date.parse(time);
  expect(at).toBeGreaterThanOrEqual(before);
  expect(at).toBeLessThanOrEqual(after);
}

describe.each(FRAMEWORKS)('event labels over HTTP (%s)', (_name, create) => {
  const verifyState = () => true;

  it.each([
    ['user_canceled_request', 401, 'info'],
    ['login_required', 303, 'info'],
    ['consent_required', 303, 'info'],
    ['access_denied', 403, 'warn'],
    ['temporarily_unavailable', 303, 'warn'],
    ['invalid_scope', 500, 'error'],
    ['unauthorized_client', 500, 'error'],
  ] as const)('callback %s: %i, severity %s, oidc.<code>, default docsUrl, time in ms', async (code, status, severity) => {
    const events: OktaErrorEvent[] = [];
    const { res, before, after } = await send(create({ verifyState, onError: (e) => events.push(e) }), cb({ error: code }), events);
    expect(res.status).toBe(status);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({ type: 'callback.error', code, severity, errorType: `oidc.${code}`, docsUrl: `${DOCS}#${code}` });
    expectTimeWithin(event.time, before, after);
  });

  it('a code nobody knows, whatever it says, is oidc.unknown and links to #unknown', async () => {
    for (const code of ['brand_new_error', '<script>alert(1)</script>', 'E0000047', '__proto__']) {
      const events: OktaErrorEvent[] = [];
      const { res } = await send(create({ verifyState, onError: (e) => events.push(e) }), cb({ error: code }), events);
      expect(res.status).toBe(400);
      expect(events[0]).toMatchObject({ type: 'callback.error', severity: 'warn', errorType: 'oidc.unknown', docsUrl: `${DOCS}#unknown` });
    }
  });

  it('a rejected response (forged state) is a warning about invalid_state', async () => {
    const events: OktaErrorEvent[] = [];
    const { res } = await send(create({ verifyState: () => false, onError: (e) => events.push(e) }), cb({ error: 'login_required' }), events);
    expect(res.status).toBe(400);
    expect(events[0]).toMatchObject({ code: 'invalid_state', category: 'rejected', severity: 'warn', errorType: 'oidc.invalid_state', docsUrl: `${DOCS}#invalid_state` });
  });

  it('docsUrl as a base URL, as a function, and false', async () => {
    const base: OktaErrorEvent[] = [];
    await send(create({ verifyState, docsUrl: 'https://docs.example.com/sso/errors', onError: (e) => base.push(e) }), cb({ error: 'access_denied' }), base);
    expect(base[0]!.docsUrl).toBe('https://docs.example.com/sso/errors#access_denied');

    const fn: OktaErrorEvent[] = [];
    const asked: unknown[] = [];
    const docsUrl = (code: string, info: { anchor: string; type: string }) => (asked.push([code, info]), `https://wiki.example.com/${code}`);
    await send(create({ verifyState, docsUrl, onError: (e) => fn.push(e) }), cb({ error: 'brand_new_error' }), fn);
    expect(fn[0]!.docsUrl).toBe('https://wiki.example.com/unknown');
    expect(asked).toEqual([['unknown', { anchor: 'unknown', type: 'callback.error' }]]);

    const off: OktaErrorEvent[] = [];
    await send(create({ verifyState, docsUrl: false, onError: (e) => off.push(e) }), cb({ error: 'access_denied' }), off);
    expect(off[0]).toMatchObject({ severity: 'warn', errorType: 'oidc.access_denied' });
    expect('docsUrl' in off[0]!).toBe(false);
  });

  it('the development page shows the entry: a link for an http(s) URL, a path to open otherwise, nothing with false', async () => {
    const page = async (docsUrl?: unknown) => (await send(create({ verifyState, development: true, onError: () => {}, ...(docsUrl !== undefined && { docsUrl }) } as OktaErrorHandlerOptions), cb({ error: 'access_denied' }), [])).res.text;
    expect(await page('https://docs.example.com/errors')).toContain('About this error: <a href="https://docs.example.com/errors#access_denied" rel="noopener noreferrer">https://docs.example.com/errors#access_denied</a>');
    expect(await page()).toContain(`About this error: <code>${DOCS}#access_denied</code>`);
    expect(await page(false)).not.toContain('About this error');
    // Production pages have no development section at all.
    const production = (await send(create({ verifyState }), cb({ error: 'access_denied' }), [])).res.text;
    expect(production).not.toContain('About this error');
    expect(production).not.toContain('errors.md');
  });

  it('a failing template is template.error, an error, linking to #template-error', async () => {
    const events: OktaErrorEvent[] = [];
    const templates = { access_denied: () => { throw new Error('broken template'); } };
    const { res, before, after } = await send(create({ verifyState, templates, onError: (e) => events.push(e) }), cb({ error: 'access_denied' }), events);
    expect(res.status).toBe(403);
    const event = events.find((e) => e.type === 'template.error')!;
    expect(event).toMatchObject({ severity: 'error', errorType: 'template.error', docsUrl: `${DOCS}#template-error` });
    expectTimeWithin(event.time, before, after);
  });

  it('set-up warnings: form_post_without_https over HTTP, state_not_verified at construction', async () => {
    const events: OktaErrorEvent[] = [];
    const before = Date.now();
    const app = create({ development: true, onError: (e) => events.push(e) });
    const notice = events.find((e) => e.type === 'setup.warning')!;
    expect(notice).toMatchObject({ code: 'state_not_verified', severity: 'warn', errorType: 'setup.state_not_verified', docsUrl: `${DOCS}#state_not_verified` });
    expectTimeWithin(notice.time, before, Date.now());

    const posted: OktaErrorEvent[] = [];
    const { res, before: b, after } = await send(create({ verifyState, onError: (e) => posted.push(e) }), CALLBACK, posted, { ...NAV, 'sec-fetch-site': 'cross-site', origin: 'https://idp.example.com' }, 'error=access_denied&state=s1');
    expect(res.status).toBe(403);
    const warning = posted.find((e) => e.type === 'setup.warning')!;
    expect(warning).toMatchObject({ code: 'form_post_without_https', severity: 'warn', errorType: 'setup.form_post_without_https', docsUrl: `${DOCS}#form_post_without_https` });
    expectTimeWithin(warning.time, b, after);
    void app;
  });

  it.each([
    ['E0000047 org rate limit', () => oktaApiError(429, 'E0000047'), 503, 'warn', 'okta.E0000047', 'e0000047'],
    ["E0000011 the app's API token", () => oktaApiError(401, 'E0000011'), 502, 'error', 'okta.E0000011', 'e0000011'],
    ["E0000004 the user's credentials", () => oktaApiError(401, 'E0000004'), 401, 'warn', 'okta.E0000004', 'e0000004'],
    ['an E-code the catalog does not list', () => oktaApiError(400, 'E0009999'), 400, 'warn', 'okta.unknown', 'okta-unknown-code'],
    ['invalid_grant from the token endpoint', () => Object.assign(new Error('invalid_grant'), { name: 'OPError', error: 'invalid_grant', response: { statusCode: 400 } }), 400, 'warn', 'oidc.invalid_grant', 'token-invalid_grant'],
    ['invalid_client from the token endpoint', () => Object.assign(new Error('x'), { name: 'OPError', error: 'invalid_client', response: { statusCode: 401 } }), 502, 'error', 'oidc.invalid_client', 'token-invalid_client'],
    ['an openid-client timeout', () => Object.assign(new Error('timed out'), { code: 'OAUTH_TIMEOUT' }), 504, 'warn', 'client.OAUTH_TIMEOUT', 'client-oauth_timeout'],
    ['an http-errors 404', () => createError(404, 'no such user'), 404, 'warn', 'http.404', 'http_status'],
    ['a proxy page without a code', () => Object.assign(new Error('HTTP 502 <html>'), { name: 'OktaApiError', status: 502, headers: new Headers() }), 502, 'warn', 'http.502', 'upstream_status'],
  ] as const)('upstream %s: %i, severity %s, %s, #%s', async (_label, error, status, severity, errorType, anchor) => {
    const events: OktaErrorEvent[] = [];
    const { res, before, after } = await send(create({ onError: (e) => events.push(e) }, error), '/boom', events, { accept: 'application/json' });
    expect(res.status).toBe(status);
    const event = events.find((e) => e.type === 'upstream.error')!;
    expect(event).toMatchObject({ severity, errorType, docsUrl: `${DOCS}#${anchor}` });
    expectTimeWithin(event.time, before, after);
  });

  it('an unrecognised error answered under handleAll is internal.error, an error', async () => {
    const events: OktaErrorEvent[] = [];
    const { res } = await send(create({ handleAll: true, docsUrl: 'https://docs.example.com/e', onError: (e) => events.push(e) }, () => new RangeError('bug')), '/boom', events, { accept: 'application/json' });
    expect(res.status).toBe(500);
    expect(events[0]).toMatchObject({ type: 'upstream.error', code: 'internal_error', severity: 'error', errorType: 'internal.error', docsUrl: 'https://docs.example.com/e#internal_error' });
  });

  it("the upstream development page links to the code's entry", async () => {
    const { res } = await send(create({ development: true, verifyState, docsUrl: 'https://docs.example.com/errors' }, () => oktaApiError(429, 'E0000047')), '/boom', [], NAV);
    expect(res.status).toBe(503);
    expect(res.text).toContain('<a href="https://docs.example.com/errors#e0000047"');
  });
});
