/**
 * OAuth errors met on the app's back channel (token, userinfo and resource calls), and the
 * transport-level failures openid-client reports, with what this library answers.
 *
 * Errors the browser brings to the redirect URI are in `oauth.ts` (the callback catalog). The few
 * authorization-response codes repeated here only cover an `AuthorizationResponseError` thrown by
 * openid-client when an app validates the callback itself.
 *
 * Status policy: a failure of the app's own integration (its client credentials, its allowed grants
 * and scopes, its protocol handling) is **502**, not 500: the app did not crash, the upstream it
 * depends on refused or failed it, and 502 keeps these apart from the app's own bugs in dashboards
 * and alerts. It is consistent with the Okta API catalog, where the app's bad API token is also 502.
 * @module
 */
import { deepFreeze } from './freeze.js';
import type { OktaApiPolicy } from './okta-api.js';

/**
 * Which back-channel call failed; `invalid_grant` means different things for each.
 * @group Catalogs
 */
export type OAuthGrantKind = 'code_exchange' | 'refresh';

/**
 * What the app should do for the user:
 * - `restart_sign_in`: the sign-in attempt is spent; send the user to the login route again.
 * - `session_expired`: the user's session (refresh or access token) is over; sign them in again.
 * @group Catalogs
 */
export type UpstreamAction = 'restart_sign_in' | 'session_expired';

/** What each upstream action does for a browser. */
export interface UpstreamActionRule {
  /** Whether a page load is sent back to sign in automatically (counted by the loop guard's `restarts`). */
  readonly restarts: boolean;
  /** The page's button goes to the login route; its label is this message's action ("Sign in"). */
  readonly button: 'login_required';
}

/** The upstream action table. */
export const UPSTREAM_ACTIONS = deepFreeze({
  restart_sign_in: { restarts: true, button: 'login_required' },
  session_expired: { restarts: false, button: 'login_required' },
} as const satisfies Record<UpstreamAction, UpstreamActionRule>);

/**
 * One row of {@link OAUTH_TOKEN_ERRORS} or {@link OPENID_CLIENT_ERRORS}.
 * @group Catalogs
 */
export interface OAuthTokenCatalogEntry extends OktaApiPolicy {
  /** Production-safe sentence for the user (used as `detail` when `status` < 500). */
  readonly summary: string;
  readonly action?: UpstreamAction;
  /** Replaces the row when the failing call was a refresh (`kind: 'refresh'`). */
  readonly onRefresh?: Omit<OAuthTokenCatalogEntry, 'onRefresh'>;
}

const SIGN_IN_AGAIN = 'The sign-in could not be completed. Please sign in again.';
const SESSION_OVER = 'Your session has ended. Please sign in again.';
const MISCONFIGURED = 'Sign-in is not available right now because of a configuration problem.';

const configuration = (hint: string): OAuthTokenCatalogEntry => ({
  category: 'configuration',
  status: 502,
  retryable: false,
  summary: MISCONFIGURED,
  hint,
});

const reauthenticate = (hint: string): OAuthTokenCatalogEntry => ({
  category: 'authentication',
  status: 401,
  retryable: false,
  action: 'restart_sign_in',
  summary: SIGN_IN_AGAIN,
  hint,
});

/**
 * OAuth 2.0 / OIDC error codes, keyed by the wire value of `error`.
 * @group Catalogs
 */
export const OAUTH_TOKEN_ERRORS = deepFreeze({
  invalid_grant: {
    category: 'authentication',
    status: 400,
    retryable: false,
    action: 'restart_sign_in',
    summary: SIGN_IN_AGAIN,
    hint: 'The authorization code was already used, has expired, or does not match the redirect_uri or PKCE verifier it was issued for. Start a new authorization request; never retry the exchange.',
    onRefresh: {
      category: 'authentication',
      status: 401,
      retryable: false,
      action: 'session_expired',
      summary: SESSION_OVER,
      hint: 'The refresh token expired, was revoked, or was already rotated (used twice). Sign the user in again.',
    },
  },
  invalid_token: {
    category: 'authentication',
    status: 401,
    retryable: false,
    action: 'session_expired',
    summary: SESSION_OVER,
    hint: 'The access token was refused (expired or revoked); refresh it or sign the user in again.',
  },
  invalid_client: configuration(
    'Client authentication failed: check client_id, the client secret or private key, and the token_endpoint_auth_method registered in Okta.',
  ),
  unauthorized_client: configuration(
    "The app may not use this grant type: enable it (Authorization Code, Refresh Token, …) in the app's Okta settings.",
  ),
  invalid_scope: configuration(
    "A requested scope is unknown or not allowed for this app; check the scopes and the authorization server's access policy.",
  ),
  insufficient_scope: configuration('The access token lacks a scope the resource requires; request it at sign-in.'),
  unsupported_grant_type: configuration('The authorization server does not support this grant_type.'),
  invalid_request: configuration(
    'The back-channel request was malformed (missing or repeated parameter, wrong redirect_uri); check the client configuration.',
  ),
  invalid_dpop_proof: configuration('The DPoP proof was rejected; check the key pair and the clock.'),
  unsupported_response_type: configuration('The app requested a response_type its Okta settings do not allow.'),
  unsupported_response_mode: configuration('The authorization server does not support the requested response_mode.'),
  use_dpop_nonce: {
    category: 'upstream_failure',
    status: 502,
    retryable: true,
    summary: MISCONFIGURED,
    hint: 'The server asked for a DPoP nonce and the automatic retry with it also failed.',
  },
  access_denied: {
    category: 'permission',
    status: 403,
    retryable: false,
    summary: 'Access was denied.',
    hint: 'The user or a policy refused the grant (for example the user is not assigned to the app).',
  },
  login_required: reauthenticate('No session at the provider for a silent request; sign in interactively.'),
  interaction_required: reauthenticate('The provider needs the user to interact (MFA, consent, policy).'),
  consent_required: reauthenticate('The user has not consented to the requested scopes.'),
  account_selection_required: reauthenticate('The user must choose an account at the provider.'),
  user_canceled_request: reauthenticate('The user canceled the social sign-in at the provider.'),
  server_error: {
    category: 'upstream_failure',
    status: 502,
    retryable: true,
    summary: 'The sign-in service failed. Please try again.',
    hint: 'The authorization server failed; check status.okta.com and retry.',
  },
  temporarily_unavailable: {
    category: 'upstream_failure',
    status: 503,
    retryable: true,
    summary: 'The sign-in service is busy. Please try again shortly.',
    hint: 'The authorization server is overloaded or in maintenance; retry after a delay.',
  },
} satisfies Record<string, OAuthTokenCatalogEntry>);

