/**
 * Every user-facing sentence of the callback pages, keyed by code (or by a refinement variant), in English.
 * Apps override entries with the `messages` option. Nothing here ever contains request data.
 * @module
 */
import type { MessageVariant } from './entra.js';
import { deepFreeze } from './freeze.js';
import type { CALLBACK_ERRORS, KnownCallbackCode } from './oauth.js';
import type { OktaApiCategory } from './okta-api.js';

/**
 * What the user reads on a page, and the label of the one button they can press.
 * @group Catalogs
 */
export interface PageMessage {
  readonly title: string;
  readonly message: string;
  /** Label of the primary action (a link to the login route), or `undefined` for no button. */
  readonly action?: string;
}

const tryAgain = 'Try again';
const signIn = 'Sign in';
const startAgain = 'Start again';
const contactAdmin = 'Sign in with a different account';

// Shared rows: one wording for several keys.
const canceled = {
  title: 'Sign-in canceled',
  message: 'You canceled signing in. Nothing was changed. You can sign in whenever you are ready.',
  action: signIn,
} as const;
const provisioningFailed = {
  title: 'Your account could not be set up',
  message: 'You signed in, but your account could not be set up for this app: some of your profile details are missing or not in the expected form. Ask your administrator to check your profile.',
  action: tryAgain,
} as const;
// Timing is said once, by the page's "Please wait about N seconds" line (503 pages always have one).
const unavailable = 'Sign-in is temporarily unavailable';

/**
 * Built-in English messages. `default` is used for any code without a row.
 * @group Catalogs
 */
