/**
 * Every Okta management-API error code (`E0000…`), with what this library answers when a call the app
 * made to Okta fails that way. Behaviour per code is read from these tables; there are no per-code
 * branches anywhere else.
 *
 * Source: Okta's "Error Codes" reference, both of its tables (by code and by HTTP status). They list
 * the same 69 codes with the same statuses; they differ only in E0000029's summary, where the by-code
 * table has the longer text ("… Ensure the pagination cursor has not been altered"), kept here. The
 * mis-encoded no-break space in E0000021's summary (`Â`) is written as a plain space.
 *
 * Status policy, from the point of view of the app's own client:
 * - The app's own credential, rights or integration failing (bad API token, missing scope, wrong
 *   endpoint or headers) is the app's upstream failing: **502**, never 401/403, which would tell the
 *   user to sign in again or that *they* lack rights.
 * - What the end user sent or may do passes through: validation **400**, user credentials **401**,
 *   user-level refusals **403**, not found **404**, conflicts **409** (including Okta 403s that only
 *   say the user's lifecycle status does not allow the operation).
 * - Per-user throttles (SMS, voice call) are **429**; the org-wide rate limit E0000047 is **503**
 *   because the whole app, not this user, is over quota.
 * - Okta 5xx are **502**, except 503, which stays **503**.
 * @module
 */
import { deepFreeze } from './freeze.js';

/**
 * Why an Okta call failed, from the point of view of whoever must fix it.
 * @group Catalogs
 */
export type OktaApiCategory =
  | 'validation' // the data sent was rejected; errorCauses explain it to the user
  | 'authentication' // credentials were rejected (the user's at 401, the app's at 502)
  | 'permission' // the caller may not do this (the user's at 403, the app's at 502)
  | 'not_found'
  | 'conflict' // the resource's current state forbids the operation
  | 'rate_limit'
  | 'upstream_failure' // Okta or something behind it failed; often transient
  | 'configuration'; // the app's integration is wrong: only a developer can fix it

/** Every category, for validation and tests. */
export const OKTA_API_CATEGORIES: readonly OktaApiCategory[] = deepFreeze([
  'validation',
  'authentication',
  'permission',
  'not_found',
  'conflict',
  'rate_limit',
  'upstream_failure',
  'configuration',
]);

/** What to do about a failure: the part shared by catalog rows and status fallbacks. */
export interface OktaApiPolicy {
  readonly category: OktaApiCategory;
  /** Whether the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
  /** Status this app should answer with (400–599). */
  readonly status: number;
  /** For developers: the usual cause and the fix. Never shown to end users. */
  readonly hint: string;
}

/**
 * One row of {@link OKTA_API_ERRORS}.
 * @group Catalogs
 */
export interface OktaApiCatalogEntry extends OktaApiPolicy {
  /** Status Okta documents for the code. */
  readonly oktaStatus: number;
  /** Okta's documented summary: static text, safe to show. */
  readonly summary: string;
}


/**
 * The Okta API error catalog, keyed by `errorCode`.
 * @group Catalogs
 */
