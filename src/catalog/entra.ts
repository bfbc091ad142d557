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
export type MessageVariant = 'not_assigned' | 'mfa_required' | 'consent_missing' | 'session_expired';

/** What a variant changes besides the wording. */
export interface VariantRule {
  /**
   * `prompt` for the page's button: "sign in with a different account" (not assigned) must show the
   * provider's login form, not silently reuse the session that was refused.
   */
  readonly prompt?: 'login';
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
  AADSTS50058: 'session_expired', // silent sign-in, no session: as login_required
  AADSTS65001: 'consent_missing', // the user or admin has not consented
  AADSTS50076: 'mfa_required', // MFA required by policy
  AADSTS50079: 'mfa_required', // MFA registration required
  AADSTS50105: 'not_assigned', // the signed-in user is not assigned to a role for the app
} as const satisfies Record<string, MessageVariant>);

/** Okta's own phrasing, matched case-insensitively as a substring. */
const OKTA_PHRASES: ReadonlyArray<readonly [string, MessageVariant]> = deepFreeze([
  ['user is not assigned to the client application', 'not_assigned'],
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
  for (const [phrase, variant] of OKTA_PHRASES) if (lower.includes(phrase)) return variant;
  return undefined;
}
