/**
 * Every error code that can reach an app's `redirect_uri`, and what this library does about it by default.
 * Behaviour per code is read from this table; there are no per-code branches anywhere else.
 *
 * Sources: RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6, RFC 9101 (JAR), RFC 7591, RFC 8707,
 * RFC 9396, Okta's `user_canceled_request`, and this library's own rejections (`invalid_state`,
 * `issuer_mismatch`, `malformed_callback`).
 * @module
 */
import { deepFreeze } from './freeze.js';

/**
 * What the interceptor does with an error:
 * - `reprompt`: send the browser back to the login route with a `prompt` so the user can act;
 * - `retry`: send the browser back to the login route as it was (the provider had a transient failure);
 * - `restart`: send the browser back to the login route to start a new sign-in (the attempt is spent);
 * - `render`: answer with a page (or problem+json) carrying the entry's status;
 * - `pass`: do nothing and let the app's own callback route handle the request.
 * @group Catalogs
 */
export type CallbackAction = 'reprompt' | 'retry' | 'restart' | 'render' | 'pass';

/**
 * Why an error happened, from the point of view of whoever must fix it.
 * @group Catalogs
 */
export type CallbackCategory =
  | 'interaction' // the user must do something at the provider
  | 'denied' // the user or a policy said no
  | 'canceled' // the user walked away
  | 'transient' // the provider failed; trying again may work
  | 'configuration' // the app or its registration is wrong: only a developer can fix it
  | 'rejected' // the interceptor refused the response itself (forged, stale or malformed)
  | 'expired' // the sign-in attempt was spent or lost before it completed: a new one is needed
  | 'unknown';

/**
 * One row of the callback catalog.
 * @group Catalogs
 */
export interface CallbackCatalogEntry {
  /** Status of the page when the code is rendered (also after a re-prompt or retry limit is reached). */
  readonly status: number;
  /** Default action; apps override it per code with the `actions` option. */
  readonly action: Exclude<CallbackAction, 'pass'>;
  /** `prompt` sent with a re-prompt (`undefined`: none, the provider decides). */
  readonly prompt?: 'login' | 'consent' | 'select_account';
  readonly category: CallbackCategory;
  /** For developers: what the code means and what usually causes it (development page and `onError`). */
  readonly explanation: string;
  /**
   * This library's own code, never a provider's: an `error` parameter carrying it is an unknown code
   * (a provider, or a forged link, must not trigger the row's action).
   */
  readonly internal?: true;
}

const configuration = (explanation: string) => ({ status: 500, action: 'render', category: 'configuration', explanation }) as const;

/**
 * Okta's just-in-time provisioning failures: the user authenticated (at Okta or an external identity
 * provider) but Okta could not create or update their Okta profile from the claims it received. The five
 * codes are the ones okta-signin-widget maps to `JITProfileProvisioningError` (src/util/OAuthErrors.ts,
 * getTypedOAuthError). Only an administrator can fix the profile mapping or the user's source profile.
 */
const jitFailure = (what: string) =>
  ({
    status: 403,
    action: 'render',
    category: 'denied',
    explanation: `Okta just-in-time provisioning failed: ${what}. Check the identity provider's profile mapping and the user's profile in the source; the System Log names the attribute.`,
  }) as const;

/**
 * The callback catalog, keyed by the wire value of `error`.
 * @group Catalogs
 */
