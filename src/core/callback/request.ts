/**
 * What the callback pipeline is given: the request as an adapter read it.
 * @module
 */
import type { ClientHints } from '../http/negotiate.js';
import type { Transport } from '../http/transport.js';
import type { ViewRenderer } from '../render/templates.js';
import type { ParsedCallback } from './parse.js';

/**
 * What an adapter read from the request.
 * @group Pipeline
 */
export interface CallbackRequest<Req> {
  readonly method: string;
  readonly path: string;
  /**
   * The path as the browser sent it (a mounted router's prefix included), for redirects to the callback
   * itself. Default: `path`.
   */
  readonly originalPath?: string | undefined;
  readonly parsed: ParsedCallback;
  readonly hints: ClientHints;
  readonly cookie?: string | undefined;
  /** How the request arrived: https or not, from which site (decides the guard cookie). */
  readonly transport: Transport;
  /** CSP nonce the app set for this response, if any. */
  readonly nonce?: string | undefined;
  readonly acceptLanguage?: string | undefined;
  /** The framework's own view rendering (`res.render`), for `{ view }` templates. */
  readonly renderView?: ViewRenderer | undefined;
  /** The framework's request object, handed to `verifyState`, `loginUrl` and `actions` functions. */
  readonly req: Req;
}
