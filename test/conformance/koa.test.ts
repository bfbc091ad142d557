import Koa3 from 'koa';
import Koa2 from 'koa2';
import bodyParser from 'koa-bodyparser';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/koa/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

const CALLBACKS = new Set(['/authorization-code/callback', '/authorization-code/callback/', '/cb', '/other/cb']);

function koaApp(Koa: typeof Koa3, parserFirst: boolean): AppFactory {
  return (options) => {
    const app = new Koa();
    if (parserFirst) app.use(bodyParser({ formLimit: '1mb' }));
    app.use(oktaErrorHandler(options));
    app.use(async (ctx) => {
      if (!CALLBACKS.has(ctx.path)) return;
      ctx.status = 200;
      ctx.body = `app:${JSON.stringify((ctx.request as { body?: unknown }).body ?? null)}`;
    });
    return app.callback();
  };
}

runConformance('koa 3', koaApp(Koa3, false));
runConformance('koa 2', koaApp(Koa2 as unknown as typeof Koa3, false));
runConformance('koa 3, body parser before the interceptor', koaApp(Koa3, true), true);

function koaUpstreamApp(Koa: typeof Koa3): UpstreamAppFactory {
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
    app.use(oktaApiErrorHandler(options));
    app.use(async (ctx) => {
      if (ctx.path === '/boom') throw error();
    });
    return app.callback();
  };
}

runUpstreamConformance('koa 3', koaUpstreamApp(Koa3));
runUpstreamConformance('koa 2', koaUpstreamApp(Koa2 as unknown as typeof Koa3));
