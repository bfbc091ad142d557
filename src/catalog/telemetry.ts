/**
 * What every `onError` event says about itself for monitoring: its `severity` (by category, from the
 * tables below: a code's severity is its category's row), its `errorType` (a low-cardinality name for
 * OpenTelemetry's `error.type`) and its entry in the generated `docs/errors.md` (the code given to a
 * `docsUrl` function and the entry's anchor). Only codes of the catalogs get an entry of their own; any
 * other code, whatever it says, gets its group's fixed entry, so no text a provider or an attacker wrote
 * ever reaches an `errorType` or a URL.
 * @module
 */
import type { MessageVariant } from './entra.js';
import { deepFreeze } from './freeze.js';
import { CALLBACK_ERRORS, type CallbackCatalogEntry, type CallbackCategory, type KnownCallbackCode } from './oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS } from './oauth-token.js';
import { OKTA_API_ERRORS, type OktaApiCategory } from './okta-api.js';

/**
 * How loud an event is, named after the logger method that fits it (`logger[event.severity](event)`):
 * - `info`: the user's own choice or an expected step (a cancel, a sign-in prompt);
 * - `warn`: transient failures, refusals and expired or rejected attempts: worth a trend, not a page;
 * - `error`: configuration and internal failures: only a developer can fix them.
 * @group Errors and events
 */
export type EventSeverity = 'info' | 'warn' | 'error';

/**
 * Severity of a `callback.error` event, by its category.
 * @group Catalogs
 */
export const CALLBACK_SEVERITY = deepFreeze({
  interaction: 'info', // the provider asks the user to sign in, consent or choose: a normal step
  canceled: 'info', // the user walked away
  denied: 'warn',
  transient: 'warn',
  rejected: 'warn', // forged, stale or malformed: this library refused it
  expired: 'warn',
  unknown: 'warn',
  configuration: 'error',
} as const satisfies Record<CallbackCategory, EventSeverity>);

/**
 * A description variant that says more than its code's category: a cancel that arrives as `access_denied`
 * (oidc-provider's "End-User aborted interaction", Entra's AADSTS65004) is the user's own choice.
 * @group Catalogs
 */
export const VARIANT_SEVERITY = deepFreeze({ canceled: 'info' } as const satisfies Partial<Record<MessageVariant, EventSeverity>>);

/**
 * Severity of an `upstream.error` event by category: `client` when the app answers its client with a
 * 4xx (the user's input, credentials or rights), `server` when with a 5xx (the app's own credential,
 * rights or integration, or Okta failing).
 */
export interface UpstreamSeverityRule {
  readonly client: EventSeverity;
  readonly server: EventSeverity;
}

/**
 * The upstream severity table.
 * @group Catalogs
 */
export const UPSTREAM_SEVERITY = deepFreeze({
  validation: { client: 'warn', server: 'error' },
  authentication: { client: 'warn', server: 'error' }, // E0000011: the app's API token was refused
  permission: { client: 'warn', server: 'error' }, // E0000006: the app's credential lacks a scope
  not_found: { client: 'warn', server: 'error' },
  conflict: { client: 'warn', server: 'error' },
  rate_limit: { client: 'warn', server: 'warn' }, // transient: waiting fixes it
  upstream_failure: { client: 'warn', server: 'warn' }, // Okta or the network failed; often transient
  configuration: { client: 'error', server: 'error' },
} as const satisfies Record<OktaApiCategory, UpstreamSeverityRule>);

/** What an event's monitoring fields are made of. */
export interface Telemetry {
  readonly severity: EventSeverity;
  /** Low-cardinality, namespaced: `oidc.access_denied`, `okta.E0000047`, `http.502`. */
  readonly errorType: string;
  /** The code a `docsUrl` function receives: a catalog code, or the fixed name of the code's group. */
  readonly docsCode: string;
  /** The entry's anchor in `docs/errors.md`, lower case. */
  readonly anchor: string;
}

/** An entry of `docs/errors.md` that is not a catalog code: its group's, for every code outside the catalogs. */
export interface FixedEntry {
  readonly severity?: EventSeverity;
  /** `errorType`; `<status>` is replaced by the HTTP status (or `unknown`). */
  readonly errorType: string;
  readonly anchor: string;
  /** The entry's heading in `docs/errors.md` (its anchor is the heading's GitHub slug). */
  readonly title: string;
  readonly meaning: string;
  readonly check: string;
}

