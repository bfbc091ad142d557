/**
 * `okta-error-handler`: Express (4 and 5) adapters. They only read the request and write the response;
 * everything that decides lives in `okta-error-handler/core`.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CallbackResponse } from '../core/callback.js';
import { interceptCallback } from '../core/intercept.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options.js';

export * from '../core/index.js';

/** Options of the Express callback interceptor; `verifyState`, `loginUrl` and `actions` receive `req`. */
export type ExpressOktaErrorHandlerOptions = OktaErrorHandlerOptions<Request>;

function send(res: Response, out: CallbackResponse, head: boolean): void {
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
  const resolved = resolveOptions(options);
  return function oktaErrorHandler(req: Request, res: Response, next: NextFunction): void {
    if (!isCallbackPath(resolved, req.path)) return next();
    interceptCallback(
      {
        method: req.method,
        path: req.path,
        url: req.url,
        headers: req.headers,
        parsedBody: req.body,
        consumed: req.readableEnded || (req as { _body?: boolean })._body === true,
        stream: req,
        secure: req.secure,
        nonce: typeof res.locals?.cspNonce === 'string' ? res.locals.cspNonce : undefined,
        renderView: (view, locals) =>
          new Promise<string>((resolve, reject) => res.render(view, { ...locals }, (err, out) => (err ? reject(err) : resolve(out)))),
        req,
      },
      resolved,
    ).then(
      (result) => {
        if (!result.pass) {
          if (res.headersSent) return next();
          return send(res, result.response, req.method === 'HEAD');
        }
        // The interceptor read the stream: leave the body where express.urlencoded() would have.
        if (result.body) Object.assign(req, { body: result.body, _body: true });
        next();
      },
      next,
    );
  };
}
