/**
 * The description variants (issue 12, items 1 and 5): each phrase and sub-code is the provider's own text,
 * and each chooses a message with a way forward. The wording is pinned where it is the point (a cancel is
 * calm, a bare access_denied is neutral).
 */
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_PHRASES, ENTRA_SUBCODES, MESSAGE_VARIANTS, refineFromDescription, variantRule, type MessageVariant } from '../../src/catalog/entra.js';
import { MESSAGES, type PageMessage } from '../../src/catalog/messages.js';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';

const message = (key: string): PageMessage => (MESSAGES as Record<string, PageMessage>)[key]!;

/** Descriptions as the providers send them, whole. */
const REAL: ReadonlyArray<readonly [string, string, MessageVariant]> = [
  ['oidc-provider Cancel / deny consent', 'End-User aborted interaction', 'canceled'],
  ['Okta social login canceled', 'User canceled the social login request.', 'canceled'],
  ['a provider that spells it the British way', 'The user cancelled the sign-in', 'canceled'],
  ['Entra declined consent', 'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0000', 'canceled'],
  ['Entra declined consent, sub-code stripped', 'User declined to consent to access the app.', 'canceled'],
  ['Azure AD B2C Cancel', 'AADB2C90091: The user has cancelled entering self-asserted information.', 'canceled'],
  ['Okta not assigned', 'User is not assigned to the client application.', 'not_assigned'],
  ['Okta prompt=none with an app MFA policy', 'The client specified not to prompt, but the client app requires re-authentication or MFA.', 'mfa_required'],
  ['okta-auth-js clock drift', 'The JWT was issued in the future', 'clock_skew'],
  ['Okta access policy, long form', 'Policy evaluation failed for this request, please check the policy configurations.', 'policy_denied'],
  ['Okta access policy, short form', 'Policy evaluation failed for this request', 'policy_denied'],
  ['Entra disabled account', 'AADSTS50057: The user account is disabled.', 'account_disabled'],
  ['Entra locked account', 'AADSTS50053: The account is locked because the user tried to sign in too many times with an incorrect user ID or password.', 'account_locked'],
  ['Entra device not compliant', 'AADSTS53000: Device is not in required device state: compliant.', 'conditional_access'],
  ['Entra conditional access block', 'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.', 'conditional_access'],
];

describe('description variants', () => {
  it.each(REAL)('%s: "%s" → %s', (_name, description, variant) => {
    expect(refineFromDescription(description)).toBe(variant);
    expect(refineFromDescription(description.toUpperCase())).toBe(variant);
  });

  it.each(DESCRIPTION_PHRASES.map(([phrase, variant]) => [phrase, variant] as const))('phrase "%s" → %s, found inside a longer description', (phrase, variant) => {
    expect(refineFromDescription(`prefix: ${phrase}. suffix`)).toBe(variant);
  });

  it.each(Object.entries(ENTRA_SUBCODES))('%s → %s', (sub, variant) => {
    expect(refineFromDescription(`${sub}: anything`)).toBe(variant);
  });

  it('an Entra sub-code wins over a phrase', () => {
    expect(refineFromDescription('AADSTS50057: User canceled')).toBe('account_disabled');
  });

  it('a description without a known phrase refines nothing', () => {
    expect(refineFromDescription('The resource owner or authorization server denied the request.')).toBeUndefined();
    expect(refineFromDescription('User canned the request')).toBeUndefined();
  });

  it.each(Object.keys(MESSAGE_VARIANTS) as MessageVariant[])('%s has a message, and a way forward unless it is a fault on the app side', (variant) => {
    const m = message(variant);
    expect(m.title.length).toBeGreaterThan(5);
    expect(m.message.length).toBeGreaterThan(20);
    // Only a fault on our side has no action of its own (the page still links home), and it may say "notified".
    if (variantRule(variant).notify) expect(m.action).toBeUndefined();
    else expect(m.action).toEqual(expect.any(String));
    // No variant promises a notification by itself: the page adds it only when the app set onError.
    expect(m.message).not.toMatch(/notified/i);
  });
});

describe('the wording that is the point', () => {
  it('a cancel is calm: "Sign-in canceled" with "Sign in", for the variant and for Okta\'s own code', () => {
    expect(message('canceled')).toEqual({ title: 'Sign-in canceled', message: expect.stringMatching(/^You canceled signing in\./), action: 'Sign in' });
    expect(message('user_canceled_request')).toBe(message('canceled'));
    expect(message('canceled').message).not.toMatch(/administrator|denied|access/i);
  });
  it('a bare access_denied is neutral: "Sign-in was not completed"', () => {
    expect(message('access_denied')).toMatchObject({ title: 'Sign-in was not completed', action: 'Try again' });
    expect(message('access_denied').message).not.toMatch(/did not get access|denied/i);
  });
  it('MFA needed, policy, disabled, locked, conditional access and clock skew each say what happened', () => {
    expect(message('mfa_required').title).toBe('Additional verification needed');
    expect(message('policy_denied').title).toBe('Sign-in not allowed');
    expect(message('account_disabled')).toMatchObject({ title: 'Your account is disabled', action: 'Sign in with a different account' });
    expect(variantRule('account_disabled').prompt).toBe('login');
    expect(message('account_locked').title).toBe('Your account is locked');
    expect(message('conditional_access').title).toBe('Access blocked by your organization');
    expect(message('clock_skew').message).toMatch(/on our side/);
  });
  it('the configuration wording promises nothing; 503 wording leaves the timing to the page', () => {
    expect(message('configuration').message).not.toMatch(/notified/i);
    for (const key of ['temporarily_unavailable', 'server_error', 'retry_exhausted']) expect(message(key).message).not.toMatch(/moment|wait|seconds|later/i);
  });
});

describe('Okta jit_failure_* (provisioning failed)', () => {
  const jit = Object.keys(CALLBACK_ERRORS).filter((c) => c.startsWith('jit_failure_'));
  it('has the five codes okta-signin-widget maps to JITProfileProvisioningError', () => {
    expect(jit.sort()).toEqual([
      'jit_failure_invalid_locale',
      'jit_failure_invalid_login_format',
      'jit_failure_missing_fields',
      'jit_failure_values_not_match_pattern',
      'jit_failure_values_too_long',
    ]);
  });
  it.each(jit)('%s: a 403 page saying the account could not be set up', (code) => {
    expect(CALLBACK_ERRORS[code as keyof typeof CALLBACK_ERRORS]).toMatchObject({ status: 403, action: 'render', category: 'denied' });
    expect(message(code)).toMatchObject({ title: 'Your account could not be set up', action: 'Try again' });
    expect(CALLBACK_ERRORS[code as keyof typeof CALLBACK_ERRORS].explanation).toMatch(/^Okta just-in-time provisioning failed/);
  });
});
