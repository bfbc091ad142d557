/**
 * The error thrown when a call the app made to Okta failed in a way this library recognises.
 * @module
 */
import type { NormalizedOktaError } from './normalize.js';

/**
 * Code of {@link UpstreamError}.
 * @group Errors and events
 */
export const OEH_UPSTREAM_ERROR = 'OEH_UPSTREAM_ERROR';

/**
 * A failed call to Okta (management API, token or userinfo endpoint), normalized. Named so as not to
 * be confused with `OktaApiError`, the Okta SDK's own class, which it may carry as `cause`.
 *
 * `status` is what the app should answer and `expose` follows http-errors (`status < 500`), so Koa and
 * Express error handlers render it correctly as is. The message is built from catalog text only: it
 * never contains upstream text, tokens or URLs.
 *
 * @example
 * ```ts
 * try { await withOktaRetry(() => client.userApi.getUser({ userId })) }
 * catch (err) { if (err instanceof UpstreamError && err.errorCode === 'E0000007') … }
 * ```
 * @group Errors and events
 */
export class UpstreamError extends Error {
  readonly code = OEH_UPSTREAM_ERROR;
  /** Status the app should answer with. */
  readonly status: number;
  /** Whether `message`/`detail` may be shown to the client (http-errors convention). */
  readonly expose: boolean;
  /** The Okta E-code, OAuth error code or openid-client code (`normalized.code`). */
  readonly errorCode: string;
  readonly errorId?: string;
  readonly requestId?: string;
  /** Seconds to wait before retrying, when known. */
  readonly retryAfter?: number;
  /** The full normalized error (non-enumerable, so logging the error stays compact). */
  declare readonly normalized: NormalizedOktaError;

  constructor(normalized: NormalizedOktaError, options?: { cause?: unknown }) {
    super(
      `Okta ${normalized.upstreamStatus === undefined ? '' : `HTTP ${normalized.upstreamStatus} `}${normalized.code}: ${normalized.detail}`,
      options,
    );
    this.name = 'UpstreamError';
    this.status = normalized.status;
    this.expose = normalized.status < 500;
    this.errorCode = normalized.code;
    if (normalized.errorId !== undefined) this.errorId = normalized.errorId;
    if (normalized.requestId !== undefined) this.requestId = normalized.requestId;
    if (normalized.retryAfter !== undefined) this.retryAfter = normalized.retryAfter;
    Object.defineProperty(this, 'normalized', { value: normalized, enumerable: false });
  }
}
