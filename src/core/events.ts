/**
 * The structured events passed to the `onError` hook: one per handled error. Every string in them is
 * sanitized (control characters stripped, length capped) and none carries a token, a secret or a cookie.
 * @module
 */
import type { CallbackAction, CallbackCategory } from '../catalog/oauth.js';
import type { MessageVariant } from '../catalog/entra.js';
import type { EventSeverity, Telemetry } from '../catalog/telemetry.js';
import type { MalformedReason } from './callback/parse.js';
import type { DocsUrlResolver } from './options/docs-url.js';

export type { EventSeverity } from '../catalog/telemetry.js';

/**
 * What every event carries for logs and monitoring, whatever its type.
 * @group Errors and events
 */
export interface EventLabels {
  /**
   * How loud the event is, by its category (tables in `src/catalog/telemetry.ts`, listed in
   * `docs/errors.md`), named after the logger method that fits: `info` for the user's own choices and
   * expected steps (a cancel, a sign-in prompt), `warn` for transient failures and rejected, expired or
   * denied attempts, `error` for configuration and internal failures. `logger[event.severity](event)`.
   */
  readonly severity: EventSeverity;
  /**
   * A low-cardinality name for OpenTelemetry's `error.type`, namespaced by where the code comes from:
   * `oidc.<code>` for callback codes (`oidc.access_denied`; `oidc.unknown` for a code neither the
   * catalog nor the app's options name) and for OAuth errors of token and other back-channel endpoints;
   * `okta.<E-code>` for Okta API codes of the catalog (`okta.E0000047`; `okta.unknown` for any other);
   * `client.<code>` for openid-client and network failures (`client.OAUTH_TIMEOUT`,
   * `client.network_error`); `http.<status>` for an http-errors error or an answer without a code;
   * `internal.error` for an unrecognised error answered under `handleAll`; `template.error`;
   * `setup.<code>`. Never built from a request's or an upstream answer's text.
   */
  readonly errorType: string;
  /**
   * The code's entry in the generated `docs/errors.md` (option `docsUrl`; default
   * `node_modules/okta-error-handler/docs/errors.md#<anchor>`). Absent with `docsUrl: false`, or when a
   * `docsUrl` function gives no usable URL.
   */
  readonly docsUrl?: string;
}

/** The labels of an event from its telemetry row, with the app's `docsUrl` applied. */
export function eventLabels(telemetry: Telemetry, type: OktaErrorEvent['type'], docsUrl: DocsUrlResolver | undefined): EventLabels {
  const url = docsUrl?.(telemetry.docsCode, { anchor: telemetry.anchor, type });
  const labels = { severity: telemetry.severity, errorType: telemetry.errorType };
  return url === undefined ? labels : { ...labels, docsUrl: url };
}

/** An event's `time`: ISO 8601 in UTC, with milliseconds. */
export const eventTime = (date: Date = new Date()): string => date.toISOString();

/**
 * An error response reached the callback and was handled.
 * @group Errors and events
 */
export interface CallbackErrorEvent extends EventLabels {
  readonly type: 'callback.error';
  /** The OAuth error code, or `invalid_state`, `issuer_mismatch`, `malformed_callback`. */
  readonly code: string;
  readonly status: number;
  /** What was done: `redirect` (re-prompt or retry), `render` (page or problem+json), `pass` (left to the app). */
  readonly outcome: 'redirect' | 'render' | 'pass';
  /** The action chosen for the code, before limits and the navigation check applied. */
  readonly action: CallbackAction;
  readonly category: CallbackCategory;
  /** Why the outcome differs from the action, or why the response was rejected. */
  readonly reason?:
    | 'limit_reached'
    | 'not_navigation'
    | 'state_missing'
    | 'state_rejected'
    | 'verify_state_failed'
    | 'verify_state_timeout'
    | 'transaction_missing'
    | 'state_mismatch'
    | 'code_rejected'
    | 'library_failure'
    | 'already_signed_in'
    | 'guard_cookie_missing'
    | 'head_request'
    | 'form_post_bounce'
    | 'cookie_probe'
    | 'iss_mismatch'
    | 'iss_missing'
    | MalformedReason;
  /** The malformed parameter's name, when `reason` is about one. */
  readonly parameter?: string;
  /** Id shown on the page and in problem+json `instance`. */
  readonly reference: string;
  readonly method: string;
  readonly path: string;
  /** The provider's `error_description` (attacker-controllable: sanitized, capped). */
  readonly description?: string;
  readonly errorUri?: string;
  readonly iss?: string;
  /** Whether `state` was present. Its value is not logged. */
  readonly hasState: boolean;
  /** Refinement read from the description (Entra `AADSTS` sub-code, Okta "not assigned"). */
  readonly variant?: MessageVariant;
  /** Where the browser was sent, for `redirect` outcomes. */
  readonly location?: string;
  /** The error thrown by `verifyState`, `loginUrl` or an `actions` function, if one threw. */
  readonly hookError?: string;
  /** For `sign_in_failed`: the upstream code (`invalid_grant`, …) or failure that made this library restart sign-in. */
  readonly restartFor?: string;
  /**
   * The sign-in library the failure or the verdict came from (`express-openid-connect`,
   * `@okta/oidc-middleware`, `passport-openidconnect`, `openid-client`), when one did.
   */
  readonly library?: string;
  /** When it happened: ISO 8601 in UTC, with milliseconds (`2026-11-27T17:48:18.254Z`). */
  readonly time: string;
}