/**
 * The fixed entries, keyed by the code a `docsUrl` function receives for them.
 * @group Catalogs
 */
export const FIXED_ENTRIES = deepFreeze({
  unknown: {
    errorType: 'oidc.unknown',
    anchor: 'unknown',
    title: '`unknown`',
    meaning: 'The provider (or a link someone crafted) sent an `error` this library does not know. The page shows `unknown`; the event has the code as received, sanitized.',
    check: "The event's `code` and `description`, and the provider's documentation for that code. A code you expect can get its own action, message or template through the options.",
  },
  okta_unknown: {
    errorType: 'okta.unknown',
    anchor: 'okta-unknown-code',
    title: 'Okta: unknown code',
    meaning: 'Okta answered with an `E0…` code this catalog does not list. The answer follows the status Okta sent (see [okta-api-errors.md](okta-api-errors.md)).',
    check: "The event's `code` and `summary`, and Okta's error code reference.",
  },
  token_unknown: {
    errorType: 'oidc.unknown',
    anchor: 'token-unknown-code',
    title: 'token: unknown code',
    meaning: 'A token, userinfo or other back-channel endpoint answered with an OAuth `error` this catalog does not list (on a 5xx, the status decides).',
    check: "The event's `code` and `summary` (the provider's `error_description`), in development.",
  },
  http_status: {
    errorType: 'http.<status>',
    anchor: 'http_status',
    title: '`http_<status>`',
    meaning: 'An http-errors error (`createError(404)`, Koa\'s `ctx.throw(403)`) raised by the app or a library reached `oktaApiErrorHandler`. Its category follows its status.',
    check: 'Where the app raises it; its message is shown only when `expose` is true.',
  },
  upstream_status: {
    errorType: 'http.<status>',
    anchor: 'upstream_status',
    title: '`upstream_<status>`',
    meaning: 'A call to Okta failed without any error code in the answer (a proxy page, an empty or truncated body). The answer follows the status (see [okta-api-errors.md](okta-api-errors.md)).',
    check: 'The org URL, proxies and firewalls between the app and Okta, and status.okta.com.',
  },
  internal_error: {
    severity: 'error',
    errorType: 'internal.error',
    anchor: 'internal_error',
    title: '`internal_error`',
    meaning: 'An error that is not an Okta or OAuth failure reached `oktaApiErrorHandler` with `handleAll: true`: answered with a generic 500.',
    check: "The application's own logs: this is a bug or an outage in the app, not at Okta.",
  },
  template_error: {
    severity: 'error',
    errorType: 'template.error',
    anchor: 'template-error',
    title: 'Template error',
    meaning: "An app template for a code threw, did not settle within 5 seconds, or returned something other than a string. The built-in page was sent instead.",
    check: "The template named by the event's `code` (or `default`); the event's `message` says what it threw.",
  },
  form_post_without_https: {
    severity: 'warn',
    errorType: 'setup.form_post_without_https',
    anchor: 'form_post_without_https',
    title: '`form_post_without_https`',
    meaning: 'A cross-site form_post callback reached an app that does not see https: the guard cookie cannot be `SameSite=None`, so form_post error responses that redirect take one extra GET hop. Reported once per handler.',
    check: 'Serve the app over https; behind a TLS-terminating proxy set Express\'s `trust proxy` (Koa: `app.proxy = true`). `forwardedHttps: true` means a proxy header already says https.',
  },
  state_not_verified: {
    severity: 'warn',
    errorType: 'setup.state_not_verified',
    anchor: 'state_not_verified',
    title: '`state_not_verified`',
    meaning: 'In development, once: `oktaErrorHandler` was created without `verifyState`, so a forged error link (`?error=access_denied&state=anything`) is shown as a genuine error.',
    check: "Pass `verifyState: stateFrom('express-openid-connect' | '@okta/oidc-middleware' | 'passport-openidconnect' | { session: '…' })`.",
  },
} as const satisfies Record<string, FixedEntry>);

/** A fixed entry's code. */
export type FixedEntryCode = keyof typeof FIXED_ENTRIES;

const fixedEntry = (code: FixedEntryCode): FixedEntry => FIXED_ENTRIES[code];

function fixed(code: FixedEntryCode, severity: EventSeverity, status?: number): Telemetry {
  const entry = fixedEntry(code);
  return {
    severity: entry.severity ?? severity,
    errorType: entry.errorType.replace('<status>', status === undefined ? 'unknown' : String(status)),
    docsCode: code,
    anchor: entry.anchor,
  };
}