export const OKTA_API_ERRORS = deepFreeze({
  E0000001: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'API validation failed.',
    hint: 'A field value was rejected. errorCauses name each field and the reason, and are meant for the user.' },
  E0000002: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'The request was not valid.',
    hint: 'Check the values sent and any errorCauses.' },
  E0000003: { oktaStatus: 400, category: 'configuration', status: 502, retryable: false,
    summary: 'The request body was not well-formed.',
    hint: 'Okta could not parse the JSON body the app sent; check how the body is serialized.' },
  E0000004: { oktaStatus: 401, category: 'authentication', status: 401, retryable: false,
    summary: 'Authentication failed.',
    hint: 'Often not the password itself: look for a LOCKED_OUT user, an expired password, or a sign-on policy rule (System Log, policy.evaluate_sign_on).' },
  E0000005: { oktaStatus: 403, category: 'permission', status: 502, retryable: false,
    summary: 'Invalid session.',
    hint: "The session the app used for this call is not valid (expired or ended); obtain a new one rather than asking the user's browser to." },
  E0000006: { oktaStatus: 403, category: 'permission', status: 502, retryable: false,
    summary: 'You do not have permission to perform the requested action.',
    hint: "The app's credential lacks rights: grant the OAuth scope (e.g. okta.users.manage), or use an SSWS token whose admin has a sufficient role. Introspect the token to see its scopes." },
  E0000007: { oktaStatus: 404, category: 'not_found', status: 404, retryable: false,
    summary: 'Not found.',
    hint: 'The id in the request does not exist, or was deleted.' },
  E0000008: { oktaStatus: 404, category: 'configuration', status: 502, retryable: false,
    summary: 'The requested path was not found.',
    hint: 'The app called an API path Okta does not have; check the org URL and the endpoint path.' },
  E0000009: { oktaStatus: 500, category: 'upstream_failure', status: 502, retryable: true,
    summary: 'Internal Server Error.',
    hint: 'Usually transient: check status.okta.com, retry with backoff, and give Okta support the X-Okta-Request-Id.' },
  E0000010: { oktaStatus: 503, category: 'upstream_failure', status: 503, retryable: true,
    summary: 'Service is in read-only mode.',
    hint: 'The org is read-only, typically during maintenance; retry writes later.' },
  E0000011: { oktaStatus: 401, category: 'authentication', status: 502, retryable: false,
    summary: 'Invalid token provided.',
    hint: "The app's API credential was refused: a revoked SSWS token (or its creator deactivated), an expired OAuth access token, or the wrong scheme (SSWS vs Bearer). Rotate or refresh it; check clock skew." },
  E0000012: { oktaStatus: 404, category: 'configuration', status: 502, retryable: false,
    summary: 'Unsupported media type.',
    hint: 'Send Content-Type: application/json (or the type the endpoint documents).' },
  E0000013: { oktaStatus: 403, category: 'configuration', status: 502, retryable: false,
    summary: 'Invalid client app ID.',
    hint: 'The client (app) id sent is not valid in this org; check the configured client id and org URL.' },
  E0000014: { oktaStatus: 403, category: 'validation', status: 400, retryable: false,
    summary: 'Update of credentials failed.',
    hint: 'Usually the old password is wrong or the new one breaks the password policy; errorCauses say which.' },
  E0000015: { oktaStatus: 401, category: 'configuration', status: 502, retryable: false,
    summary: 'You do not have permission to access the feature you are requesting.',
    hint: "The org lacks this feature, or the app's credential cannot use it; enable the feature or use an admin who can." },
  E0000016: { oktaStatus: 403, category: 'conflict', status: 409, retryable: false,
    summary: 'Activation failed because the user is already active.',
    hint: 'The user is already ACTIVE; skip activation.' },
  E0000017: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Password reset failed.',
    hint: "Okta refused the reset for this user; check the user's status and password policy." },
  E0000018: { oktaStatus: 400, category: 'configuration', status: 502, retryable: false,
    summary: 'Bad request. Accept and/or Content-Type headers are likely not set.',
    hint: 'Set Accept and Content-Type to application/json on API calls.' },
  E0000019: { oktaStatus: 400, category: 'configuration', status: 502, retryable: false,
    summary: 'Bad request. Accept and/or Content-Type headers likely do not match supported values.',
    hint: 'Use a media type the endpoint supports, normally application/json.' },
  E0000020: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Bad request.',
    hint: 'Okta rejected the request as malformed; check the parameters sent.' },
  E0000021: { oktaStatus: 400, category: 'configuration', status: 502, retryable: false,
    summary: 'Bad request. Accept and/or Content-Type headers likely do not match supported values.',
    hint: 'Use a media type the endpoint supports, normally application/json.' },
  E0000022: { oktaStatus: 404, category: 'configuration', status: 502, retryable: false,
    summary: 'The endpoint does not support the provided HTTP method.',
    hint: 'Check the HTTP method the API reference gives for this operation.' },
  E0000023: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Operation failed because user profile is mastered under another system.',
    hint: 'Another system (AD, LDAP, an HR app) masters this profile; change it there or adjust profile mastering.' },
  E0000024: { oktaStatus: 400, category: 'configuration', status: 502, retryable: false,
    summary: 'Bad request. This operation on app metadata is not yet supported.',
    hint: 'The API cannot make this change to app metadata; make it in the Admin Console.' },
  E0000025: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'App version assignment failed.',
    hint: 'Check the app instance settings sent.' },
  E0000026: { oktaStatus: 404, category: 'configuration', status: 502, retryable: false,
    summary: 'This endpoint has been deprecated.',
    hint: 'Move the call to the endpoint that replaced it.' },
  E0000027: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Bad group push request.',
    hint: 'Check the group and the push mapping sent.' },
  E0000028: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'The request is missing a required parameter.',
    hint: 'A required parameter is missing; errorCauses may name it.' },
  E0000029: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Invalid paging request. Ensure the pagination cursor has not been altered',
    hint: 'Follow the `after` cursor from the Link header unchanged; do not build or edit cursors.' },
  E0000030: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd''T''HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.",
    hint: 'Send ISO 8601 dates with milliseconds and an offset.' },
  E0000031: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Bad request. Invalid filter parameter.',
    hint: 'The filter expression is malformed or uses an attribute or operator the endpoint does not filter on.' },
  E0000032: { oktaStatus: 403, category: 'conflict', status: 409, retryable: false,
    summary: 'Unlock is not allowed for this user.',
    hint: 'Only a LOCKED_OUT user can be unlocked; read the status first.' },
  E0000033: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: "Bad request. Can't specify a search query and filter in the same request.",
    hint: 'Send either a search query or a filter, not both.' },
  E0000034: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Forgot password not allowed on specified user.',
    hint: "Self-service recovery is not available to this user (status, federation or policy)." },
  E0000035: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Change password not allowed on specified user.',
    hint: 'Password change is not available to this user (status, federation or policy).' },
  E0000036: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Change recovery question not allowed on specified user.',
    hint: 'Recovery question change is not available to this user (status or policy).' },
  E0000037: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Type mismatch exception.',
    hint: 'A value has the wrong type for its attribute (for example a string where a number is expected).' },
  E0000038: { oktaStatus: 403, category: 'conflict', status: 409, retryable: false,
    summary: "This operation is not allowed in the user's current status.",
    hint: 'The lifecycle status forbids it (e.g. deactivating a user that is already deactivated); read the status first.' },
  E0000039: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Operation on application settings failed.',
    hint: "Okta refused the change to the app's settings; check the values and the caller's admin role." },
  E0000040: { oktaStatus: 400, category: 'conflict', status: 409, retryable: false,
    summary: 'Application label must not be the same as an existing application label.',
    hint: 'Another app already uses this label; pick a unique one.' },
  E0000041: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Credentials should not be set on this resource based on the scheme.',
    hint: "This app's sign-on scheme takes no credentials; leave them out." },
  E0000042: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Setting the error page redirect URL failed.',
    hint: "Okta refused the error page URL; check the URL and the caller's rights." },
  E0000043: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Self-service application assignment is not enabled.',
    hint: 'Self-service is off for this app; an admin must assign it or enable self-service.' },
  E0000044: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Self-service application assignment is not supported.',
    hint: 'This app cannot be self-assigned; an admin must assign it.' },
  E0000045: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Field mapping bad request.',
    hint: 'Check the source and target attribute names in the profile mapping.' },
  E0000046: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Deactivate application for user forbidden.',
    hint: 'The assignment cannot be removed directly (for example it comes from a group); change its source.' },
  E0000047: { oktaStatus: 429, category: 'rate_limit', status: 503, retryable: true,
    summary: 'API call exceeded rate limit due to too many requests.',
    hint: 'Wait for X-Rate-Limit-Reset / Retry-After before retrying, with backoff; page with limit=200 and spread bulk work.' },
  E0000048: { oktaStatus: 404, category: 'not_found', status: 404, retryable: false,
    summary: 'Entity not found exception.',
    hint: 'A referenced entity does not exist.' },
  E0000049: { oktaStatus: 500, category: 'upstream_failure', status: 502, retryable: false,
    summary: 'Invalid SCIM data from SCIM implementation.',
    hint: 'The SCIM server behind Okta answered with invalid data; fix that implementation.' },
  E0000050: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Invalid SCIM data from client.',
    hint: 'Check the SCIM payload against the SCIM schema.' },
  E0000051: { oktaStatus: 500, category: 'upstream_failure', status: 502, retryable: true,
    summary: 'No response from SCIM implementation.',
    hint: 'The SCIM server behind Okta did not answer; check that it is up and reachable from Okta.' },
  E0000052: { oktaStatus: 501, category: 'configuration', status: 502, retryable: false,
    summary: 'Endpoint not implemented.',
    hint: 'Okta does not implement this endpoint; check the API reference.' },
  E0000053: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Invalid SCIM filter.',
    hint: 'Fix the SCIM filter expression.' },
  E0000054: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Invalid pagination properties.',
    hint: 'Check the limit and cursor parameters.' },
  E0000055: { oktaStatus: 409, category: 'conflict', status: 409, retryable: false,
    summary: 'Duplicate group.',
    hint: 'A group with this name already exists.' },
  E0000056: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Delete application forbidden.',
    hint: 'Okta refused to delete the app; deactivate it first and check it is not protected.' },
  E0000057: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Access to this application is denied due to a policy.',
    hint: "A policy rule denies this user the app; check the app's sign-on and access policies." },
  E0000058: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Access to this application requires MFA.',
    hint: 'Have the user complete MFA, then retry.' },
  E0000059: { oktaStatus: 500, category: 'configuration', status: 502, retryable: false,
    summary: 'The connector configuration could not be tested. Make sure that the URL and Authentication Parameters are correct, and that there is an implementation available at the URL provided.',
    hint: 'Check the connector URL and credentials, and that something answers at that URL.' },
  E0000060: { oktaStatus: 404, category: 'configuration', status: 502, retryable: false,
    summary: 'Unsupported operation.',
    hint: 'Okta does not support this operation on this resource; check the API reference.' },
  E0000061: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'Tab error.',
    hint: "Okta refused an operation on the app's tab settings; check the request and the caller's rights." },
  E0000063: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Invalid combination of parameters specified.',
    hint: 'Some of the parameters cannot be used together; send only one of them.' },
  E0000064: { oktaStatus: 401, category: 'authentication', status: 401, retryable: false,
    summary: 'Password is expired and must be changed.',
    hint: "The user's password has expired; send them through a password change." },
  E0000068: { oktaStatus: 401, category: 'authentication', status: 401, retryable: false,
    summary: 'Invalid Passcode/Answer.',
    hint: 'The passcode or security answer was wrong; let the user try again.' },
  E0000069: { oktaStatus: 403, category: 'permission', status: 403, retryable: false,
    summary: 'User Locked.',
    hint: 'The account is locked after failed attempts; wait for automatic unlock or have an admin unlock it.' },
  E0000081: { oktaStatus: 400, category: 'validation', status: 400, retryable: false,
    summary: 'Cannot modify the test attribute because it is a reserved attribute for this application.',
    hint: 'The attribute is reserved by the application; leave it out.' },
  E0000109: { oktaStatus: 429, category: 'rate_limit', status: 429, retryable: true,
    summary: 'An SMS message was recently sent. Please wait 30 seconds before trying again.',
    hint: 'Per-user throttle: let the user request another SMS after about 30 seconds.' },
  E0000112: { oktaStatus: 409, category: 'conflict', status: 409, retryable: true,
    summary: 'Cannot update this user because they are still being activated. Please try again in a few minutes.',
    hint: 'Activation is still running; retry the update in a few minutes, not in a tight loop.' },
  E0000113: { oktaStatus: 429, category: 'rate_limit', status: 429, retryable: true,
    summary: 'A phone call was recently made. Please wait 30 seconds before trying again.',
    hint: 'Per-user throttle: let the user request another call after about 30 seconds.' },
} as const satisfies Record<`E${string}`, OktaApiCatalogEntry>);