export const MESSAGES = deepFreeze({
  default: {
    title: 'Sign-in did not complete',
    message: 'Something went wrong while signing you in. Please try again.',
    action: tryAgain,
  },
  login_required: {
    title: 'Please sign in',
    message: 'Your session has ended. Sign in to continue.',
    action: signIn,
  },
  interaction_required: {
    title: 'Please sign in',
    message: 'Your sign-in needs one more step. Sign in to continue.',
    action: signIn,
  },
  consent_required: {
    title: 'Permission needed',
    message: 'This app needs your permission to continue. Sign in again to review and allow access.',
    action: tryAgain,
  },
  account_selection_required: {
    title: 'Choose an account',
    message: 'You are signed in with more than one account. Choose the one to use for this app.',
    action: 'Choose an account',
  },
  // Neutral: a bare access_denied may be a cancel, a refusal or a policy; the description refines it.
  access_denied: {
    title: 'Sign-in was not completed',
    message: 'Signing in to this app did not finish. You can try again. If it keeps happening, ask your administrator.',
    action: tryAgain,
  },
  unmet_authentication_requirements: {
    title: 'Additional verification needed',
    message: 'This app needs a stronger sign-in than was possible. Try again, or ask your administrator.',
    action: tryAgain,
  },
  user_canceled_request: canceled,
  jit_failure_missing_fields: provisioningFailed,
  jit_failure_invalid_login_format: provisioningFailed,
  jit_failure_values_not_match_pattern: provisioningFailed,
  jit_failure_values_too_long: provisioningFailed,
  jit_failure_invalid_locale: provisioningFailed,
  temporarily_unavailable: {
    title: unavailable,
    message: 'The sign-in service is busy right now.',
    action: tryAgain,
  },
  server_error: {
    title: unavailable,
    message: 'The sign-in service had a problem.',
    action: tryAgain,
  },
  // "We have been notified" is added by the page only when it is true (the app set onError).
  configuration: {
    title: 'Sign-in is not available',
    message: 'Signing in to this app is not working right now. The problem is on our side, not yours.',
    action: undefined,
  },
  invalid_state: {
    title: 'This sign-in link is no longer valid',
    message: 'This sign-in link has expired or was already used. Please start again.',
    action: startAgain,
  },
  issuer_mismatch: {
    title: 'This sign-in link is no longer valid',
    message: 'This sign-in response did not come from the expected sign-in service. Please start again.',
    action: startAgain,
  },
  sign_in_failed: {
    title: 'This sign-in link is no longer valid',
    message: 'This sign-in could not be completed: the link has expired or was already used. Please start again.',
    action: startAgain,
  },
  malformed_callback: {
    title: 'This sign-in link is not valid',
    message: 'This sign-in link is damaged or incomplete. Please start again.',
    action: startAgain,
  },
  not_assigned: {
    title: 'You do not have access to this app',
    message: 'Your account is not assigned to this app. Ask your administrator to give you access, or sign in with a different account.',
    action: contactAdmin,
  },
  mfa_required: {
    title: 'Additional verification needed',
    message: 'Your organization requires multi-factor verification for this app. Sign in again to complete it.',
    action: signIn,
  },
  consent_missing: {
    title: 'Permission needed',
    message: 'This app needs permission that has not been granted yet. Sign in again to allow it, or ask your administrator.',
    action: tryAgain,
  },
  session_expired: {
    title: 'Please sign in',
    message: 'Your session has ended. Sign in to continue.',
    action: signIn,
  },
  canceled,
  policy_denied: {
    title: 'Sign-in not allowed',
    message: "Your organization's sign-in policy did not allow this sign-in. If you think it should, ask your administrator.",
    action: tryAgain,
  },
  clock_skew: {
    title: 'Sign-in is not available',
    message: 'Your sign-in could not be checked because a clock on our side is out of step. The problem is on our side, not yours.',
    action: undefined,
  },
  account_disabled: {
    title: 'Your account is disabled',
    message: 'Your account has been turned off. Ask your administrator to turn it back on, or sign in with a different account.',
    action: contactAdmin,
  },
  account_locked: {
    title: 'Your account is locked',
    message: 'Your account is locked after too many sign-in attempts. Wait a while and try again, or ask your administrator to unlock it.',
    action: tryAgain,
  },
  conditional_access: {
    title: 'Access blocked by your organization',
    message: "Your organization's access policy does not allow signing in to this app from here, for example from this device or network. Try from a device your organization manages, or ask your administrator.",
    action: tryAgain,
  },
  retry_exhausted: {
    title: unavailable,
    message: 'The sign-in service is still not responding.',
    action: tryAgain,
  },
} as const satisfies Record<MessageKey, PageMessage>);

/** Callback codes with wording of their own: all but the configuration codes, which share theirs. */
type CodeWithMessage = { [K in KnownCallbackCode]: (typeof CALLBACK_ERRORS)[K]['category'] extends 'configuration' ? never : K }[KnownCallbackCode];

/**
 * A key of the messages table: a code, a category key (`configuration`), a variant, `retry_exhausted`,
 * or `default`. The table must have every one: a missing message is a type error.
 * @group Catalogs
 */
export type MessageKey = 'default' | 'configuration' | 'retry_exhausted' | CodeWithMessage | MessageVariant;

/**
 * The fixed words around a message on every page. `{seconds}` is replaced by a number.
 * @group Catalogs
 */
export interface PageStrings {
  readonly reference: string;
  /** The link to the app's `homePath`, on every page. */
  readonly home: string;
  /** Added after the message of a fault on the app's side, only when the app set `onError`. */
  readonly notified: string;
  /** After the message of a transient failure that gives no `Retry-After`. */
  readonly tryLater: string;
  readonly error: string;
  readonly retryAfter: string;
  readonly developmentDetails: string;
  readonly developmentNote: string;
  readonly providerDocumentation: string;
  /** Development page: before the code's `docsUrl` (a link when it is http(s), else a path to open). */
  readonly errorDocumentation: string;
  readonly hint: string;
  readonly requestId: string;
  readonly causes: string;
}

/**
 * Built-in English page strings.
 * @group Catalogs
 */
