/**
 * The options both handlers take: one object configures `oktaErrorHandler` and `oktaApiErrorHandler`
 * (each uses what it needs), and the resolved form they run on.
 * @module
 */
import type { LocaleMessages, PageMessage } from '../../catalog/messages.js';
import type { CallbackAction } from '../../catalog/oauth.js';
import type { OktaErrorEvent } from '../events.js';
import type { PageContext } from '../render/page.js';
import type { CompiledTemplate, PageTemplate } from '../render/templates.js';
import type { DocsUrlOption, DocsUrlResolver } from './docs-url.js';
import type { CallbackPaths } from './paths.js';

/**
 * What an `actions` function is told. `description` is the provider's text: attacker-controllable.
 * @group Options
 */
export interface ActionContext<Req> {
  readonly code: string;
  readonly description?: string;
  /** Whether the request is a top-level browser navigation. */
  readonly navigation: boolean;
  readonly req: Req;
}

/**
 * What `verifyState` answers: `true`/`false`, or a verdict that says more. `reason` says why a sign-in is
 * not the one in progress (`transaction_missing`: none is; `state_mismatch`: another is), `library` which
 * sign-in library's transaction was read, and `action: 'pass'` leaves the response to the app's route
 * (express-openid-connect's own silent sign-in).
 * @group Options
 */
export type VerifyStateResult =
  | boolean
  | { readonly ok: true; readonly action?: 'pass'; readonly library?: string }
  | { readonly ok: false; readonly reason?: 'transaction_missing' | 'state_mismatch'; readonly library?: string };

/**
 * A per-code action: a fixed action, or a function choosing one per request.
 * @group Options
 */
export type ActionOverride<Req> = CallbackAction | ((ctx: ActionContext<Req>) => CallbackAction);

/**
 * Limits of the loop guard, shared by both handlers.
 * @group Options
 */
export interface LimitsOptions {
  /** Automatic re-prompts per browser per window. Default 1. */
  readonly reprompts?: number;
  /** Automatic retries per browser per window. Default 2. */
  readonly retries?: number;
  /**
   * Automatic restarts of sign-in per browser per window: `oktaApiErrorHandler` sending a browser back to
   * `loginPath` when the authorization code was refused (`invalid_grant`). Default 1.
   */
  readonly restarts?: number;
  /** Window length in seconds. Default 600 (ten minutes). */
  readonly windowSeconds?: number;
  /** `Retry-After` (seconds) sent with 503 pages. Default 30. */
  readonly retryAfterSeconds?: number;
}

/**
 * Options of `oktaErrorHandler` and `oktaApiErrorHandler`: one object may configure both (each handler
 * uses its own keys and checks the others too), so a typo in any key stops the app at start-up.
 * `Req` is the framework's request (`req` in Express, `ctx` in Koa).
 * @group Options
 */
export interface OktaErrorHandlerOptions<Req = unknown> {
  // ---- both handlers

  /**
   * Path(s) of the app's `redirect_uri`, matched as the app's router matches (a trailing slash tolerated,
   * letters case-insensitively). Default: Okta's `/authorization-code/callback`. The upstream handler sends a
   * restart decided on a cross-site form_post over plain http through a GET to this path.
   */
  readonly callbackPath?: string | readonly string[];
  /** Same-origin path of the route that starts sign-in. Re-prompts, retries, restarts and buttons go here. Default `/login`. */
  readonly loginPath?: string;
  /** Show the raw error details (escaped) on pages and in problem+json. Default false. */
  readonly development?: boolean;
  /** Receives one structured event per handled error. Never throws into the request. */
  readonly onError?: (event: OktaErrorEvent) => void;
  /** Per-code page templates, keyed by code, or `default` for every code: a function, `{ view }` or `{ file }`. */
  readonly templates?: Readonly<Record<string, PageTemplate>>;
  /** Renders `{ view }` templates (Koa; Express uses `res.render` when this is not set). */
  readonly renderView?: (req: Req, view: string, locals: PageContext) => string | Promise<string>;
  /** The loop guard. */
  readonly limits?: LimitsOptions;
  /** Same-origin path of the app's home: "Back to …" buttons, and where a signed-in user's stale callback goes. Default `/`. */
  readonly homePath?: string;
  /**
   * Whether the request's user is signed in, for a callback that can no longer complete (a replay after
   * success, the second tab): a signed-in user goes to `homePath` instead of signing in again. Default:
   * what the sign-in libraries say (`req.oidc.isAuthenticated()`, `req.isAuthenticated()`,
   * `req.session.passport.user`, `ctx.isAuthenticated()`, `ctx.state.user`).
   */
  readonly isSignedIn?: (req: Req) => boolean;
  /**
   * Where each event's `docsUrl` (and the development page's "About this error") points for the code's
   * entry in the generated `docs/errors.md`:
   * - a base URL, `http(s)://…` or a relative path, without `#`: `#<anchor>` is appended (anchors are
   *   lower case and stable: `#access_denied`, `#e0000047`, `#token-invalid_grant`);
   * - a function `(code, { anchor, type }) => string | undefined`: `code` is a catalog code, or the fixed
   *   name of its group for any other code (`unknown`, `okta_unknown`, `token_unknown`, `http_status`,
   *   `upstream_status`, `internal_error`, `template_error`, and the set-up warnings' codes); a result
   *   that is not an http(s) URL or a relative path, or a throw, leaves `docsUrl` out;
   * - `false`: no `docsUrl` anywhere.
   *
   * Default `node_modules/okta-error-handler/docs/errors.md` (the page shipped with the package, from
   * the app's root). Never built from a request's or an upstream answer's text.
   */
  readonly docsUrl?: DocsUrlOption;

