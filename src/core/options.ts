/**
 * The callback interceptor's options: their types, their defaults, and their validation, which runs once
 * when the middleware is created so that a mistake stops the app at start-up, not a user at sign-in.
 * @module
 */
import type { CallbackAction } from '../catalog/oauth.js';
import { PAGE_STRINGS, type LocaleMessages, type PageMessage } from '../catalog/messages.js';
import { InvalidOptionError } from './errors.js';
import type { OktaErrorEvent } from './events.js';
import { toSameOriginPath } from './text/same-origin-path.js';
import { compileTemplates, type CompiledTemplate, type PageTemplate } from './render/templates.js';

/** What an `actions` function is told. `description` is the provider's text: attacker-controllable. */
export interface ActionContext<Req> {
  readonly code: string;
  readonly description?: string;
  /** Whether the request is a top-level browser navigation. */
  readonly navigation: boolean;
  readonly req: Req;
}

/** A per-code action: a fixed action, or a function choosing one per request. */
export type ActionOverride<Req> = CallbackAction | ((ctx: ActionContext<Req>) => CallbackAction);

/** Limits of the loop guard. */
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
 * Options of `oktaErrorHandler`. `Req` is the framework's request (`req` in Express, `ctx` in Koa).
 */
export interface OktaErrorHandlerOptions<Req = unknown> {
  /** Path(s) of the app's `redirect_uri`, matched exactly (a trailing slash tolerated). Default: Okta's `/authorization-code/callback`. */
  readonly callbackPath?: string | readonly string[];
  /** Same-origin path of the route that starts sign-in. Re-prompts, retries and buttons go here. Default `/login`. */
  readonly loginPath?: string;
  /**
   * Builds the login URL when `loginPath` plus `prompt` is not enough (to carry a return path, say).
   * A result that is not a same-origin relative path is refused and `loginPath` is used instead.
   */
  readonly loginUrl?: (req: Req, info: { readonly code: string; readonly prompt?: string }) => string;
  /** Expected issuer(s). When set, an `iss` parameter naming another issuer is rejected (RFC 9207). */
  readonly issuer?: string | readonly string[];
  /** Reject responses without `iss` too (needs `issuer`). Default false: not every provider sends `iss`. */
  readonly requireIss?: boolean;
  /** Checks `state` against the app's transaction. Failing, throwing or a missing `state` gives a 400 page and no redirect. */
  readonly verifyState?: (req: Req, state: string) => boolean | Promise<boolean>;
  /**
   * Longest `verifyState` may take, in ms (default 5000). A promise still pending then counts as a
   * rejection: 400 `invalid_state`, reason `verify_state_timeout`.
   */
  readonly verifyStateTimeoutMs?: number;
  /** Per-code action overrides, keyed by OAuth error code. */
  readonly actions?: Readonly<Record<string, ActionOverride<Req>>>;
  /** Per-code page templates, keyed by code, or `default` for every code: a function, `{ view }` or `{ file }`. */
  readonly templates?: Readonly<Record<string, PageTemplate>>;
  /** Renders `{ view }` templates (Koa; Express uses `res.render` when this is not set). */
  readonly renderView?: (req: Req, view: string, locals: import('./render/page.js').PageContext) => string | Promise<string>;
  /**
   * Per-code message overrides, merged over the built-in English messages; or keyed by language first
   * (`{ fr: { access_denied: { title: 'Accès refusé' } } }`), chosen by `Accept-Language`.
   */
  readonly messages?: Readonly<Record<string, Partial<PageMessage> | Readonly<Record<string, Partial<PageMessage>>>>>;
  /** Other languages, keyed by BCP 47 tag (`fr`, `pt-BR`), chosen by `Accept-Language`. English is built in. */
  readonly locales?: Readonly<Record<string, LocaleMessages>>;
  /** Show the provider's raw error details (escaped) on pages. Default false. */
  readonly development?: boolean;
  /** Receives one structured event per handled error. Never throws into the request. */
  readonly onError?: (event: OktaErrorEvent) => void;
  /** Hosts whose `https:` `error_uri` may be shown as a link on the development page. */
  readonly trustedErrorUriHosts?: readonly string[];
  readonly limits?: LimitsOptions;
}

