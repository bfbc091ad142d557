/**
 * Example relying party for Koa: the framework-free app in
 * ../shared/relying-party.ts (routes, openid-client, stores, pages), mounted
 * on Koa 3 (default) or Koa 2 (`Koa: Koa2`). Same routes and behaviour as
 * ../express/app.ts; `errorHandler` (e.g. the Koa `oktaErrorHandler(...)`) is
 * mounted with `app.use()` before the routes.
 */
import KoaDefault from 'koa';
import type { Context, Middleware } from 'koa';
import bodyParser from 'koa-bodyparser';

import {
  createRelyingParty,
  type RelyingPartyAppOptions,
  type RelyingPartyState,
  type RpResult,
} from '../shared/relying-party.js';

export interface KoaRelyingPartyOptions extends RelyingPartyAppOptions<Middleware> {
  /** The koa module's default export (e.g. Koa 2 installed as `koa2`). Default: koa 3. */
  Koa?: typeof KoaDefault;
}

export type KoaRelyingPartyState = RelyingPartyState<Context>;

const states = new WeakMap<KoaDefault, KoaRelyingPartyState>();

/** The RP's server-side state (stores, `verifyState(ctx, state)`) of an app made by `createKoaRelyingPartyApp`. */
export function getKoaRelyingPartyState(app: KoaDefault): KoaRelyingPartyState {
  const state = states.get(app);
  if (!state) throw new TypeError('not an app created by createKoaRelyingPartyApp()');
  return state;
}

export async function createKoaRelyingPartyApp(opts: KoaRelyingPartyOptions): Promise<KoaDefault> {
  const rp = await createRelyingParty(opts);
  const app = new (opts.Koa ?? KoaDefault)();
  states.set(app, rp.state);

  // Like the Express app's express.urlencoded({ extended: false, limit: '32kb' }). It skips a
  // request whose body was already read (by this parser or by the error handler).
  const urlencoded = bodyParser({ enableTypes: ['form'], formLimit: '32kb' });

  // Fallback error page (the Express app's 4-argument error handler).
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (ctx.headerSent) throw err;
      send(ctx, rp.internalError(err));
    }
  });
  if (opts.parseBodyBeforeErrorHandler !== false) app.use(urlencoded);
  if (opts.errorHandler) app.use(opts.errorHandler);

  app.use(async (ctx, next) => {
    const match = rp.match(ctx.method, ctx.path);
    if (!match) return next();
    if (match.route.form) await urlencoded(ctx, async () => {});
    const { body } = ctx.request as { body?: unknown };
    send(ctx, await match.route.handle({ method: ctx.method, url: ctx.originalUrl, headers: ctx.headers, query: ctx.query, params: match.params, body }));
  });

  return app;
}

function send(ctx: Context, result: RpResult): void {
  for (const cookie of result.cookies) ctx.append('Set-Cookie', cookie);
  if (result.type === 'redirect') {
    ctx.status = 303; // ctx.redirect() keeps a redirect status, else uses 302
    ctx.redirect(result.location);
    return;
  }
  ctx.status = result.status;
  if (result.type === 'html') {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
  }
  ctx.body = result.body;
}
