/**
 * `okta-error-handler`: Express (4 and 5) adapters. They only read the request and write the response;
 * everything that decides lives in `okta-error-handler/core`.
 * @module
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { interceptCallback } from '../core/callback/handle.js';
import { mayBeErrorResponse } from '../core/callback/read.js';
import { nonceFrom, type RequestFacts } from '../core/http/request.js';
import type { HttpResponse } from '../core/http/response.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options/index.js';
import { respondToUpstreamError } from '../core/upstream/respond.js';
import { NODE_HOST } from '../node/host.js';

export * from '../public-node.js';

/** Options of both Express handlers; `verifyState`, `loginUrl`, `actions` and `renderView` receive `req`. */
export type ExpressOktaErrorHandlerOptions = OktaErrorHandlerOptions<Request>;
/** The same options, for `oktaApiErrorHandler`. */
export type ExpressOktaApiErrorHandlerOptions = ExpressOktaErrorHandlerOptions;

function facts(req: Request, res: Response): RequestFacts<Request> {
  return {
    method: req.method,
    path: req.path,
    url: req.url,
    originalUrl: req.originalUrl,
    headers: req.headers,
    secure: req.secure,
    nonce: nonceFrom(res.locals),
    renderView: (view, locals) => new Promise<string>((resolve, reject) => res.render(view, { ...locals }, (err, out) => (err ? reject(err) : resolve(out)))),
    req,
  };
}

function send(res: Response, out: HttpResponse, head: boolean): void {
  res.status(out.status);
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  if (out.cookies.length > 0) res.append('Set-Cookie', out.cookies as string[]);
  res.end(head ? undefined : out.body);
}

/**
 * Callback interceptor. Mount it before the route that owns the app's `redirect_uri`:
 * @example
 * ```ts
 * app.use(oktaErrorHandler({ loginPath: '/login', issuer: process.env.OKTA_ISSUER }));
 * app.get('/authorization-code/callback', yourSignInLibraryCallback);
 * ```
 * Error responses (`?error=…`, or a form_post body with `error`) get the right redirect, page or
 * problem+json; every other request goes to `next()` untouched.
 * @throws InvalidOptionError when an option is wrong (at start-up, not per request).
 */
export function oktaErrorHandler(options?: ExpressOktaErrorHandlerOptions): RequestHandler {
  const resolved = resolveOptions(options, 'oktaErrorHandler', NODE_HOST);
  return function oktaErrorHandler(req: Request, res: Response, next: NextFunction): void {
    const caseSensitive = req.app?.enabled?.('case sensitive routing') === true;
    if (!isCallbackPath(resolved.callbackPaths, req.path, caseSensitive) || !mayBeErrorResponse(req.method, req.url, req.headers['content-type'])) return next();
    const consumed = req.readableEnded || (req as { _body?: boolean })._body === true;
    interceptCallback({ ...facts(req, res), parsedBody: req.body, consumed, stream: req }, resolved)
      .then((result) => {
        if (!result.pass) return res.headersSent ? next() : send(res, result.response, req.method === 'HEAD');
        // The interceptor read the stream: leave the body where express.urlencoded() would have.
        if (result.body) Object.assign(req, { body: result.body, _body: true });
        next();
      })
      .catch(next);
  };
}

/**
 * Error middleware for failed calls to Okta. Mount it after your routes:
 * @example
 * ```ts
 * app.use(routes);
 * app.use(oktaApiErrorHandler({ development: process.env.NODE_ENV === 'development', onError: (e) => logger.warn(e) }));
 * ```
 * Recognised failures (Okta error bodies, @okta/okta-sdk-nodejs and openid-client errors, fetch
 * Responses, http-errors) become problem+json for API clients or a page for browsers; anything else
 * goes to `next(err)` unless `handleAll` is set. Express 4 users must pass async errors to `next`.
 */
export function oktaApiErrorHandler(options?: ExpressOktaApiErrorHandlerOptions): ErrorRequestHandler {
  const resolved = resolveOptions(options, 'oktaApiErrorHandler', NODE_HOST);
  // Four parameters, no defaults or rest: Express recognises error middleware by its arity.
  return function oktaApiErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) return next(err);
    respondToUpstreamError(err, facts(req, res), resolved)
      .then((out) => (out && !res.headersSent ? send(res, out.response, req.method === 'HEAD') : next(err)))
      .catch(() => next(err));
  };
}