/** Options after validation and defaults: frozen, never re-checked per request. */
export interface ResolvedOptions<Req = unknown> {
  readonly callbackPaths: CallbackPaths;
  readonly loginPath: string;
  readonly loginUrl?: OktaErrorHandlerOptions<Req>['loginUrl'];
  readonly issuers?: ReadonlySet<string>;
  readonly requireIss: boolean;
  readonly verifyState?: OktaErrorHandlerOptions<Req>['verifyState'];
  readonly verifyStateTimeoutMs: number;
  readonly actions: Readonly<Record<string, ActionOverride<Req>>>;
  readonly templates: Readonly<Record<string, CompiledTemplate>>;
  readonly renderView?: OktaErrorHandlerOptions<Req>['renderView'];
  readonly messages: Readonly<Record<string, Partial<PageMessage>>>;
  /** Locales keyed by lower-case tag. */
  readonly locales: Readonly<Record<string, LocaleMessages>>;
  readonly localeTags: readonly string[];
  readonly development: boolean;
  readonly onError?: (event: OktaErrorEvent) => void;
  readonly trustedErrorUriHosts: ReadonlySet<string>;
  readonly limits: Required<LimitsOptions>;
  /**
   * Codes outside the catalog that the app configured (`actions`, `messages`, `templates` keys): shown
   * as they are. Any other code a provider (or an attacker) sends is shown as `unknown`.
   */
  readonly appCodes: ReadonlySet<string>;
  /** One-time notices already reported through `onError` by this handler (mutable by design). */
  readonly notices: Set<string>;
}

/** Okta's default sign-in redirect path for web apps. */
export const DEFAULT_CALLBACK_PATH = '/authorization-code/callback';

/** Keys of the callback interceptor's options. */
export const CALLBACK_OPTION_KEYS = [
  'callbackPath',
  'loginPath',
  'loginUrl',
  'issuer',
  'requireIss',
  'verifyState',
  'verifyStateTimeoutMs',
  'actions',
  'templates',
  'renderView',
  'messages',
  'locales',
  'development',
  'onError',
  'trustedErrorUriHosts',
  'limits',
] as const;

/**
 * Keys of the upstream handler's own options, accepted (and ignored) here so that one options object
 * can configure both handlers, as `app.use(oktaApiErrorHandler(opts)); app.use(oktaErrorHandler(opts))`.
 */
const UPSTREAM_ONLY_KEYS = ['statusFor', 'handleAll'] as const;
const KNOWN_KEYS: readonly string[] = [...CALLBACK_OPTION_KEYS, ...UPSTREAM_ONLY_KEYS];
const LIMIT_KEYS = ['reprompts', 'retries', 'restarts', 'windowSeconds', 'retryAfterSeconds'] as const;
const ACTIONS: readonly CallbackAction[] = ['reprompt', 'retry', 'render', 'pass', 'restart'];

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Throws for keys of `object` not in `known`, suggesting the closest known key. */
export function rejectUnknownKeys(object: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const best = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0];
    const close = best && (distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) || best.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
    const hint = close ? ` Did you mean "${prefix}${best}"? Known options: ${known.join(', ')}.` : ` Known options: ${known.join(', ')}.`;
    throw new InvalidOptionError(`${prefix}${key}`, `is not a known option.${hint}`);
  }
}

/** Checks the `loginPath` option (default `/login`) and returns it ready for a `Location` header. */
export function resolveLoginPath(value: unknown): string {
  const path = toSameOriginPath(value ?? '/login');
  assertOption(path !== undefined, 'loginPath', value, 'a same-origin path such as "/login" (not "//host" or a URL)');
  return path!;
}

/** Throws an {@link InvalidOptionError} unless `ok`: "option X must be EXPECTED, got VALUE." */
export function assertOption(ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) throw new InvalidOptionError(option, `must be ${expected}, got ${show(value)}.`);
}

const isFn = (v: unknown) => typeof v === 'function';
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

function checkMessages(value: unknown, option: string): Record<string, Partial<PageMessage>> {
  return checkRecord<Partial<PageMessage>>(value, option, (v, path) => {
    assertOption(isPlainObject(v), path, v, 'an object with "title", "message" and/or "action" strings');
    rejectUnknownKeys(v as object, ['title', 'message', 'action'], `${path}.`);
    for (const [k, s] of Object.entries(v as object)) assertOption(typeof s === 'string', `${path}.${k}`, s, 'a string');
  });
}
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, option: string, check: (s: string) => boolean, expected: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  assertOption(Array.isArray(list) && list.length > 0, option, value, `${expected}, or a non-empty array of them`);
  for (const [i, item] of (list as unknown[]).entries()) {
    assertOption(typeof item === 'string' && check(item), Array.isArray(value) ? `${option}[${i}]` : option, item, expected);
  }
  return list as string[];
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function checkRecord<T>(value: unknown, option: string, check: (v: unknown, path: string) => void): Record<string, T> {
  if (value === undefined) return {};
  assertOption(isPlainObject(value), option, value, 'an object keyed by error code');
  for (const [key, v] of Object.entries(value as object)) check(v, `${option}.${key}`);
  return { ...(value as Record<string, T>) };
}

