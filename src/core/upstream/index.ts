/**
 * The upstream handler's core: normalizing failed calls to Okta, reading retry delays, redacting
 * secrets and retrying. Framework-free; the HTTP adapters build on it.
 * @module
 */
export { normalizeOktaError, normalizeOktaResponse, MAX_ERROR_BODY_BYTES } from './normalize.js';
export type { NormalizedOktaError, NormalizeContext, UpstreamSource } from './normalize.js';
export { UpstreamError, OEH_UPSTREAM_ERROR } from './errors.js';
export { withOktaRetry } from './with-retry.js';
export type { WithOktaRetryOptions } from './with-retry.js';
export {
  parseRetryAfter,
  DEFAULT_RATE_LIMIT_RETRY_AFTER,
  MIN_RETRY_AFTER,
  MAX_RETRY_AFTER,
} from './retry-after.js';
export type { RetryAfterOptions } from './retry-after.js';
export { getHeader } from './headers.js';
export { respondToUpstreamError, resolveUpstreamOptions } from './respond.js';
export type { OktaApiErrorHandlerOptions, ResolvedUpstreamOptions, UpstreamRequest } from './respond.js';
export type { HeadersLike, HeaderValue } from './headers.js';
export {
  OKTA_API_ERRORS,
  OKTA_API_CATEGORIES,
  OKTA_API_UNKNOWN_CODE_BY_STATUS,
  OKTA_API_NO_CODE_BY_STATUS,
  lookupOktaApiError,
  oktaApiFallback,
} from '../../catalog/okta-api.js';
export type { OktaApiCatalogEntry, OktaApiCategory, OktaApiPolicy, KnownOktaApiCode } from '../../catalog/okta-api.js';
export {
  OAUTH_TOKEN_ERRORS,
  OPENID_CLIENT_ERRORS,
  UNKNOWN_OAUTH_TOKEN_ERROR,
  lookupOAuthTokenError,
  lookupOpenIdClientError,
} from '../../catalog/oauth-token.js';
export type { OAuthTokenCatalogEntry, OAuthGrantKind, UpstreamAction, KnownOAuthTokenCode } from '../../catalog/oauth-token.js';