  // ---- oktaErrorHandler (the callback interceptor)

  /**
   * Builds the login URL when `loginPath` plus `prompt` is not enough (to carry a return path, say).
   * A result that is not a same-origin relative path is refused and `loginPath` is used instead.
   */
  readonly loginUrl?: (req: Req, info: { readonly code: string; readonly prompt?: string }) => string;
  /** Expected issuer(s). When set, an `iss` parameter naming another issuer is rejected (RFC 9207). */
  readonly issuer?: string | readonly string[];
  /** Reject responses without `iss` too (needs `issuer`). Default false: not every provider sends `iss`. */
  readonly requireIss?: boolean;
  /**
   * Checks `state` against the app's transaction (`stateFrom(…)` writes one for the sign-in libraries).
   * Anything but `true` (or `{ ok: true }`), a throw, or a missing `state` gives a 400 page and no redirect.
   * With `requireState: false`, a response without `state` reaches it with `state` undefined: it must then
   * confirm that a sign-in is in progress. `info.error` is the response's `error`.
   */
  verifyState?(req: Req, state: string | undefined, info: { readonly error: string }): VerifyStateResult | Promise<VerifyStateResult>;
  /**
   * Whether a response without `state` is refused before `verifyState` is asked (default true). Set false
   * for a PKCE-only sign-in (openid-client's README pattern), with a `verifyState` that checks the
   * transaction, such as `stateFrom({ session: 'oidc.code_verifier', pkceOnly: true })`.
   */
  readonly requireState?: boolean;
  /**
   * Longest `verifyState` may take, in ms (default 5000). A promise still pending then counts as a
   * rejection: 400 `invalid_state`, reason `verify_state_timeout`.
   */
  readonly verifyStateTimeoutMs?: number;
  /** Per-code action overrides, keyed by OAuth error code. */
  readonly actions?: Readonly<Record<string, ActionOverride<Req>>>;
  /**
   * Per-code message overrides, merged over the built-in English messages; or keyed by language first
   * (`{ fr: { access_denied: { title: 'Accès refusé' } } }`), chosen by `Accept-Language`.
   */
  readonly messages?: Readonly<Record<string, Partial<PageMessage> | Readonly<Record<string, Partial<PageMessage>>>>>;
  /** Other languages, keyed by BCP 47 tag (`fr`, `pt-BR`), chosen by `Accept-Language`. English is built in. */
  readonly locales?: Readonly<Record<string, LocaleMessages>>;
  /** Hosts whose `https:` `error_uri` may be shown as a link on the development page. */
  readonly trustedErrorUriHosts?: readonly string[];

  // ---- oktaApiErrorHandler (failed calls to Okta)

  /** Per-code status overrides, such as `{ E0000047: 429 }`. Values must be 400–599. */
  readonly statusFor?: Readonly<Record<string, number>>;
  /** Also answer errors that are not recognised as upstream failures (a generic 500) instead of `next(err)`. Default false. */
  readonly handleAll?: boolean;
}

/**
 * The same options, as `oktaApiErrorHandler` takes them.
 * @group Options
 */
export type OktaApiErrorHandlerOptions<Req = unknown> = OktaErrorHandlerOptions<Req>;

/**
 * Options after validation and defaults: frozen, never re-checked per request.
 * @group Options
 */
export interface ResolvedOptions<Req = unknown> {
  readonly callbackPaths: CallbackPaths;
  readonly loginPath: string;
  readonly development: boolean;
  readonly onError?: (event: OktaErrorEvent) => void;
  readonly templates: Readonly<Record<string, CompiledTemplate>>;
  readonly renderView?: OktaErrorHandlerOptions<Req>['renderView'];
  readonly limits: Required<LimitsOptions>;
  readonly homePath: string;
  readonly isSignedIn?: OktaErrorHandlerOptions<Req>['isSignedIn'];
  /** The `docsUrl` option as a function (always answering `undefined` for `docsUrl: false`). */
  readonly docsUrl: DocsUrlResolver;
  readonly loginUrl?: OktaErrorHandlerOptions<Req>['loginUrl'];
  readonly issuers?: ReadonlySet<string>;
  readonly requireIss: boolean;
  readonly verifyState?: OktaErrorHandlerOptions<Req>['verifyState'];
  readonly requireState: boolean;
  readonly verifyStateTimeoutMs: number;
  readonly actions: Readonly<Record<string, ActionOverride<Req>>>;
  readonly messages: Readonly<Record<string, Partial<PageMessage>>>;
  /** Locales keyed by lower-case tag. */
  readonly locales: Readonly<Record<string, LocaleMessages>>;
  readonly localeTags: readonly string[];
  readonly trustedErrorUriHosts: ReadonlySet<string>;
  readonly statusFor?: Readonly<Record<string, number>>;
  readonly handleAll: boolean;
  /**
   * Codes outside the catalog that the app configured (`actions`, `messages`, `templates` keys): shown
   * as they are. Any other code a provider (or an attacker) sends is shown as `unknown`.
   */
  readonly appCodes: ReadonlySet<string>;
  /** One-time notices already reported through `onError` by this handler (mutable by design). */
  readonly notices: Set<string>;
}