function positiveInteger(limits: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = limits[key];
  if (value === undefined) return fallback;
  assertOption(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, `limits.${key}`, value, `an integer from ${min} to ${max}`);
  return value as number;
}

/**
 * Validates options and applies defaults. Throws {@link InvalidOptionError} naming the option, the
 * value and what was expected.
 */
export function resolveOptions<Req>(options: OktaErrorHandlerOptions<Req> | undefined): ResolvedOptions<Req> {
  if (options === undefined) options = {};
  if (typeof options === 'function') {
    throw new InvalidOptionError('options', 'is a function: call the factory, `app.use(oktaErrorHandler())`, instead of passing it.');
  }
  assertOption(isPlainObject(options), 'options', options, 'an object');
  rejectUnknownKeys(options, KNOWN_KEYS);
  const o = options as Record<string, unknown>;

  const callbackPaths = resolveCallbackPaths(o.callbackPath);
  const loginPath = resolveLoginPath(o.loginPath);
  const issuers =
    o.issuer === undefined
      ? undefined
      : stringList(o.issuer, 'issuer', (s) => /^https?:\/\/[^\s]+$/.test(s), 'an issuer URL such as "https://example.okta.com/oauth2/default"');
  assertOption(o.requireIss === undefined || typeof o.requireIss === 'boolean', 'requireIss', o.requireIss, 'a boolean');
  if (o.requireIss === true && !issuers) throw new InvalidOptionError('requireIss', 'needs the "issuer" option: there is nothing to compare "iss" with.');
  for (const key of ['loginUrl', 'verifyState', 'onError', 'renderView'] as const) {
    assertOption(o[key] === undefined || isFn(o[key]), key, o[key], 'a function');
  }
  assertOption(o.development === undefined || typeof o.development === 'boolean', 'development', o.development, 'a boolean');

  const actions = checkRecord<ActionOverride<Req>>(o.actions, 'actions', (v, path) =>
    assertOption(isFn(v) || ACTIONS.includes(v as CallbackAction), path, v, `one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}, or a function returning one`),
  );
  const templates = compileTemplates(o.templates);
  // `messages` may also be keyed by language (`{ fr: { access_denied: {…} } }`): no OAuth code looks like
  // a language tag, so the two readings cannot collide. `en` entries are English overrides.
  const byLanguage: Record<string, unknown> = {};
  let plainMessages = o.messages;
  if (isPlainObject(o.messages)) {
    plainMessages = {};
    for (const [key, value] of Object.entries(o.messages)) {
      if (LANGUAGE_TAG.test(key)) byLanguage[key.toLowerCase()] = value;
      else (plainMessages as Record<string, unknown>)[key] = value;
    }
  }
  const messages = { ...checkMessages(plainMessages, 'messages'), ...checkMessages(byLanguage.en, 'messages.en') };
  delete byLanguage.en;
  const locales: Record<string, LocaleMessages> = {};
  for (const [tag, m] of Object.entries(byLanguage)) locales[tag] = Object.freeze({ messages: checkMessages(m, `messages.${tag}`) });
  if (o.locales !== undefined) {
    assertOption(isPlainObject(o.locales), 'locales', o.locales, 'an object keyed by language tag, such as { fr: { messages, page } }');
    for (const [tag, locale] of Object.entries(o.locales as object)) {
      const path = `locales.${tag}`;
      assertOption(LANGUAGE_TAG.test(tag), path, tag, 'keyed by a BCP 47 language tag such as "fr" or "pt-BR"');
      assertOption(isPlainObject(locale), path, locale, 'an object with "messages" and/or "page"');
      rejectUnknownKeys(locale as object, ['messages', 'page'], `${path}.`);
      const { messages: m, page } = locale as { messages?: unknown; page?: unknown };
      if (page !== undefined) {
        assertOption(isPlainObject(page), `${path}.page`, page, 'an object of page strings');
        rejectUnknownKeys(page as object, Object.keys(PAGE_STRINGS), `${path}.page.`);
        for (const [k, s] of Object.entries(page as object)) assertOption(typeof s === 'string', `${path}.page.${k}`, s, 'a string');
      }
      const merged = { ...locales[tag.toLowerCase()]?.messages, ...checkMessages(m, `${path}.messages`) };
      locales[tag.toLowerCase()] = Object.freeze({ messages: merged, page: page as LocaleMessages['page'] });
    }
  }

  const trustedErrorUriHosts =
    o.trustedErrorUriHosts === undefined
      ? []
      : stringList(o.trustedErrorUriHosts, 'trustedErrorUriHosts', (s) => /^[a-z0-9.-]+(:\d+)?$/i.test(s), 'a host name such as "developer.okta.com"');

  const verifyStateTimeoutMs = o.verifyStateTimeoutMs ?? 5000;
  assertOption(Number.isInteger(verifyStateTimeoutMs) && (verifyStateTimeoutMs as number) >= 1 && (verifyStateTimeoutMs as number) <= 60_000, 'verifyStateTimeoutMs', o.verifyStateTimeoutMs, 'an integer number of milliseconds from 1 to 60000');
  const appCodes = new Set([...Object.keys(actions), ...Object.keys(messages), ...Object.keys(templates)].filter((k) => k !== 'default'));

  return Object.freeze({
    callbackPaths,
    loginPath,
    loginUrl: o.loginUrl as ResolvedOptions<Req>['loginUrl'],
    issuers: issuers && new Set(issuers),
    requireIss: o.requireIss === true,
    verifyState: o.verifyState as ResolvedOptions<Req>['verifyState'],
    verifyStateTimeoutMs: verifyStateTimeoutMs as number,
    actions: Object.freeze(actions),
    templates: Object.freeze(templates),
    renderView: o.renderView as ResolvedOptions<Req>['renderView'],
    messages: Object.freeze(messages),
    locales: Object.freeze(locales),
    localeTags: Object.freeze(Object.keys(locales)),
    development: o.development === true,
    onError: o.onError as ResolvedOptions<Req>['onError'],
    trustedErrorUriHosts: new Set(trustedErrorUriHosts.map((h) => h.toLowerCase())),
    limits: resolveLimits(o.limits),
    appCodes,
    notices: new Set<string>(),
  });
}