export const CALLBACK_ERRORS = deepFreeze({
  login_required: {
    status: 401,
    action: 'reprompt',
    prompt: 'login',
    category: 'interaction',
    explanation:
      'A silent request (prompt=none) found no session at the provider. Ask the user to sign in interactively.',
  },
  interaction_required: {
    status: 401,
    action: 'reprompt',
    category: 'interaction',
    explanation:
      'The provider needs the user to interact (MFA, a policy, a changed password) and the request did not allow it.',
  },
  consent_required: {
    status: 403,
    action: 'reprompt',
    prompt: 'consent',
    category: 'interaction',
    explanation: 'The user has not granted the requested scopes to this app, and the request did not allow asking.',
  },
  account_selection_required: {
    status: 401,
    action: 'reprompt',
    prompt: 'select_account',
    category: 'interaction',
    explanation: 'The user has several sessions at the provider and must choose one.',
  },
  access_denied: {
    status: 403,
    action: 'render',
    category: 'denied',
    explanation:
      'The user or the provider refused the request: the user pressed Cancel or declined consent, is not assigned to the app, or a sign-on policy denied access. The provider\'s description chooses the wording (a cancel reads "Sign-in canceled", "not assigned" asks for access); a bare access_denied reads "Sign-in was not completed".',
  },
  unmet_authentication_requirements: {
    status: 403,
    action: 'render',
    category: 'denied',
    explanation: 'The provider could not meet the requested authentication context (acr_values / max_age).',
  },
  user_canceled_request: {
    status: 401,
    action: 'render',
    category: 'canceled',
    explanation: "Okta: the user canceled the sign-in (for example at a social or external identity provider).",
  },
  jit_failure_missing_fields: jitFailure('a profile attribute the mapping requires is missing'),
  jit_failure_invalid_login_format: jitFailure('the login (username) built from the claims is not in a valid format'),
  jit_failure_values_not_match_pattern: jitFailure('an attribute value does not match the pattern its profile attribute requires'),
  jit_failure_values_too_long: jitFailure('an attribute value is longer than its profile attribute allows'),
  jit_failure_invalid_locale: jitFailure('the locale value is not a valid locale'),
  temporarily_unavailable: {
    status: 503,
    action: 'retry',
    category: 'transient',
    explanation: 'The provider is overloaded or in maintenance. A later attempt usually succeeds.',
  },
  server_error: {
    status: 503,
    action: 'retry',
    category: 'transient',
    explanation: 'The provider hit an unexpected condition. A later attempt usually succeeds; if not, check its status.',
  },
  invalid_request: configuration(
    'The authorization request is malformed: a missing or repeated parameter, a bad redirect_uri, or PKCE missing where the provider requires it.',
  ),
  invalid_scope: configuration(
    'A requested scope is unknown to the authorization server or not granted to this app. Check the scopes and the authorization server.',
  ),
  invalid_client: configuration('The client_id is unknown to the provider or the app is inactive.'),
  unauthorized_client: configuration(
    'This app may not use this grant or response type. Check the grant types enabled for the app at the provider.',
  ),
  unsupported_response_type: configuration(
    'The provider does not support, or the app may not use, the requested response_type.',
  ),
  unsupported_response_mode: configuration('The provider does not support the requested response_mode.'),
  invalid_request_uri: configuration('The request_uri is invalid or unreachable (RFC 9101 / PAR).'),
  invalid_request_object: configuration('The request object (JAR) is invalid: signature, claims or encryption.'),
  request_not_supported: configuration('The provider does not accept the request parameter (JAR).'),
  request_uri_not_supported: configuration('The provider does not accept the request_uri parameter.'),
  registration_not_supported: configuration('The provider does not accept the registration parameter.'),
  invalid_target: configuration('The requested resource indicator is invalid or not allowed (RFC 8707).'),
  invalid_authorization_details: configuration('The authorization_details parameter is invalid (RFC 9396).'),
  invalid_state: {
    internal: true,
    status: 400,
    action: 'render',
    category: 'rejected',
    explanation:
      'The response has no state, or verifyState rejected it: a stale tab, a replayed link, a lost session cookie, or a forged response. Nothing was acted on.',
  },
  issuer_mismatch: {
    internal: true,
    status: 400,
    action: 'render',
    category: 'rejected',
    explanation:
      'The iss parameter does not name a configured issuer (RFC 9207 mix-up defence), or is missing while requireIss is set. Nothing was acted on.',
  },
  sign_in_failed: {
    internal: true,
    status: 400,
    action: 'restart',
    category: 'expired',
    explanation:
      'The sign-in attempt could not be completed after the provider redirected back: the sign-in library had no record of the sign-in in progress, or another one (its transaction cookie or session entry was lost, had expired, or was used by the back button or another tab), or the token endpoint refused the authorization code (invalid_grant: already used, expired, or a redirect_uri or PKCE verifier that does not match). Sign-in was restarted once (a user who is already signed in goes home instead); past the loop guard, this page asks the user to start again.',
  },
  malformed_callback: {
    internal: true,
    status: 400,
    action: 'render',
    category: 'rejected',
    explanation:
      'The callback parameters are unusable: repeated, not text, badly percent-encoded, or not a valid OAuth error code.',
  },
} as const satisfies Record<string, CallbackCatalogEntry>);