/**
 * An app-supplied template threw or returned something other than a string; the built-in page was sent.
 * @group Errors and events
 */
export interface TemplateErrorEvent extends EventLabels {
  readonly type: 'template.error';
  readonly code: string;
  readonly reference: string;
  readonly message: string;
  /** When it happened: ISO 8601 in UTC, with milliseconds (`2026-11-27T17:48:18.254Z`). */
  readonly time: string;
}

/**
 * A failed call to Okta reached the upstream handler and was answered.
 * @group Errors and events
 */
export interface UpstreamErrorEvent extends EventLabels {
  readonly type: 'upstream.error';
  /** Okta E-code, OAuth error code or openid-client code. */
  readonly code: string;
  /** Status answered to the app's client. */
  readonly status: number;
  /** What Okta answered, when it answered. */
  readonly upstreamStatus?: number;
  readonly category: string;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly requestId?: string;
  readonly errorId?: string;
  /** Which library's error shape was recognised. */
  readonly source: string;
  /** Okta's summary (redacted, capped) and the remediation hint: for the developer reading logs. */
  readonly summary?: string;
  readonly hint: string;
  /** `redirect` for a browser sent back to sign in, `render` for a page or problem+json. */
  readonly outcome: 'redirect' | 'render';
  /**
   * Why a restart of sign-in (`action: 'restart_sign_in'`) was not a plain redirect: `limit_reached` (the
   * loop guard's `restarts` are used up: the page is shown), `not_navigation` (a script gets problem+json),
   * `head_request` (answered without counting), `form_post_bounce` (a cross-site POST over http: sent
   * through a GET to the callback path first, where the guard cookie comes along), `guard_cookie_missing`
   * (such a POST not on a callback path: nothing can count the restart, so the page is shown).
   */
  readonly reason?: 'limit_reached' | 'not_navigation' | 'head_request' | 'form_post_bounce' | 'guard_cookie_missing';
  readonly reference: string;
  readonly method: string;
  /** The app's path (query removed). */
  readonly path: string;
  /** When it happened: ISO 8601 in UTC, with milliseconds (`2026-11-27T17:48:18.254Z`). */
  readonly time: string;
}

/**
 * Something about the app's set-up that weakens a guarantee, reported once per handler. Today:
 * `form_post_without_https`: a cross-site POST callback reached an app that does not see https
 * (`req.secure`/`ctx.secure` false). The guard cookie cannot be `SameSite=None` there, so form_post error
 * responses that call for a redirect take one extra GET hop; behind a TLS-terminating proxy, set Express's
 * `trust proxy` (Koa: `app.proxy = true`).
 * @group Errors and events
 */
export interface SetupWarningEvent extends EventLabels {
  readonly type: 'setup.warning';
  /**
   * `form_post_without_https` (above), or `state_not_verified`: in development, once when the interceptor
   * is created without `verifyState`, a reminder that forged error links are then shown as genuine.
   */
  readonly code: 'form_post_without_https' | 'state_not_verified';
  readonly message: string;
  /** Whether a proxy header (`X-Forwarded-Proto`, `Forwarded`) says the browser is on https. */
  readonly forwardedHttps: boolean;
  readonly path: string;
  /** When it happened: ISO 8601 in UTC, with milliseconds (`2026-11-27T17:48:18.254Z`). */
  readonly time: string;
}

/**
 * Every event the `onError` hook receives. Discriminated by `type`.
 * @group Errors and events
 */
export type OktaErrorEvent = CallbackErrorEvent | TemplateErrorEvent | UpstreamErrorEvent | SetupWarningEvent;

/** Calls the hook without ever letting it break the response. */
export function emit(hook: ((event: OktaErrorEvent) => void) | undefined, event: OktaErrorEvent): void {
  if (!hook) return;
  try {
    const result = hook(event) as unknown;
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(() => {});
  } catch {
    // A failing logger must not turn a handled sign-in error into a 500.
  }
}
