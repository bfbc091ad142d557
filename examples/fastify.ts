/**
 * Fastify 5 signing in with openid-client 6, okta-error-handler/fastify registered for the whole app and
 * as its error handler. `npx tsx examples/fastify.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, type FastifyOktaErrorHandlerOptions } from 'okta-error-handler/fastify';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';
import { CALLBACK_PATH, createSignIn, stateMatches } from './support/sign-in.js';

export async function createApp({ issuer, clientId, clientSecret, baseUrl, development, onError }: ExampleConfig) {
  const signIn = await createSignIn({ issuer, clientId, clientSecret, baseUrl });
  const handlers = { issuer, development, onError, isSignedIn: (req: FastifyRequest) => signIn.user(req.headers.cookie) !== undefined };
  const seeOther = (reply: FastifyReply, { location, cookies }: { location: string; cookies: string[] }) => reply.header('set-cookie', cookies).redirect(location, 303);
  const app = Fastify();
  await app.register(formbody); // for response_mode=form_post (the interceptor works without it too)
  // Typed apart: Fastify's register() overloads do not type the callbacks of an inline options object.
  const interceptor: FastifyOktaErrorHandlerOptions = { ...handlers, verifyState: (req, state) => stateMatches(req.headers.cookie, state) };
  await app.register(oktaErrorHandler, interceptor);
  app.setErrorHandler(oktaApiErrorHandler(handlers)); // a refused code exchange: one restart, home, or the page
  app.get('/login', async (req, reply) => seeOther(reply, await signIn.start(promptFrom(req))));
  app.get(CALLBACK_PATH, async (req, reply) => seeOther(reply, await signIn.finish(req.url, req.headers.cookie)));
  app.get('/', async (req, reply) => reply.type('text/html; charset=utf-8').send(signIn.user(req.headers.cookie) ? 'Signed in' : 'Signed out. <a href="/login">Sign in</a>'));
  await app.ready();
  return (req: IncomingMessage, res: ServerResponse) => app.routing(req, res);
}

if (isMain(import.meta.url)) await runExample('Fastify', CALLBACK_PATH, createApp);
