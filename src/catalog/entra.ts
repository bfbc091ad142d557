/**
 * Refinements read from `error_description`. They choose the message a user sees, never the action or
 * the status: the description is attacker-controllable, so it may only make a message more precise.
 * @module
 */

import { deepFreeze } from './freeze.js';

/**
 * A message variant chosen from the description. Keys of the messages table.
 * @group Catalogs
 */
export type MessageVariant =
  | 'not_assigned'
  | 'mfa_required'
  | 'consent_missing'
  | 'session_expired'
  | 'canceled'
  | 'policy_denied'
  | 'clock_skew'
  | 'account_disabled'
  | 'account_locked'
  | 'conditional_access';

/** What a variant changes besides the wording. */
export interface VariantRule {
  /**
   * `prompt` for the page's button: "sign in with a different account" (not assigned) must show the
   * provider's login form, not silently reuse the session that was refused.
   */
  readonly prompt?: 'login';
  /**
   * Whether the page may say "we have been notified": only a fault on the app's side (a clock out of
   * step), and only when the app listens (`onError`). The variant decides, not the code's category.
   */
  readonly notify?: true;
}

/**
 * The variant table.
 * @group Catalogs
 */
export const MESSAGE_VARIANTS = deepFreeze({
  not_assigned: { prompt: 'login' },
  mfa_required: {},
  consent_missing: {},
  session_expired: {},
  // The user walked away (Cancel, declined consent): a calm "Sign-in canceled", not a refusal.
  canceled: {},
  // An Okta sign-on or authorization-server access policy said no.
  policy_denied: {},
  // A token's `iat` ahead of the verifier's clock: a server's clock, a configuration fault.
  clock_skew: { notify: true },
  // "Sign in with a different account" must show the provider's login form.
  account_disabled: { prompt: 'login' },
  account_locked: {},
  conditional_access: {},
} as const satisfies Record<MessageVariant, VariantRule>);

/** The rule of `variant`, typed as the interface. */
export const variantRule = (variant: MessageVariant): VariantRule => MESSAGE_VARIANTS[variant];

/** Whether `value` names a variant. */
export const isMessageVariant = (value: string): value is MessageVariant => Object.hasOwn(MESSAGE_VARIANTS, value);

/**
 * Entra ID (Azure AD) `AADSTS` sub-codes that Okta-federated and Entra apps meet at the callback.
 * @group Catalogs
 */
export const ENTRA_SUBCODES = deepFreeze({
  // Source: Microsoft Learn, "Microsoft Entra authentication and authorization error codes"
  // (learn.microsoft.com/entra/identity-platform/reference-error-codes), code and name as listed there.
  AADSTS50058: 'session_expired', // UserInformationNotProvided: silent sign-in, no session: as login_required
  AADSTS65001: 'consent_missing', // DelegationDoesNotExist: the user or admin has not consented
  AADSTS65004: 'canceled', // UserDeclinedConsent: "User declined to consent to access the app."
  AADSTS50076: 'mfa_required', // UserStrongAuthClientAuthNRequired: MFA required by policy
  AADSTS50079: 'mfa_required', // UserStrongAuthEnrollmentRequired: MFA registration required
  AADSTS50105: 'not_assigned', // EntitlementGrantsNotFound: "The signed in user isn't assigned to a role for the signed in app."
  AADSTS50057: 'account_disabled', // UserDisabled: "The user account is disabled."
  AADSTS50053: 'account_locked', // IdsLocked: "The account is locked because the user tried to sign in too many times…"
  AADSTS53000: 'conditional_access', // DeviceNotCompliant: Conditional Access requires a compliant device
  AADSTS53003: 'conditional_access', // BlockedByConditionalAccess: "Access has been blocked by Conditional Access policies."
} as const satisfies Record<string, MessageVariant>);

/**
 * Providers' own phrasing in `error_description`, matched case-insensitively as a substring, first match
 * wins (after an Entra sub-code). Exported for the generated docs and the tests.
 * @group Catalogs
 */
export const DESCRIPTION_PHRASES: ReadonlyArray<readonly [string, MessageVariant]> = deepFreeze([
  // Okta, access_denied: "User is not assigned to the client application."
  ['user is not assigned to the client application', 'not_assigned'],
  // oidc-provider (panva) 9.x, lib/actions/interaction.js `abort` and lib/actions/code_verification.js:
  // { error: 'access_denied', error_description: 'End-User aborted interaction' }, its Cancel and
  // "deny consent" answer.
  ['end-user aborted interaction', 'canceled'],
  // Okta, user_canceled_request: "User canceled the social login request." (Okta's OAuth 2.0 error
  // table), and the common "User canceled" / "User cancelled" of other providers' access_denied.
  ['user canceled', 'canceled'],
  ['user cancelled', 'canceled'],
  // Entra ID, AADSTS65004 UserDeclinedConsent: "User declined to consent to access the app." (also
  // matched without the sub-code, as some proxies strip it).
  ['declined to consent', 'canceled'],
  // Entra External ID / Azure AD B2C: "AADB2C90091: The user has cancelled entering self-asserted
  // information." (access_denied when the user presses Cancel on a B2C page).
  ['aadb2c90091', 'canceled'],
  // Okta, login_required on prompt=none when the app's policy needs MFA (okta-signin-widget
  // src/util/OAuthErrors.ts, getTypedOAuthError → MfaRequiredError).
  ['the client specified not to prompt, but the client app requires re-authentication or mfa', 'mfa_required'],
  // okta-auth-js validateClaims ("The JWT was issued in the future", errorCode INTERNAL), mapped by
  // okta-signin-widget src/util/OAuthErrors.ts to ClockDriftError: iat ahead of the verifier's clock.
  ['the jwt was issued in the future', 'clock_skew'],
  // Okta, access_denied: "Policy evaluation failed for this request, please check the policy
  // configurations." (an authorization server access policy or an app sign-on policy with no matching
  // rule for this user, client, grant or scope).
  ['policy evaluation failed for this request', 'policy_denied'],
] as const);

const AADSTS = /\bAADSTS(\d{5,6})\b/;

/**
 * Finds the message variant a description points to, if any.
 * @group Catalogs
 */
export function refineFromDescription(description: string | undefined): MessageVariant | undefined {
  if (!description) return undefined;
  const sub = AADSTS.exec(description);
  if (sub) {
    const variant = (ENTRA_SUBCODES as Record<string, MessageVariant>)[`AADSTS${sub[1]}`];
    if (variant) return variant;
  }
  const lower = description.toLowerCase();
  for (const [phrase, variant] of DESCRIPTION_PHRASES) if (lower.includes(phrase)) return variant;
  return undefined;
}
