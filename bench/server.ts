/**
 * One benchmark server, in its own process so that the load generator (the parent) and the server each
 * have a core. `process.argv[2]` names the app; it listens on 127.0.0.1 and reports its port over IPC.
 * The interceptor comes from the built package (`okta-error-handler` resolves to dist/), as users get it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import { dist } from './dist.js';

// The built package (dist/), typed from the source. Not a static import: dist/ exists only once built.
const { oktaErrorHandler } = (await import(dist('index'))) as typeof import('../src/express/index.js');
const { oktaErrorHandler: koaOktaErrorHandler } = (await import(dist('koa'))) as typeof import('../src/koa/index.js');

const CALLBACK = '/authorization-code/callback';
const BODY = JSON.stringify({ id: 42, name: 'Ada Lovelace', roles: ['admin', 'user'], active: true });

/** A small but typical app: a JSON route and the sign-in callback route. */
function expressApp(withHandler: boolean): express.Express {
  const app = express();
  if (withHandler) app.use(oktaErrorHandler());
  app.get('/api/user', (_req, res) => void res.type('json').send(BODY));
  app.get(CALLBACK, (_req, res) => void res.send('signed in'));
  return app;
}

function koaApp(withHandler: boolean): Koa {
  const app = new Koa();
  if (withHandler) app.use(koaOktaErrorHandler());
  app.use(async (ctx) => {
    if (ctx.path === '/api/user') {
      ctx.type = 'json';
      ctx.body = BODY;
    } else if (ctx.path === CALLBACK) ctx.body = 'signed in';
  });
  return app;
}

/** The page baseline: the same bytes the interceptor renders, sent with `res.send`. */
function sendSameBytes(page: string, status: number): express.Express {
  const app = express();
  app.get(CALLBACK, (_req, res) => void res.status(status).send(page));
  return app;
}

const kind = process.argv[2];
const handlers: Record<string, () => http.RequestListener> = {
  'express-bare': () => expressApp(false) as unknown as http.RequestListener,
  'express-oeh': () => expressApp(true) as unknown as http.RequestListener,
  'koa-bare': () => koaApp(false).callback(),
  'koa-oeh': () => koaApp(true).callback(),
  'express-send': () => sendSameBytes(process.env.BENCH_PAGE ?? '', Number(process.env.BENCH_STATUS ?? 200)) as unknown as http.RequestListener,
};
const make = handlers[kind ?? ''];
if (!make) throw new Error(`unknown server kind ${kind}; one of ${Object.keys(handlers).join(', ')}`);

const server = http.createServer(make());
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send!({ type: 'ready', port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
// CPU time used so far (µs): the parent turns it into CPU per request, steadier than req/s on a shared machine.
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', micros: user + system });
  }
});
