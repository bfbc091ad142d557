/**
 * `okta-error-handler/koa`: Koa (2 and 3) adapters. They only read the request and write the response;
 * everything that decides lives in `okta-error-handler/core`.
 * @module
 */
import type { Context, Middleware, Next } from 'koa';
import { interceptCallback } from '../core/callback/handle.js';
import { mayBeErrorResponse } from '../core/callback/read.js';
import { nonceFrom, type RequestFacts } from '../core/http/request.js';
import type { HttpResponse } from '../core/http/response.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options/index.js';
import { respondToUpstreamError } from '../core/upstream/respond.js';
import { NODE_HOST } from '../node/host.js';

export * from '../public-node.js';

/** Options of both Koa handlers; `verifyState`, `loginUrl`, `actions` and `renderView` receive `ctx`. */
export type KoaOktaErrorHandlerOptions = OktaErrorHandlerOptions<Context>;
/** The same options, for `oktaApiErrorHandler`. */
export type KoaOktaApiErrorHandlerOptions = KoaOktaErrorHandlerOptions;

const facts = (ctx: Context): RequestFacts<Context> => ({
  method: ctx.method,
  path: ctx.path,
  url: ctx.url,
  originalUrl: ctx.originalUrl,
  headers: ctx.headers,
  secure: ctx.secure,
  nonce: nonceFrom(ctx.state),
  req: ctx,
});

function send(ctx: Context, out: HttpResponse): void {
  ctx.status = out.status;
  ctx.set(out.headers as Record<string, string>);
  for (const cookie of out.cookies) ctx.append('Set-Cookie', cookie);
  // Koa would otherwise pick a type from the body; the core already chose one.
  ctx.body = out.body;
  ctx.type = out.headers['content-type'] ?? 'text/html; charset=utf-8';
}

/**
 * Callback interceptor for Koa. Mount it before the router that owns the app's `redirect_uri`.
 * @example
 * ```ts
 * app.use(oktaErrorHandler({ loginPath: '/login', issuer: process.env.OKTA_ISSUER }));
 * app.use(router.routes());
 * ```
 * @throws InvalidOptionError when an option is wrong (at start-up, not per request).
 */
export function oktaErrorHandler(options?: KoaOktaErrorHandlerOptions): Middleware {
  const resolved = resolveOptions(options, 'oktaErrorHandler', NODE_HOST);
  return async function oktaErrorHandler(ctx: Context, next: Next): Promise<void> {
    if (!isCallbackPath(resolved.callbackPaths, ctx.path) || !mayBeErrorResponse(ctx.method, ctx.url, ctx.headers['content-type'])) return next();
    const request = ctx.request as typeof ctx.request & { body?: unknown };
    const consumed = ctx.req.readableEnded || request.body !== undefined;
    const result = await interceptCallback({ ...facts(ctx), parsedBody: request.body, consumed, stream: ctx.req }, resolved);
    if (!result.pass) return send(ctx, result.response);
    // The interceptor read the stream: leave the body where a body parser would have.
    if (result.body) request.body = result.body;
    return next();
  };
}

/**
 * Upstream handler for Koa: wraps `await next()` and answers failed calls to Okta thrown downstream.
 * A handled error is still reported with `ctx.app.emit('error', err, ctx)`, so the app's own error
 * logging sees it; anything unrecognised is rethrown (unless `handleAll`).
 * @example
 * ```ts
 * app.use(oktaApiErrorHandler({ development: app.env === 'development' }));
 * app.use(router.routes());
 * ```
 */
export function oktaApiErrorHandler(options?: KoaOktaApiErrorHandlerOptions): Middleware {
  const resolved = resolveOptions(options, 'oktaApiErrorHandler', NODE_HOST);
  return async function oktaApiErrorHandler(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      if (ctx.headerSent || !ctx.writable) throw err;
      const out = await respondToUpstreamError(err, facts(ctx), resolved);
      if (!out) throw err;
      send(ctx, out.response);
      try {
        // The compact UpstreamError, not the raw error: Koa's default logger would print an SDK
        // HttpError's whole upstream body, and rejects thrown non-Error values outright.
        if (out.error) ctx.app.emit('error', out.error, ctx);
      } catch {
        // A throwing 'error' listener must not undo the response already written.
      }
    }
  };
}