/**
 * A code this library knows.
 * @group Catalogs
 */
export type KnownCallbackCode = keyof typeof CALLBACK_ERRORS;

/** The row shown when an automatic restart of sign-in is not possible or used up. */
export const SIGN_IN_FAILED = 'sign_in_failed' satisfies KnownCallbackCode;

/** What a page shows for a code that is neither in the catalog nor named by the app's options. */
export const UNKNOWN_CODE = 'unknown';

/** How each category shapes the answer, whatever the code. */
export interface CallbackCategoryRule {
  /**
   * Whether the provider's description may refine the message (an Entra sub-code, Okta's "not assigned").
   * Never for this library's own rejections: a forged link must not choose their wording.
   */
  readonly refine: boolean;
  /** The message key used when the code has no message of its own. */
  readonly message?: 'configuration';
  /**
   * Whether the page may add "we have been notified" (only when the app set `onError`, and only if no
   * description variant changed what the page says).
   */
  readonly notify?: true;
}

/**
 * The category table.
 * @group Catalogs
 */
export const CALLBACK_CATEGORIES = deepFreeze({
  interaction: { refine: true },
  denied: { refine: true },
  canceled: { refine: true },
  transient: { refine: true },
  configuration: { refine: true, message: 'configuration', notify: true },
  rejected: { refine: false },
  expired: { refine: true },
  unknown: { refine: true },
} as const satisfies Record<CallbackCategory, CallbackCategoryRule>);

/** What each action does, whatever the code. */
export interface CallbackActionRule {
  /** The loop guard's counter, for actions that redirect the browser automatically. */
  readonly counter?: 'reprompts' | 'retries' | 'restarts';
  /** Status of the page once the action is used up (or not possible), instead of the row's. */
  readonly status?: number;
  /** Message key of that page, instead of the code's. */
  readonly exhausted?: 'retry_exhausted';
}

/**
 * The action table. A retry that gave up is a 503 whatever the code's row says (the provider is down),
 * with the "still not responding" wording.
 * @group Catalogs
 */
export const CALLBACK_ACTIONS = deepFreeze({
  reprompt: { counter: 'reprompts' },
  retry: { counter: 'retries', status: 503, exhausted: 'retry_exhausted' },
  render: {},
  pass: {},
  restart: { counter: 'restarts' },
} as const satisfies Record<CallbackAction, CallbackActionRule>);

/** The rule of `action`, typed as the interface (so absent fields read as `undefined`). */
export const actionRule = (action: CallbackAction): CallbackActionRule => CALLBACK_ACTIONS[action];
/** The rule of `category`. */
export const categoryRule = (category: CallbackCategory): CallbackCategoryRule => CALLBACK_CATEGORIES[category];

/** The row used for a syntactically valid code the catalog does not list. */
export const UNKNOWN_CALLBACK_ERROR: CallbackCatalogEntry = deepFreeze({
  status: 400,
  action: 'render',
  category: 'unknown',
  explanation: 'The provider sent an error code this library does not know. Check the provider documentation.',
});

/**
 * Looks a code up; unknown codes get {@link UNKNOWN_CALLBACK_ERROR}.
 * @group Catalogs
 */
export function lookupCallbackError(code: string): CallbackCatalogEntry {
  return Object.hasOwn(CALLBACK_ERRORS, code)
    ? (CALLBACK_ERRORS as Record<string, CallbackCatalogEntry>)[code]!
    : UNKNOWN_CALLBACK_ERROR;
}

/** Looks up the `error` a provider sent: this library's own (`internal`) codes are unknown there. */
export function lookupWireError(code: string): CallbackCatalogEntry {
  const entry = lookupCallbackError(code);
  return entry.internal ? UNKNOWN_CALLBACK_ERROR : entry;
}
