/**
 * The load test's server process: an Express 5 and a Koa 3 app with the interceptor mounted, on
 * 127.0.0.1, in a child started with `--expose-gc` so that the heap can be measured after a forced GC.
 *
 * Protocol (IPC): sends `{ type: 'ready', ports }`; answers `{ type: 'heap' }` with
 * `{ type: 'heap', heapUsed, events }`; exits on `{ type: 'stop' }` or when the parent goes away.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import { oktaApiErrorHandler as expressApiHandler, oktaErrorHandler as expressHandler } from '../../src/express/index.js';
import { oktaApiErrorHandler as koaApiHandler, oktaErrorHandler as koaHandler } from '../../src/koa/index.js';
import { UPSTREAM_FAILURES } from './upstream-failures.js';

const CALLBACK = '/authorization-code/callback';
const ISSUER = 'https://example.okta.com/oauth2/default';

let events = 0;
let appErrors = 0;
const options = { issuer: ISSUER, onError: () => void events++ };

const app = express();
app.use(expressHandler(options));
app.use(express.urlencoded({ extended: false }));
app.all(CALLBACK, (_req, res) => void res.status(200).send('app'));
app.get('/', (_req, res) => void res.send('home'));
app.get('/okta/:kind', (req, _res, next) => next(UPSTREAM_FAILURES[req.params.kind!]!.error()));
app.use(expressApiHandler(options));
app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  appErrors++;
  console.error(err);
  res.status(500).send('APP_ERROR');
});

const koa = new Koa();
koa.silent = true;
koa.on('error', (err) => {
  // Handled upstream failures are reported to the app on purpose: not an application error.
  if ((err as { code?: unknown }).code === 'OEH_UPSTREAM_ERROR') return;
  appErrors++;
  console.error(err);
});
koa.use(koaApiHandler(options));
koa.use(koaHandler(options));
koa.use(async (ctx) => {
  if (ctx.path === CALLBACK) ctx.body = 'app';
  else if (ctx.path === '/') ctx.body = 'home';
  else if (ctx.path.startsWith('/okta/')) throw UPSTREAM_FAILURES[ctx.path.slice(6)]!.error();
});

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settledHeap(): Promise<number> {
  // Several rounds: finalizers and weak callbacks run between them.
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

const ports = { express: await listen(app as unknown as http.RequestListener), koa: await listen(koa.callback()) };
process.on('message', async (message: { type: string }) => {
  if (message.type === 'heap') process.send!({ type: 'heap', heapUsed: await settledHeap(), events, appErrors });
  if (message.type === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', ports });