/**
 * An error code listed in {@link OKTA_API_ERRORS}.
 * @group Catalogs
 */
export type KnownOktaApiCode = keyof typeof OKTA_API_ERRORS;

const upstreamFailure = (status: number, retryable: boolean, hint: string): OktaApiPolicy =>
  deepFreeze({ category: 'upstream_failure', status, retryable, hint });

const SERVER_ERROR_HINT = 'Okta failed: check status.okta.com, retry with backoff, and give Okta support the X-Okta-Request-Id.';
const UNAVAILABLE_HINT = 'Okta is unavailable or overloaded; retry after the Retry-After delay.';
const RATE_LIMIT: OktaApiPolicy = deepFreeze({
  category: 'rate_limit',
  status: 503,
  retryable: true,
  hint: 'A rate limit was hit: wait for X-Rate-Limit-Reset / Retry-After before retrying, with backoff.',
});

/**
 * Policy for an `E0…` code this catalog does not know, by the status Okta answered with. An unknown
 * code is still an Okta-formed answer, so user-facing statuses (400, 403, 404, 409) pass through;
 * anything about the app's credential or integration becomes 502.
 */
export const OKTA_API_UNKNOWN_CODE_BY_STATUS: Readonly<Record<number, OktaApiPolicy>> = deepFreeze({
  400: { category: 'validation', status: 400, retryable: false, hint: 'Okta rejected the request; see errorCauses.' },
  401: { category: 'authentication', status: 502, retryable: false, hint: "Okta refused the app's API credential; check the token." },
  403: { category: 'permission', status: 403, retryable: false, hint: "Okta refused the operation; check the user's status and the policies involved." },
  404: { category: 'not_found', status: 404, retryable: false, hint: 'The resource does not exist.' },
  405: { category: 'configuration', status: 502, retryable: false, hint: 'The endpoint does not take this HTTP method.' },
  409: { category: 'conflict', status: 409, retryable: false, hint: "The resource's current state forbids the operation." },
  415: { category: 'configuration', status: 502, retryable: false, hint: 'Send Content-Type: application/json.' },
  429: RATE_LIMIT,
  500: upstreamFailure(502, true, SERVER_ERROR_HINT),
  501: { category: 'configuration', status: 502, retryable: false, hint: 'Okta does not implement this endpoint.' },
  502: upstreamFailure(502, true, SERVER_ERROR_HINT),
  503: upstreamFailure(503, true, UNAVAILABLE_HINT),
  504: upstreamFailure(502, true, 'Okta timed out; retry with backoff. Long operations may need the asynchronous API.'),
});

