/**
 * The normalized shape of a failed upstream call, and what a caller may tell {@link normalizeOktaError}.
 * @module
 */
import type { OktaApiCategory } from '../../catalog/okta-api.js';
import type { OAuthGrantKind, UpstreamAction } from '../../catalog/oauth-token.js';
import type { HeadersLike } from './headers.js';

/**
 * Which kind of value the error was recognised from (`unrecognised`: answered only because of `handleAll`).
 * @group Upstream
 */
export type UpstreamSource = 'okta' | 'okta-sdk' | 'openid-client' | 'fetch' | 'http-errors' | 'unrecognised';

/**
 * Context for {@link normalizeOktaError}: what the caller knows that the error itself may not carry.
 * @group Upstream
 */
export interface NormalizeContext {
  /** Upstream HTTP status, for inputs that do not carry one (a raw body, a body string). */
  readonly status?: number;
  /** Upstream response headers, for inputs that do not carry them. */
  readonly headers?: HeadersLike;
  /** The back-channel call that failed; decides what `invalid_grant` means. Default `code_exchange`. */
  readonly kind?: OAuthGrantKind;
  /**
   * Per-code status overrides, such as `{ E0000047: 429 }` to pass the org rate limit on as 429.
   * Values outside 400–599 are ignored.
   */
  readonly statusFor?: Readonly<Record<string, number>>;
  /** Local time for `Retry-After` when the response has no `Date` header (tests). */
  readonly now?: number | Date;
}

/**
 * A failed upstream call, normalized. Every string is redacted, stripped of control characters and capped.
 * @group Upstream
 */
export interface NormalizedOktaError {
  /** Status the app should answer with. */
  readonly status: number;
  /** Okta E-code, OAuth error code, openid-client code (`OAUTH_TIMEOUT`), `http_<status>` or `upstream_<status>`. */
  readonly code: string;
  /** HTTP reason phrase of `status`. Safe for production. */
  readonly title: string;
  /** One sentence from the catalogs. Safe for production; never upstream text. */
  readonly detail: string;
  /** `X-Okta-Request-Id`, for support tickets. */
  readonly requestId?: string;
  /** Okta's `errorId`, for support tickets. */
  readonly errorId?: string;
  /** Seconds to wait before retrying. Always set for rate limits (60 when headers give nothing). */
  readonly retryAfter?: number;
  /**
   * Okta's `errorCauses[].errorSummary` (at most 20, redacted, capped). For validation errors these
   * explain to the user which field is wrong; show them only when `status` < 500.
   */
  readonly causes: readonly string[];
  /** Status the upstream answered with, when there was an answer. */
  readonly upstreamStatus?: number;
  readonly category: OktaApiCategory;
  /** Whether the same call may succeed later unchanged. */
  readonly retryable: boolean;
  /** For developers: likely cause and fix. */
  readonly hint: string;
  /** What the app should do for the user, for OAuth grant failures. */
  readonly action?: UpstreamAction;
  /** Raw upstream summary or description, redacted and capped: for development mode only. */
  readonly summary?: string;
  /** Okta's `errorLink`. */
  readonly errorLink?: string;
  readonly source: UpstreamSource;
}