export const PAGE_STRINGS: PageStrings = deepFreeze({
  reference: 'Reference',
  home: 'Back to the home page',
  notified: 'We have been notified.',
  tryLater: 'Please try again later.',
  error: 'Error',
  retryAfter: 'Please wait about {seconds} seconds, then try again.',
  developmentDetails: 'Development details',
  developmentNote: 'Shown because development mode is on. In production only the message above is shown.',
  providerDocumentation: 'Provider documentation for this error',
  errorDocumentation: 'About this error',
  hint: 'How to fix it',
  requestId: 'Okta request',
  causes: 'Please check:',
});

/**
 * One locale's wording: per-code messages and the page's fixed strings, each merged over English.
 * @group Catalogs
 */
export interface LocaleMessages {
  readonly messages?: Readonly<Record<string, Partial<PageMessage>>>;
  readonly page?: Partial<PageStrings>;
}

/**
 * What an upstream error page says, by what went wrong. An Okta call failed while the app served the
 * user: the page speaks of what the user can do, never of HTTP (`Bad Gateway`) or of the API
 * (`API validation failed.`). problem+json keeps the reason phrase as its `title` and the catalog
 * sentence as its `detail`.
 * - a category: an answer under 500, where what the user sent or may do is the matter;
 * - `busy`: a 5xx rate limit (the org-wide quota), `unavailable`: a transient upstream failure;
 * - `broken`: any other 5xx (the app's own credential or integration), a fault on the app's side.
 * @group Catalogs
 */
export type UpstreamMessageKey = OktaApiCategory | 'busy' | 'unavailable' | 'broken';

/**
 * Built-in English wording of upstream error pages. The button, when there is one, comes from the
 * upstream action (`Sign in`); every page also links to `homePath`.
 * @group Catalogs
 */
export const UPSTREAM_MESSAGES = deepFreeze({
  validation: { title: 'Please check what you entered', message: 'Some of what you entered was not accepted. Correct it and try again.' },
  authentication: { title: 'That did not work', message: 'What you entered to confirm who you are was not accepted. Check it and try again.' },
  permission: { title: 'You cannot do this', message: 'Your account is not allowed to do this. If you think it should be, ask your administrator.' },
  not_found: { title: 'We could not find that', message: 'What you asked for does not exist, or it was removed.' },
  conflict: { title: 'This cannot be done right now', message: 'This cannot be done in its current state. Reload the page to see where things stand, then try again.' },
  rate_limit: { title: 'Too many attempts', message: 'There were too many attempts in a short time.' },
  upstream_failure: { title: 'Temporarily unavailable', message: 'A service this app relies on did not respond.' },
  configuration: { title: 'This is not working right now', message: 'This part of the app is not working right now. The problem is on our side, not yours.' },
  busy: { title: 'Temporarily unavailable', message: 'This app is handling too many requests right now.' },
  unavailable: { title: 'Temporarily unavailable', message: 'A service this app relies on is not responding right now.' },
  broken: { title: 'This is not working right now', message: 'This part of the app is not working right now. The problem is on our side, not yours.' },
} as const satisfies Record<UpstreamMessageKey, Omit<PageMessage, 'action'>>);

/** Upstream page keys that are a fault on the app's side: "we have been notified" (with `onError`). */
export const UPSTREAM_NOTIFY: readonly UpstreamMessageKey[] = deepFreeze(['broken', 'configuration'] as UpstreamMessageKey[]);

/**
 * The upstream page key for an answer: its category under 500; at 5xx, `busy` for a rate limit,
 * `unavailable` for a retryable failure, `broken` for everything else.
 * @group Catalogs
 */
export function upstreamMessageKey(status: number, category: OktaApiCategory, retryable: boolean): UpstreamMessageKey {
  if (status < 500) return category;
  if (category === 'rate_limit') return 'busy';
  return retryable ? 'unavailable' : 'broken';
}
