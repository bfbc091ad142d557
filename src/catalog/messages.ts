/**
 * Every user-facing sentence of the callback pages, keyed by code (or by a refinement variant), in English.
 * Apps override entries with the `messages` option. Nothing here ever contains request data.
 * @module
 */
import type { MessageVariant } from './entra.js';
import { deepFreeze } from './freeze.js';
import type { CALLBACK_ERRORS, KnownCallbackCode } from './oauth.js';

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
  access_denied: {
    title: 'Access denied',
    message: 'You did not get access to this app. If you think you should have, try again or ask your administrator.',
    action: tryAgain,
  },
  unmet_authentication_requirements: {
    title: 'Additional verification needed',
    message: 'This app needs a stronger sign-in than was possible. Try again, or ask your administrator.',
    action: tryAgain,
  },
  user_canceled_request: {
    title: 'Sign-in canceled',
    message: 'You canceled signing in. You can sign in whenever you are ready.',
    action: signIn,
  },
  temporarily_unavailable: {
    title: 'Sign-in is temporarily unavailable',
    message: 'The sign-in service is busy right now. Please wait a moment and try again.',
    action: tryAgain,
  },
  server_error: {
    title: 'Sign-in is temporarily unavailable',
    message: 'The sign-in service had a problem. Please wait a moment and try again.',
    action: tryAgain,
  },
  configuration: {
    title: 'Sign-in is not available',
    message: 'Signing in to this app is not working right now. The problem is on our side, not yours; we have been notified.',
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
  retry_exhausted: {
    title: 'Sign-in is temporarily unavailable',
    message: 'The sign-in service is still not responding. Please try again in a moment.',
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
  error: 'Error',
  retryAfter: 'Please wait about {seconds} seconds before trying again.',
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
