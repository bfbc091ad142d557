/**
 * `okta-error-handler/hono`: Hono 4 adapters, on any runtime Hono runs on (they are the Fetch API
 * adapters, handed Hono's `Context`). `app.use(oktaErrorHandler(opts))`, `app.onError(oktaApiErrorHandler(opts))`.
 * @module
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import type { OktaErrorHandlerOptions } from '../core/options/index.js';
import { oktaApiErrorHandler as fetchApiHandler, oktaErrorHandler as fetchHandler, type FetchRequestInfo } from '../fetch/index.js';

export * from '../public.js';

/** Options of both Hono handlers; `verifyState`, `loginUrl`, `actions` and `isSignedIn` receive the `Context`. */
export type HonoOktaErrorHandlerOptions = OktaErrorHandlerOptions<Context>;
/** The same options, for `oktaApiErrorHandler`. */
export type HonoOktaApiErrorHandlerOptions = HonoOktaErrorHandlerOptions;

function info(c: Context): FetchRequestInfo<Context> {
  // secureHeaders({ contentSecurityPolicy: { styleSrc: [NONCE] } }) leaves its nonce here.
  const nonce = (c.var as { secureHeadersNonce?: unknown }).secureHeadersNonce;
  // A body another middleware already read (c.req.parseBody(), a validator) is in Hono's cache: its bytes.
  return { req: c, nonce: typeof nonce === 'string' ? nonce : undefined, body: async () => new Uint8Array(await c.req.arrayBuffer()) };
}

/**
 * Callback interceptor: `app.use(oktaErrorHandler(opts))` before the route that owns the `redirect_uri`.
 * Error responses are answered; everything else goes to `next()` (a form_post body still readable).
 * @throws InvalidOptionError when an option is wrong (at start-up, not per request).
 */
export function oktaErrorHandler(options?: HonoOktaErrorHandlerOptions): MiddlewareHandler {
  const intercept = fetchHandler<Context>(options);
  return async function oktaErrorHandler(c, next) {
    const answered = await intercept(c.req.raw, info(c));
    if (answered) return answered;
    await next();
  };
}

/**
 * Upstream handler: `app.onError(oktaApiErrorHandler(opts))`. A failed call to Okta (or a sign-in library's
 * callback failure) thrown in a route becomes problem+json or a page; anything else gets Hono's default
 * answer (an `HTTPException`'s own response, else a logged 500). Hono hands `onError` only `Error`s: throw
 * an `UpstreamError` (`new UpstreamError(await normalizeOktaResponse(res))`), not a `Response`.
 */
export function oktaApiErrorHandler(options?: HonoOktaApiErrorHandlerOptions): ErrorHandler {
  const respond = fetchApiHandler<Context>(options);
  return async function oktaApiErrorHandler(err, c) {
    const answered = await respond(err, c.req.raw, info(c));
    if (answered) return answered;
    if ('getResponse' in err && typeof err.getResponse === 'function') return err.getResponse() as Response;
    console.error(err); // as Hono's default handler does
    return c.text('Internal Server Error', 500);
  };
}