/**
 * An error code listed in {@link OAUTH_TOKEN_ERRORS}.
 * @group Catalogs
 */
export type KnownOAuthTokenCode = keyof typeof OAUTH_TOKEN_ERRORS;

/** Whether `code`'s row says to start sign-in again (`action: 'restart_sign_in'`). */
export function restartsSignIn(code: string): boolean {
  return Object.hasOwn(OAUTH_TOKEN_ERRORS, code) && (OAUTH_TOKEN_ERRORS as Record<string, OAuthTokenCatalogEntry>)[code]!.action === 'restart_sign_in';
}

/** Row for an OAuth error code the catalog does not know. */
export const UNKNOWN_OAUTH_TOKEN_ERROR: OAuthTokenCatalogEntry = deepFreeze(
  configuration('The identity service returned an OAuth error this library does not know; read error_description in development.'),
);

const upstream = (status: number, retryable: boolean, hint: string): OAuthTokenCatalogEntry => ({
  category: 'upstream_failure',
  status,
  retryable,
  summary: 'The sign-in service could not be reached. Please try again.',
  hint,
});

/**
 * openid-client failures that are not an OAuth error answer: timeouts and responses that break the
 * protocol, keyed by the error's `code` (v6 `ClientError`/oauth4webapi) or `rp_error` (v5 `RPError`).
 * When such a failure carries an upstream 5xx status, the status fallback wins (503 stays 503).
 * @group Catalogs
 */
export const OPENID_CLIENT_ERRORS = deepFreeze({
  OAUTH_TIMEOUT: upstream(504, true, 'The call to the authorization server timed out; check network egress and status.okta.com.'),
  OAUTH_RESPONSE_IS_NOT_CONFORM: upstream(
    502,
    false,
    'The endpoint answered with an unexpected status and no OAuth error body: often a proxy page or a wrong issuer URL.',
  ),
  OAUTH_RESPONSE_IS_NOT_JSON: upstream(
    502,
    false,
    'Expected JSON, got another content type: a proxy, captive portal or wrong issuer URL answered.',
  ),
  OAUTH_INVALID_RESPONSE: upstream(502, false, 'The response broke the protocol (a member missing or invalid); check issuer and client settings.'),
  OAUTH_PARSE_ERROR: upstream(502, false, 'The response body could not be parsed; something other than the authorization server may have answered.'),
  rp_error: upstream(502, false, 'openid-client v5 rejected the response (unexpected status or a failed check); read its message in development.'),
  // No answer at all: node-fetch's FetchError (the Okta SDK) and undici's "fetch failed" (openid-client v6).
  network_error: upstream(502, true, 'The call to Okta got no answer: connection refused or reset, DNS failure, or TLS error. Check the org URL, egress (proxy, firewall) and status.okta.com.'),
  upstream_timeout: upstream(504, true, 'The call to Okta timed out. Check egress and status.okta.com; raise the client timeout only for slow, long operations.'),
} satisfies Record<string, OAuthTokenCatalogEntry>);

/** A code listed in {@link OPENID_CLIENT_ERRORS}. */
export type KnownOpenIdClientCode = keyof typeof OPENID_CLIENT_ERRORS;

/**
 * The row for an OAuth `error`, taking the failing call into account (`invalid_grant` on refresh means
 * the session is over, not that the sign-in must restart). Unknown codes give
 * {@link UNKNOWN_OAUTH_TOKEN_ERROR}; only own keys count.
 * @group Catalogs
 */
export function lookupOAuthTokenError(error: string, kind: OAuthGrantKind = 'code_exchange'): OAuthTokenCatalogEntry {
  const row: OAuthTokenCatalogEntry = Object.hasOwn(OAUTH_TOKEN_ERRORS, error)
    ? OAUTH_TOKEN_ERRORS[error as KnownOAuthTokenCode]
    : UNKNOWN_OAUTH_TOKEN_ERROR;
  return kind === 'refresh' && row.onRefresh ? row.onRefresh : row;
}

/** The row for an openid-client failure code, or `undefined` when it is not an upstream failure. */
export function lookupOpenIdClientError(code: string): OAuthTokenCatalogEntry | undefined {
  return Object.hasOwn(OPENID_CLIENT_ERRORS, code) ? OPENID_CLIENT_ERRORS[code as KnownOpenIdClientCode] : undefined;
}
