/**
 * Example relying party for Express: the framework-free app in
 * ../shared/relying-party.ts (routes, openid-client, stores, pages), mounted
 * on Express 5 (default) or Express 4 (`express: express4`).
 *
 * It is deliberately "naive" about authorization-server errors: without an
 * `errorHandler`, a callback carrying `?error=...` (or a stale/replayed
 * callback) ends in a bare 400 "Sign-in failed: <code> <message>" page, which
 * is what most apps do today. Pass `errorHandler: oktaErrorHandler(...)` to see
 * the difference; it is mounted with `app.use()` before the callback route.
 *
 * Routes: see ../shared/relying-party.ts.
 */
import expressDefault from 'express';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';

import {
  createRelyingParty,
  type RelyingPartyAppOptions,
  type RelyingPartyState as SharedRelyingPartyState,
  type RpResult,
} from '../shared/relying-party.js';

export {
  DEFAULT_CALLBACK_PATH,
  readCookie,
  safeReturnTo,
  SESSION_COOKIE,
  TX_COOKIE,
  type ResponseMode,
  type Transaction,
  type UserClaims,
  type UserSession,
} from '../shared/relying-party.js';

export type ExpressFactory = typeof expressDefault;

export interface RelyingPartyOptions extends RelyingPartyAppOptions<RequestHandler> {
  /** The express module's default export (e.g. `express4`). Default: express 5. */
  express?: ExpressFactory;
}

/** Server-side state of the RP, exposed as `app.locals.rp` for tests. */
export type RelyingPartyState = SharedRelyingPartyState<Request>;

export function getRelyingPartyState(app: Express): RelyingPartyState {
  return app.locals.rp as RelyingPartyState;
}

export async function createRelyingPartyApp(opts: RelyingPartyOptions): Promise<Express> {
  const express = opts.express ?? expressDefault;
  const rp = await createRelyingParty(opts);

  const app = express();
  app.locals.rp = rp.state;
  app.disable('x-powered-by');
  app.set('etag', false);

  const urlencoded = express.urlencoded({ extended: false, limit: '32kb' });
  if (opts.parseBodyBeforeErrorHandler !== false) app.use(urlencoded);
  if (opts.errorHandler) app.use(opts.errorHandler);

  for (const route of rp.routes) {
    // Express 4 does not forward rejected promises to error handlers; Express 5 does.
    const handler: RequestHandler = (req, res, next) => {
      route
        .handle({ method: req.method, url: req.originalUrl, headers: req.headers, query: req.query, params: req.params, body: req.body })
        .then((result) => send(res, result))
        .catch(next);
    };
    if (route.method === 'GET') app.get(route.path, handler);
    else app.post(route.path, ...(route.form ? [urlencoded] : []), handler);
  }

  // Fallback error handler (4 arguments, so Express treats it as one).
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    send(res, rp.internalError(err));
  });

  return app;
}

function send(res: Response, result: RpResult): void {
  for (const cookie of result.cookies) res.append('Set-Cookie', cookie);
  if (result.type === 'redirect') {
    res.redirect(303, result.location);
    return;
  }
  res.status(result.status);
  if (result.type === 'json') {
    res.json(result.body);
    return;
  }
  res.set('Content-Type', 'text/html; charset=utf-8');
  res.set('Cache-Control', 'no-store');
  res.send(result.body);
}
