/** The Hono 4 adapter (`okta-error-handler/hono`) through the same tables, served by @hono/node-server. */
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/hono/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

const CALLBACKS = ['/authorization-code/callback', '/authorization-code/callback/', '/cb', '/other/cb'];

function honoApp(parserFirst: boolean): AppFactory {
  return (options) => {
    const app = new Hono({ strict: false });
    // A middleware that reads the body first (as a validator would): the interceptor reads Hono's cache.
    if (parserFirst) {
      app.use(async (c, next) => {
        if (c.req.method === 'POST' && /urlencoded/.test(c.req.header('content-type') ?? '')) await c.req.parseBody({ all: true });
        await next();
      });
    }
    app.use(oktaErrorHandler(options));
    for (const path of CALLBACKS) {
      app.all(path, async (c) => {
        const form = c.req.method === 'POST' && /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '') ? await c.req.parseBody({ all: true }) : null;
        return c.text(`app:${JSON.stringify(form)}`, 200);
      });
    }
    return getRequestListener(app.fetch);
  };
}

runConformance('hono 4', honoApp(false), false, { fileSystem: false });
runConformance('hono 4, body read before the interceptor', honoApp(true), true, { fileSystem: false });

const honoUpstreamApp: UpstreamAppFactory = (options, error) => {
  const app = new Hono();
  app.get('/boom', () => {
    throw error();
  });
  app.onError(async (err, c) => {
    const answered = await oktaApiErrorHandler(options)(err, c);
    return answered.status === 500 && (await answered.clone().text()) === 'Internal Server Error' ? c.text('app-error', 500) : answered;
  });
  return getRequestListener(app.fetch);
};

runUpstreamConformance('hono 4', honoUpstreamApp, { errorsOnly: true });