/** Anchor of a callback code's entry. */
export const callbackAnchor = (code: KnownCallbackCode): string => code;
/** Anchor of an Okta E-code's entry. */
export const oktaAnchor = (code: string): string => code.toLowerCase();
/** Anchor of a back-channel OAuth code's entry (the same code at the callback has its own). */
export const tokenAnchor = (code: string): string => `token-${code.toLowerCase()}`;
/** Anchor of an openid-client or network failure's entry. */
export const clientAnchor = (code: string): string => `client-${code.toLowerCase()}`;

/**
 * A `callback.error` event's telemetry. `code` is the code as received, `entry` the row it got, and
 * `shown` the code a page may show (a catalog code, one the app's options name, or `unknown`).
 * `errorType` is `oidc.<shown>`; only a catalog row has a docs entry of its own.
 * @group Catalogs
 */
export function callbackTelemetry(code: string, entry: CallbackCatalogEntry, shown: string, variant?: MessageVariant): Telemetry {
  const severity = (variant !== undefined && Object.hasOwn(VARIANT_SEVERITY, variant) ? VARIANT_SEVERITY[variant as keyof typeof VARIANT_SEVERITY] : undefined) ?? CALLBACK_SEVERITY[entry.category];
  const own = Object.hasOwn(CALLBACK_ERRORS, code) && (CALLBACK_ERRORS as Record<string, CallbackCatalogEntry>)[code] === entry;
  if (!own) return { ...fixed('unknown', severity), errorType: `oidc.${shown}` };
  return { severity, errorType: `oidc.${code}`, docsCode: code, anchor: callbackAnchor(code as KnownCallbackCode) };
}

/** What an `upstream.error` event's telemetry is read from (the fields of a normalized error). */
export interface UpstreamFacts {
  readonly code: string;
  readonly source: string;
  readonly category: OktaApiCategory;
  /** The status answered to the app's client. */
  readonly status: number;
  readonly upstreamStatus?: number;
}

const E_CODE = /^E\d{7}$/;
const HTTP_ERROR_CODE = /^http_(\d{3})$/;

/**
 * An `upstream.error` event's telemetry. `errorType`:
 * - `okta.<E-code>` for a code of the Okta catalog, `okta.unknown` for any other `E0…` code;
 * - `oidc.<code>` for an OAuth error of the back-channel catalog, `oidc.unknown` for any other;
 * - `client.<code>` for an openid-client or network failure (`client.OAUTH_TIMEOUT`, `client.network_error`);
 * - `http.<status>` for an http-errors error (its status) or an answer without any code (Okta's status,
 *   `http.unknown` without one);
 * - `internal.error` for an unrecognised error answered because of `handleAll`.
 * @group Catalogs
 */
export function upstreamTelemetry(n: UpstreamFacts): Telemetry {
  const severity = UPSTREAM_SEVERITY[n.category][n.status >= 500 ? 'server' : 'client'];
  const own = (table: object) => Object.hasOwn(table, n.code);
  if (n.source === 'unrecognised') return fixed('internal_error', severity);
  const http = n.source === 'http-errors' ? HTTP_ERROR_CODE.exec(n.code) : null;
  if (http) return fixed('http_status', severity, Number(http[1]));
  if (own(OKTA_API_ERRORS)) return { severity, errorType: `okta.${n.code}`, docsCode: n.code, anchor: oktaAnchor(n.code) };
  if (E_CODE.test(n.code)) return fixed('okta_unknown', severity);
  if (own(OPENID_CLIENT_ERRORS)) return { severity, errorType: `client.${n.code}`, docsCode: n.code, anchor: clientAnchor(n.code) };
  if (own(OAUTH_TOKEN_ERRORS)) return { severity, errorType: `oidc.${n.code}`, docsCode: n.code, anchor: tokenAnchor(n.code) };
  // No code at all: `upstream_<status>` or `upstream_error`, named by the number it came with.
  if (n.code === `upstream_${n.upstreamStatus ?? 'error'}`) return fixed('upstream_status', severity, n.upstreamStatus);
  return fixed('token_unknown', severity);
}

/**
 * Telemetry of the events that are not about a code: a failed template, a set-up warning.
 * @group Catalogs
 */
export const fixedTelemetry = (code: FixedEntryCode): Telemetry => fixed(code, 'error');