/** Checks the `limits` option (shared by both handlers) and applies its defaults. */
export function resolveLimits(value: unknown): Required<LimitsOptions> {
  const limits = (value ?? {}) as Record<string, unknown>;
  assertOption(isPlainObject(limits), 'limits', value, 'an object');
  rejectUnknownKeys(limits, LIMIT_KEYS, 'limits.');
  return Object.freeze({
    reprompts: positiveInteger(limits, 'reprompts', 1, 0, 10),
    retries: positiveInteger(limits, 'retries', 2, 0, 10),
    restarts: positiveInteger(limits, 'restarts', 1, 0, 10),
    windowSeconds: positiveInteger(limits, 'windowSeconds', 600, 10, 86_400),
    retryAfterSeconds: positiveInteger(limits, 'retryAfterSeconds', 30, 1, 3600),
  });
}

/** The callback paths (trailing slash removed), as written and lower-cased. */
export interface CallbackPaths extends Iterable<string> {
  readonly exact: ReadonlySet<string>;
  readonly lower: ReadonlySet<string>;
}

/** Checks the `callbackPath` option (shared by both handlers). */
export function resolveCallbackPaths(value: unknown): CallbackPaths {
  const paths = stringList(value ?? DEFAULT_CALLBACK_PATH, 'callbackPath', (s) => s.startsWith('/') && !s.includes('?'), 'a path starting with "/" (no query)');
  const exact = new Set(paths.map(stripTrailingSlash));
  return Object.freeze({ exact, lower: new Set([...exact].map((p) => p.toLowerCase())), [Symbol.iterator]: () => exact.values() });
}

/**
 * Whether `path` (as the framework sees it) is one of the callback paths, as the app's router would match
 * it: a trailing slash tolerated, and letters compared case-insensitively (Express's and @koa/router's
 * default) unless `caseSensitive`. Like those routers, percent-encoded characters are not decoded.
 */
export function isCallbackPath(paths: CallbackPaths, path: string, caseSensitive = false): boolean {
  if (paths.exact.has(path)) return true;
  const candidate = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return paths.exact.has(candidate) || (!caseSensitive && paths.lower.has(candidate.toLowerCase()));
}
