/**
 * For each callback code, what a developer should check: the third part of the code's entry in the
 * generated `docs/errors.md` (after what it means, from `oauth.ts`, and what the user sees, from
 * `messages.ts`). Every code must have one: a missing row is a type error.
 * @module
 */
import { deepFreeze } from './freeze.js';
import type { KnownCallbackCode } from './oauth.js';

const REGISTRATION = "the app's settings at the provider (Okta: Applications → the app → General)";

/**
 * What to check, per callback code.
 * @group Catalogs
 */
export const CALLBACK_CHECKS = deepFreeze({
  login_required:
    'Nothing, usually: a silent sign-in found no session and the user is sent to sign in (once per window). If it loops, check that the login route drops `prompt=none` when `prompt=login` is asked for.',
  interaction_required:
    'Nothing, usually. If it happens on every sign-in, check the sign-on policy (MFA, password change) against a request that sent `prompt=none`.',
  consent_required:
    "Nothing, usually. If users should never see a consent screen, grant consent for them (Okta: the app's consent settings or the authorization server's scopes).",
  account_selection_required: 'Nothing, usually: the user is sent to choose an account.',
  access_denied:
    "The event's `description` and `variant`: a Cancel, a declined consent, a user not assigned to the app (assign them, or a group they are in) or a sign-on policy rule that denies access (Okta System Log: `policy.evaluate_sign_on`).",
  unmet_authentication_requirements:
    'The `acr_values` and `max_age` the app sends, against the authenticators the provider offers this user.',
  user_canceled_request: 'Nothing: the user canceled (often at a social or external identity provider).',
  jit_failure_missing_fields: "Okta's Just-In-Time provisioning from the external identity provider: the profile it sent lacks attributes the Okta profile requires (map them, or make them optional).",
  jit_failure_invalid_login_format: "Okta's Just-In-Time provisioning: the login the external identity provider sent is not in the format the Okta username requires (check the IdP's username transform).",
  jit_failure_values_not_match_pattern: "Okta's Just-In-Time provisioning: an attribute from the external identity provider does not match the pattern the Okta profile requires.",
  jit_failure_values_too_long: "Okta's Just-In-Time provisioning: an attribute from the external identity provider is longer than the Okta profile allows.",
  jit_failure_invalid_locale: "Okta's Just-In-Time provisioning: the locale the external identity provider sent is not one Okta accepts.",
  temporarily_unavailable: 'The provider\'s status page (status.okta.com). Retries are automatic; a lasting failure shows the 503 page.',
  server_error: "The provider's status page and, for Okta, the System Log around the event's `time`.",
  invalid_request: `The authorization request the login route builds (redirect_uri, response_type, PKCE) against ${REGISTRATION}.`,
  invalid_scope: "The scopes the login route asks for, against the authorization server's scopes and access policy.",
  invalid_client: `The client_id and the issuer the app is configured with, and that the app is active in ${REGISTRATION}.`,
  unauthorized_client: `The grant types enabled in ${REGISTRATION} (Authorization Code, Refresh Token).`,
  unsupported_response_type: `The response_type the login route sends (normally \`code\`), against ${REGISTRATION}.`,
  unsupported_response_mode: "The response_mode the login route sends (`query` or `form_post`), against the provider's discovery document.",
  invalid_request_uri: 'The request_uri (PAR or JAR): that it was pushed first, has not expired, and is used once.',
  invalid_request_object: "The request object's signing key, algorithm, `aud`, `iss` and expiry, against the keys registered for the app.",
  request_not_supported: "Whether the provider supports JAR (`request_parameter_supported` in its discovery document); send the parameters in the query instead.",
  request_uri_not_supported: "Whether the provider supports `request_uri` (`request_uri_parameter_supported`); use PAR or plain parameters.",
  registration_not_supported: 'The `registration` parameter the login route sends: the provider does not take it; register the client beforehand.',
  invalid_target: "The `resource` indicator(s) the login route sends, against the resources the authorization server allows.",
  invalid_authorization_details: 'The `authorization_details` JSON the login route sends, against the types the provider supports.',
  invalid_state:
    "The event's `reason`: `state_missing` (the provider or a link sent none), `state_rejected` (verifyState said no: a stale tab, a replayed link, a lost session cookie, or a forgery), `verify_state_timeout` (verifyState is too slow). Often repeated: check the session cookie survives the round trip to the provider (SameSite, domain, a second instance without shared sessions).",
  issuer_mismatch: "The `issuer` option against the event's `iss`: a second provider, a custom authorization server (`/oauth2/…`) or a trailing slash that differs.",
  sign_in_failed:
    "The event's `reason` and `library`: `transaction_missing` (the sign-in library's cookie or session entry was lost or expired: SameSite, cookie domain, session store), `state_mismatch` (another tab started a newer sign-in), `code_rejected` (invalid_grant: the code was used twice, or redirect_uri or the PKCE verifier differ).",
  malformed_callback: "The event's `reason` and `parameter`: something rewrote the callback URL or body (a proxy, a link shortener) or a crafted link was opened.",
} as const satisfies Record<KnownCallbackCode, string>);