/**
 * Policy for an upstream answer that carries no Okta error code (a proxy's HTML page, an empty body,
 * truncated JSON), by its status. Without a code nothing says the user is at fault, so every 4xx is the
 * app's integration failing (502), except 429.
 */
export const OKTA_API_NO_CODE_BY_STATUS: Readonly<Record<number, OktaApiPolicy>> = deepFreeze({
  401: { category: 'authentication', status: 502, retryable: false, hint: "The app's credential was refused, and no Okta error body came back; check the token and the org URL." },
  403: { category: 'permission', status: 502, retryable: false, hint: 'Refused without an Okta error body: a firewall, proxy or network zone may be blocking the app.' },
  404: { category: 'configuration', status: 502, retryable: false, hint: 'Not found without an Okta error body: check the org URL and the endpoint path.' },
  429: RATE_LIMIT,
  500: upstreamFailure(502, true, SERVER_ERROR_HINT),
  502: upstreamFailure(502, true, 'A gateway in front of Okta failed; retry with backoff.'),
  503: upstreamFailure(503, true, UNAVAILABLE_HINT),
  504: upstreamFailure(502, true, 'A gateway in front of Okta timed out; retry with backoff.'),
});

/** Policy for a 4xx, a 3xx or a missing status not listed in the status tables. */
export const OKTA_API_DEFAULT_CLIENT_ERROR: OktaApiPolicy = upstreamFailure(
  502,
  false,
  'Okta answered with an unexpected status and no usable error body; check the request the app made and the org URL.',
);
/** Policy for a 5xx not listed in the status tables. */
export const OKTA_API_DEFAULT_SERVER_ERROR: OktaApiPolicy = upstreamFailure(502, true, SERVER_ERROR_HINT);

