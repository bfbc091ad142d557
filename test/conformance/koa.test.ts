import Koa3 from 'koa';
import Koa2 from 'koa2';
import bodyParser from 'koa-bodyparser';
import { oktaErrorHandler } from '../../src/koa/index.js';
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
