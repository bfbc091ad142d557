/**
 * The Fastify 5 adapter (`okta-error-handler/fastify`) through the same tables as Express and Koa, over a
 * real socket (supertest), with and without a form parser (@fastify/formbody) registered.
 */
import formbody from '@fastify/formbody';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/fastify/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

const CALLBACKS = ['/authorization-code/callback', '/cb', '/other/cb'];

/** A node request listener for a Fastify app that is still booting: requests wait for ready(). */
const listener = (app: FastifyInstance) => {
  const ready = app.ready();
  return (req: IncomingMessage, res: ServerResponse) => void ready.then(() => app.routing(req, res));
};

function fastifyApp(withFormParser: boolean): AppFactory {
  return (options) => {
    const app = Fastify({ ignoreTrailingSlash: true, caseSensitive: false });
    if (withFormParser) void app.register(formbody);
    void app.register(oktaErrorHandler, options);
    // Routes in another (encapsulated) plugin, registered after the interceptor: its hooks still run first.
    void app.register(async (child) => {
      for (const url of CALLBACKS) child.all(url, async (request) => `app:${JSON.stringify(request.body ?? null)}`);
    });
    return listener(app);
  };
}

runConformance('fastify 5, with @fastify/formbody', fastifyApp(true));
runConformance('fastify 5, without a form parser', fastifyApp(false), false, { formParser: false });

const fastifyUpstreamApp: UpstreamAppFactory = (options, error) => {
  const app = Fastify();
  // The app's own error handler, which an unrecognised error goes on to (Fastify's default when there is none).
  app.setErrorHandler(async (_err, _request, reply) => reply.code(500).send('app-error'));
  void app.register(async (child) => {
    child.setErrorHandler(oktaApiErrorHandler(options));
    child.get('/boom', async () => {
      throw error();
    });
  });
  return listener(app);
};

runUpstreamConformance('fastify 5', fastifyUpstreamApp);