/**
 * The catalog row for `code`, or `undefined` when the code is not listed. Only own keys count, so
 * `__proto__` or `constructor` never resolve to something.
 * @group Catalogs
 */
export function lookupOktaApiError(code: string): OktaApiCatalogEntry | undefined {
  return Object.hasOwn(OKTA_API_ERRORS, code) ? OKTA_API_ERRORS[code as KnownOktaApiCode] : undefined;
}

/**
 * Policy for a failure without a known code, by the status Okta answered with: `hasCode` says whether
 * the body carried an (unknown) `E0…` code, which lets user-facing statuses pass through.
 */
export function oktaApiFallback(upstreamStatus: number | undefined, hasCode: boolean): OktaApiPolicy {
  const table = hasCode ? OKTA_API_UNKNOWN_CODE_BY_STATUS : OKTA_API_NO_CODE_BY_STATUS;
  if (upstreamStatus !== undefined && Object.hasOwn(table, upstreamStatus)) return table[upstreamStatus]!;
  return upstreamStatus !== undefined && upstreamStatus >= 500 ? OKTA_API_DEFAULT_SERVER_ERROR : OKTA_API_DEFAULT_CLIENT_ERROR;
}

/** What a category does besides its wording. */
export interface OktaApiCategoryRule {
  /**
   * When the answer carries `Retry-After`: `always` (a rate limit: the headers' value, or 60 s when they
   * give none), or `when_retryable` (a retryable failure, a 429 or a 503: the headers' value, if any).
   */
  readonly retryAfter: 'always' | 'when_retryable';
}

