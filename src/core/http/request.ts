/**
 * What an adapter reads from any request, for either handler.
 * @module
 */
import type { ViewRenderer } from '../render/templates.js';
import type { RequestHeaders } from './negotiate.js';

/**
 * What an adapter hands in. Header names lower-case, as Node gives them.
 * @group Pipeline
 */
export interface RequestFacts<Req> {
  readonly method: string;
  /** The path as the app's router sees it (a mounted router's prefix removed). */
  readonly path: string;
  /** The raw request URL (path and query) as the app sees it: the query is read from it, not from a parser. */
  readonly url: string;
  /** The URL as the browser sent it, a mounted router's prefix included (`req.originalUrl`). Default: `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: RequestHeaders;
  /** `req.secure` (Express, with `trust proxy`) / `ctx.secure` (Koa, with `app.proxy`). */
  readonly secure: boolean;
  /** The CSP nonce the app set for this response (`res.locals.cspNonce`, `ctx.state.cspNonce`). */
  readonly nonce?: string | undefined;
  /** The framework's own view rendering (`res.render`), for `{ view }` templates. */
  readonly renderView?: ViewRenderer | undefined;
  /** The framework's request object (`req`, `ctx`), handed to the app's hooks. */
  readonly req: Req;
}

/** The path of a request URL: without its query and fragment. */
export const pathOf = (url: string): string => url.slice(0, url.search(/[?#]|$/));

/** The CSP nonce an app left for this library, when it is a string. */
export const nonceFrom = (holder: { readonly cspNonce?: unknown } | undefined): string | undefined => (typeof holder?.cspNonce === 'string' ? holder.cspNonce : undefined);
