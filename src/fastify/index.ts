/**
 * `okta-error-handler/fastify`: Fastify 5 adapters. `await app.register(oktaErrorHandler, opts)` (for the
 * whole app, not encapsulated), `app.setErrorHandler(oktaApiErrorHandler(opts))`.
 * @module
 */
import { Readable } from 'node:stream';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { interceptCallback } from '../core/callback/handle.js';
import { mayBeErrorResponse } from '../core/callback/read.js';
import { nonceFrom, pathOf, type RequestFacts } from '../core/http/request.js';
import type { HttpResponse } from '../core/http/response.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options/index.js';
import { respondToUpstreamError } from '../core/upstream/respond.js';
import { NODE_HOST } from '../node/host.js';

export * from '../public-node.js';

/** Options of both Fastify handlers; `verifyState`, `loginUrl`, `actions` and `isSignedIn` receive the `FastifyRequest`. */
export type FastifyOktaErrorHandlerOptions = OktaErrorHandlerOptions<FastifyRequest>;
/** The same options, for `oktaApiErrorHandler`. */
export type FastifyOktaApiErrorHandlerOptions = FastifyOktaErrorHandlerOptions;

function facts(request: FastifyRequest, reply: FastifyReply): RequestFacts<FastifyRequest> {
  const { viewAsync, cspNonce } = reply as unknown as { viewAsync?: (view: string, locals: object) => Promise<string>; cspNonce?: { style?: unknown } };
  // @fastify/helmet leaves its nonces on the reply, @fastify/view its renderer.
  return { method: request.method, path: pathOf(request.url), url: request.url, headers: request.headers, secure: request.protocol === 'https', nonce: nonceFrom({ cspNonce: cspNonce?.style }), renderView: viewAsync && ((view, locals) => viewAsync.call(reply, view, { ...locals })), req: request };
}

function send(reply: FastifyReply, out: HttpResponse): FastifyReply {
  reply.code(out.status).headers(out.headers);
  if (out.cookies.length > 0) reply.header('set-cookie', out.cookies);
  return reply.send(out.body);
}

/** Bodies the interceptor read and handed on, for Fastify's own parser (or none, which answers 415 as before). */
const readBodies = new WeakMap<FastifyRequest, Buffer>();
/** Fastify's own `register` options, which arrive with the plugin's. */
const REGISTER_OPTIONS = new Set(['prefix', 'logLevel', 'logSerializers']);

/**
 * Callback interceptor, as a plugin that applies to the whole app: `await app.register(oktaErrorHandler, opts)`.
 * It answers error responses in an `onRequest` hook, before any content-type parser (so it works with or
 * without @fastify/formbody), and hands a form_post body it read back to Fastify for the route.
 * @throws InvalidOptionError when an option is wrong (when registered).
 */
export const oktaErrorHandler: FastifyPluginAsync<FastifyOktaErrorHandlerOptions> = async function oktaErrorHandler(app, options) {
  const own = Object.fromEntries(Object.entries(options).filter(([key]) => !REGISTER_OPTIONS.has(key)));
  const resolved = resolveOptions<FastifyRequest>(own, 'oktaErrorHandler', NODE_HOST);
  app.addHook('onRequest', async (request, reply) => {
    if (!isCallbackPath(resolved.callbackPaths, pathOf(request.url)) || !mayBeErrorResponse(request.method, request.url, request.headers['content-type'])) return;
    const chunks: Buffer[] = [];
    async function* recorded() {
      for await (const chunk of request.raw) {
        chunks.push(chunk as Buffer);
        yield chunk as Buffer;
      }
    }
    const result = await interceptCallback({ ...facts(request, reply), parsedBody: undefined, consumed: false, stream: recorded() }, resolved);
    if (!result.pass) return send(reply, result.response);
    if (request.raw.readableEnded) readBodies.set(request, Buffer.concat(chunks));
  });
  app.addHook('preParsing', async (request, _reply, payload) => {
    const body = readBodies.get(request);
    return body === undefined ? payload : Object.assign(Readable.from([body]), { receivedEncodedLength: body.length });
  });
};
// fastify-plugin's marker: the hooks apply to the app that registers it, not to an encapsulated child.
Object.assign(oktaErrorHandler, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'okta-error-handler' });

/**
 * Error handler for failed calls to Okta: `app.setErrorHandler(oktaApiErrorHandler(opts))`. Recognised
 * failures become problem+json or a page; anything else goes on to Fastify's default handling.
 */
export function oktaApiErrorHandler(options?: FastifyOktaApiErrorHandlerOptions): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const resolved = resolveOptions(options, 'oktaApiErrorHandler', NODE_HOST);
  return async function oktaApiErrorHandler(error, request, reply) {
    const out = await respondToUpstreamError(error, facts(request, reply), resolved);
    if (!out) throw error; // Fastify hands it to the parent (default) error handler
    return send(reply, out.response);
  };
}
