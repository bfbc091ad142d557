/**
 * The Fetch API adapter (`okta-error-handler/fetch`) through the same tables as Express and Koa: the
 * handlers called with real `Request` objects, served over HTTP by @hono/node-server.
 */
import { getRequestListener } from '@hono/node-server';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/fetch/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

const CALLBACKS = new Set(['/authorization-code/callback', '/authorization-code/callback/', '/cb', '/other/cb']);

/** What the app's own route would read of a form body (as express.urlencoded({ extended: false }) gives it). */
async function formOf(request: Request): Promise<Record<string, string | string[]> | null> {
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) return null;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(await request.text())) {
    const had = out[k];
    out[k] = had === undefined ? v : ([] as string[]).concat(had, v);
  }
  return out;
}

const fetchApp: AppFactory = (options) => {
  const intercept = oktaErrorHandler(options);
  return getRequestListener(async (request) => {
    const answered = await intercept(request);
    if (answered) return answered;
    if (!CALLBACKS.has(new URL(request.url).pathname)) return new Response('Not Found', { status: 404 });
    // The route still reads the body: the interceptor read a clone.
    return new Response(`app:${JSON.stringify(await formOf(request))}`, { status: 200 });
  });
};

runConformance('fetch (@hono/node-server)', fetchApp, false, { fileSystem: false });

const fetchUpstreamApp: UpstreamAppFactory = (options, error) => {
  const respond = oktaApiErrorHandler(options);
  return getRequestListener(async (request) => {
    try {
      if (new URL(request.url).pathname === '/boom') throw error();
      return new Response('Not Found', { status: 404 });
    } catch (err) {
      return (await respond(err, request)) ?? new Response('app-error', { status: 500 });
    }
  });
};

runUpstreamConformance('fetch (@hono/node-server)', fetchUpstreamApp);
