/**
 * Where the frameworks legitimately differ (where the nonce lives, how views render, what a handler
 * receives), each adapter's side of the contract.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import Koa, { type Context } from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/express/index.js';
import { oktaApiErrorHandler as koaApiErrorHandler, oktaErrorHandler as koaErrorHandler } from '../../src/koa/index.js';

const DENIED = '/authorization-code/callback?error=access_denied&state=s';

describe('express specifics', () => {
  it('puts res.locals.cspNonce on the page style', async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.locals.cspNonce = 'n0nce"x';
      next();
    });
    app.use(oktaErrorHandler());
    const res = await request(app).get(DENIED);
    expect(res.text).toContain('<style nonce="n0nce&quot;x">');
  });

  it('renders { view } templates with res.render and the app view engine', async () => {
    const views = mkdtempSync(join(tmpdir(), 'oeh-views-'));
    writeFileSync(join(views, 'denied.tpl'), 'unused');
    const app = express();
    app.set('views', views);
    app.engine('tpl', (_path: string, locals: object, cb: (e: unknown, s?: string) => void) => {
      const l = locals as { title: string; status: number; action?: { href: string } };
      cb(null, `<h1>${l.title}</h1><a href="${l.action?.href}">${l.status}</a>`);
    });
    app.set('view engine', 'tpl');
    app.use(oktaErrorHandler({ templates: { access_denied: { view: 'denied' } } }));
    const res = await request(app).get(DENIED);
    expect(res.status).toBe(403);
    expect(res.text).toBe('<h1>Sign-in was not completed</h1><a href="/login">403</a>');
  });

  it('matches callbackPath inside a mounted router (req.path)', async () => {
    const app = express();
    const router = express.Router();
    router.use(oktaErrorHandler({ callbackPath: '/callback' }));
    app.use('/auth', router);
    expect((await request(app).get('/auth/callback?error=access_denied&state=s')).status).toBe(403);
  });

  it('verifyState and loginUrl receive the Express request', async () => {
    const seen: unknown[] = [];
    const app = express();
    app.use(
      oktaErrorHandler({
        verifyState: (req, state) => {
          seen.push(req.get('x-tx'), state);
          return true;
        },
        loginUrl: (req, { prompt }) => `/login?prompt=${prompt}&tx=${req.get('x-tx')}`,
      }),
    );
    const res = await request(app).get('/authorization-code/callback?error=login_required&state=abc').set('x-tx', 't1');
    expect(seen).toEqual(['t1', 'abc']);
    expect(res.headers.location).toBe('/login?prompt=login&tx=t1');
  });

  it('hands an error on when the response has already started', async () => {
    const app = express();
    app.get('/boom', (_req, res, next) => {
      res.write('partial');
      next(Object.assign(new Error('x'), { name: 'OktaApiError', status: 429, errorCode: 'E0000047', headers: new Headers() }));
    });
    let passed = false;
    app.use(oktaApiErrorHandler());
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      passed = true;
      res.end();
    });
    await request(app).get('/boom');
    expect(passed).toBe(true);
  });

  it('is recognised by Express as error middleware (four parameters)', () => {
    expect(oktaApiErrorHandler().length).toBe(4);
    expect(oktaApiErrorHandler().name).toBe('oktaApiErrorHandler');
    expect(oktaErrorHandler().length).toBe(3);
  });

  it('one options object configures both handlers', () => {
    const opts = { loginPath: '/signin', issuer: 'https://example.okta.com', development: false, statusFor: { E0000047: 429 }, handleAll: false };
    expect(() => oktaErrorHandler(opts)).not.toThrow();
    expect(() => oktaApiErrorHandler(opts)).not.toThrow();
    expect(() => koaErrorHandler(opts)).not.toThrow();
    expect(() => koaApiErrorHandler(opts)).not.toThrow();
    expect(() => oktaApiErrorHandler({ ...opts, isuer: 'x' } as never)).toThrow(/"isuer" is not a known option/);
  });

  it('rejects a bad option when the app starts', () => {
    expect(() => oktaApiErrorHandler({ statusFor: { E0000047: 200 } })).toThrow(/"statusFor.E0000047" must be an HTTP error status/);
    expect(() => oktaApiErrorHandler({ devlopment: true } as never)).toThrow(/Did you mean "development"/);
    expect(() => app_use_without_call()).toThrow(/call the factory/);
  });
});

function app_use_without_call() {
  return oktaErrorHandler(oktaErrorHandler as never);
}

describe('koa specifics', () => {
  it('puts ctx.state.cspNonce on the page style', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state.cspNonce = 'k0a';
      await next();
    });
    app.use(koaErrorHandler());
    const res = await request(app.callback()).get(DENIED);
    expect(res.text).toContain('<style nonce="k0a">');
  });

  it('verifyState, loginUrl and renderView receive ctx', async () => {
    const seen: string[] = [];
    const app = new Koa();
    app.use(
      koaErrorHandler({
        verifyState: (ctx: Context) => (seen.push(`verify:${ctx.get('x-tx')}`), true),
        loginUrl: (ctx: Context) => `/login?tx=${ctx.get('x-tx')}`,
        templates: { access_denied: { view: 'denied' } },
        renderView: (ctx: Context, view, locals) => `${view}:${ctx.get('x-tx')}:${locals.status}`,
      }),
    );
    const denied = await request(app.callback()).get(DENIED).set('x-tx', 't2');
    expect(denied.text).toBe('denied:t2:403');
    const reprompt = await request(app.callback()).get('/authorization-code/callback?error=login_required&state=s').set('x-tx', 't3');
    expect(reprompt.headers.location).toBe('/login?tx=t3');
    expect(seen).toEqual(['verify:t2', 'verify:t3']);
  });

  it("reports a handled upstream error with app.emit('error') once, and rethrows what it does not know", async () => {
    const app = new Koa();
    const reported: unknown[] = [];
    app.on('error', (err) => reported.push(err));
    app.use(koaApiErrorHandler());
    app.use(async (ctx) => {
      if (ctx.path === '/okta') throw { errorCode: 'E0000007', errorSummary: 'Not found' };
      throw new Error('not ours');
    });
    const handled = await request(app.callback()).get('/okta');
    expect(handled.status).toBe(404);
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).cause).toEqual({ errorCode: 'E0000007', errorSummary: 'Not found' });
    const other = await request(app.callback()).get('/other');
    expect(other.status).toBe(500);
    expect((reported[1] as Error).message).toBe('not ours');
  });
});