/** The category rule table. */
export const OKTA_API_CATEGORY_RULES: Readonly<Record<OktaApiCategory, OktaApiCategoryRule>> = deepFreeze({
  validation: { retryAfter: 'when_retryable' },
  authentication: { retryAfter: 'when_retryable' },
  permission: { retryAfter: 'when_retryable' },
  not_found: { retryAfter: 'when_retryable' },
  conflict: { retryAfter: 'when_retryable' },
  rate_limit: { retryAfter: 'always' },
  upstream_failure: { retryAfter: 'when_retryable' },
  configuration: { retryAfter: 'when_retryable' },
});

/**
 * Production-safe sentences per category: `client` is used when the answer is a 4xx without a catalog
 * summary, `server` whenever the answer is a 5xx (where Okta's own summary would mislead the user:
 * "Invalid token provided" is about the app's token, not theirs).
 */
export const OKTA_API_CATEGORY_DETAIL: Readonly<Record<OktaApiCategory, { readonly client: string; readonly server: string }>> =
  deepFreeze({
    validation: { client: 'The request was rejected as invalid.', server: 'The identity service rejected a request made by this application.' },
    authentication: { client: 'The credentials were not accepted.', server: 'The identity service did not accept this application\'s credentials.' },
    permission: { client: 'This operation is not allowed.', server: 'This application is not allowed to perform the operation at the identity service.' },
    not_found: { client: 'The requested resource was not found.', server: 'The identity service could not find a resource this application needs.' },
    conflict: { client: 'The resource is not in a state that allows this operation.', server: 'The identity service refused the operation because of a conflict.' },
    rate_limit: { client: 'Too many attempts. Please wait before trying again.', server: 'The identity service is receiving too many requests. Please try again later.' },
    upstream_failure: { client: 'The identity service could not complete the request.', server: 'The identity service could not complete the request. Please try again later.' },
    configuration: { client: 'The sign-in service is not set up correctly.', server: "This application's connection to the identity service is misconfigured." },
  });
