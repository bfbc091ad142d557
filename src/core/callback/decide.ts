/**
 * The callback pipeline: parsed request → verify (state, then iss) → classify (catalog) → decide
 * (action, limits, navigation) → respond (redirect, page or problem+json). Framework-free: adapters hand
 * in what they read and write out the {@link CallbackResponse}.
 * @module
 */
import { actionRule, CALLBACK_ACTIONS, CALLBACK_ERRORS, categoryRule, lookupCallbackError, lookupWireError, UNKNOWN_CALLBACK_ERROR, UNKNOWN_CODE, type CallbackAction, type CallbackCatalogEntry } from '../../catalog/oauth.js';
import { MESSAGES, PAGE_STRINGS, type PageMessage } from '../../catalog/messages.js';
import { negotiateLocale } from '../http/locale.js';
import { renderTemplate, type ViewRenderer } from '../render/templates.js';
import { isMessageVariant, refineFromDescription, variantRule, type MessageVariant } from '../../catalog/entra.js';
import type { CallbackErrorEvent } from '../events.js';
import { emit } from '../events.js';
import { count, guardCookie, PROBE_SET_COOKIE, readGuard, type GuardReading } from './guard.js';
import { isNavigation, prefersJson, type ClientHints } from '../http/negotiate.js';
import type { ResolvedOptions } from '../options.js';
import type { PageContext } from '../render/page.js';
import { CONTINUE_PARAMETER, type CallbackParams, type ParsedCallback } from './parse.js';
import { restartsSignIn } from '../../catalog/oauth-token.js';
import { PROBLEM_JSON, problemDetails } from '../http/problem.js';
import { describeThrown, sanitizeText } from '../text/redact.js';
import { toSameOriginPath, withQuery } from '../text/same-origin-path.js';
import { TIMED_OUT, within } from '../timeout.js';
import type { Transport } from '../http/transport.js';
import { CALLBACK_CODE } from '../../catalog/codes.js';

/** What an adapter read from the request. */
export interface CallbackRequest<Req> {
  readonly method: string;
  readonly path: string;
  /**
   * The path as the browser sent it (a mounted router's prefix included), for redirects to the callback
   * itself. Default: `path`.
   */
  readonly originalPath?: string | undefined;
  readonly parsed: ParsedCallback;
  readonly hints: ClientHints;
  readonly cookie?: string | undefined;
  /** How the request arrived: https or not, from which site (decides the guard cookie). */
  readonly transport: Transport;
  /** CSP nonce the app set for this response, if any. */
  readonly nonce?: string | undefined;
  readonly acceptLanguage?: string | undefined;
  /** The framework's own view rendering (`res.render`), for `{ view }` templates. */
  readonly renderView?: ViewRenderer | undefined;
  /** The framework's request object, handed to `verifyState`, `loginUrl` and `actions` functions. */
  readonly req: Req;
}

/** What the adapter writes. Header names are lower-case. */
export interface CallbackResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** `Set-Cookie` values, kept apart because a header map cannot hold several. */
  readonly cookies: readonly string[];
  readonly body: string;
}

/** Headers on every response from the callback: nothing here may be cached or leak the URL onwards. */
const BASE_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

type Reason = CallbackErrorEvent['reason'];

interface Decision {
  code: string;
  entry: CallbackCatalogEntry;
  action: CallbackAction;
  reason?: Reason;
  parameter?: string;
  hookError?: string;
}

const rejected = (code: keyof typeof CALLBACK_ERRORS, reason: Reason, extra?: Partial<Decision>): Decision => ({
  code,
  entry: CALLBACK_ERRORS[code],
  action: 'render',
  reason,
  ...extra,
});

/**
 * Checks in the order RFC 9207 and RFC 9700 require: state, then iss; only then is `error` trusted. A
 * continuation (`oeh_continue`) comes from this library's own redirect, after those checks passed: it
 * carries no state, only names of this library's vocabularies, and acting on it only starts a sign-in.
 */
async function verify<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<Decision | undefined> {
  const { parsed } = request;
  if (!parsed.ok) return rejected(CALLBACK_CODE.malformed_callback, parsed.reason, { parameter: parsed.parameter });
  if (parsed.params.continued !== undefined) return undefined;
  const { state, iss } = parsed.params;
  if (state === undefined || state === '') return rejected(CALLBACK_CODE.invalid_state, 'state_missing');
  if (options.verifyState) {
    const verifyState = options.verifyState;
    try {
      const verdict = await within(options.verifyStateTimeoutMs, () => verifyState(request.req, state));
      if (verdict === TIMED_OUT) {
        return rejected(CALLBACK_CODE.invalid_state, 'verify_state_timeout', { hookError: `verifyState did not settle within ${options.verifyStateTimeoutMs} ms` });
      }
      if (verdict !== true) return rejected(CALLBACK_CODE.invalid_state, 'state_rejected');
    } catch (err) {
      return rejected(CALLBACK_CODE.invalid_state, 'verify_state_failed', { hookError: describeThrown(err) });
    }
  }
  if (options.issuers) {
    if (iss === undefined) {
      if (options.requireIss) return rejected(CALLBACK_CODE.issuer_mismatch, 'iss_missing');
    } else if (!options.issuers.has(iss)) {
      return rejected(CALLBACK_CODE.issuer_mismatch, 'iss_mismatch');
    }
  }
  return undefined;
}

function chooseAction<Req>(code: string, entry: CallbackCatalogEntry, request: CallbackRequest<Req>, options: ResolvedOptions<Req>, navigation: boolean, description: string | undefined): Pick<Decision, 'action' | 'hookError'> {
  const override = Object.hasOwn(options.actions, code) ? options.actions[code] : undefined;
  if (override === undefined) return { action: entry.action };
  if (typeof override !== 'function') return { action: override };
  try {
    const chosen = override({ code, description, navigation, req: request.req });
    if (typeof chosen === 'string' && Object.hasOwn(CALLBACK_ACTIONS, chosen)) return { action: chosen };
    return { action: entry.action, hookError: `actions.${code} returned ${describeThrown(chosen, 40)}` };
  } catch (err) {
    return { action: entry.action, hookError: describeThrown(err) };
  }
}

function loginTarget<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>, code: string, prompt: string | undefined): { href: string; hookError?: string } {
  const fallback = withQuery(options.loginPath, { prompt });
  if (!options.loginUrl) return { href: fallback };
  try {
    const returned = options.loginUrl(request.req, prompt === undefined ? { code } : { code, prompt });
    const href = toSameOriginPath(returned);
    if (href !== undefined) return { href };
    return { href: fallback, hookError: `loginUrl returned a value that is not a same-origin path: ${describeThrown(returned, 100)}` };
  } catch (err) {
    return { href: fallback, hookError: describeThrown(err) };
  }
}

/**
 * The wording for the first key that has any: the locale's override, then the app's English override,
 * then the built-in English. Each layer may set only some fields.
 */
function messageFor<Req>(options: ResolvedOptions<Req>, locale: string | undefined, keys: readonly (string | undefined)[]): PageMessage {
  const localized = locale === undefined ? undefined : options.locales[locale]?.messages;
  const layers = [MESSAGES as Record<string, Partial<PageMessage>>, options.messages, localized ?? {}];
  for (const key of [...keys, 'default']) {
    if (key === undefined || !layers.some((layer) => Object.hasOwn(layer, key))) continue;
    const merged: Partial<PageMessage> = key === 'default' ? {} : { ...MESSAGES.default };
    for (const layer of layers) if (Object.hasOwn(layer, key)) Object.assign(merged, layer[key]);
    return merged as PageMessage;
  }
  return MESSAGES.default;
}

function errorUriLink(uri: string | undefined, trusted: ReadonlySet<string>): string | undefined {
  if (!uri || trusted.size === 0) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' && trusted.has(url.host.toLowerCase()) && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The decision a continuation carries (see {@link CallbackParams.continued}), or `undefined` when it does
 * not name this library's own actions, codes and variants.
 */
function continued<Req>(c: NonNullable<CallbackParams['continued']>, options: ResolvedOptions<Req>): (Decision & { variant?: MessageVariant }) | undefined {
  const action = c.action as CallbackAction;
  if (!Object.hasOwn(CALLBACK_ACTIONS, action) || actionRule(action).counter === undefined) return undefined;
  const known = Object.hasOwn(CALLBACK_ERRORS, c.code) || options.appCodes.has(c.code);
  if (!known) return undefined;
  const entry = lookupCallbackError(c.code);
  if (action === 'restart') {
    if (entry.action !== 'restart' || (c.detail !== undefined && !restartsSignIn(c.detail))) return undefined;
    return { code: c.code, entry, action };
  }
  if (c.detail !== undefined && !isMessageVariant(c.detail)) return undefined;
  return { code: c.code, entry, action, ...(c.detail !== undefined && { variant: c.detail as MessageVariant }) };
}

/** The continuation of `decision` on the callback path itself: a GET, where the guard cookie comes along. */
export function continuationLocation(path: string, action: CallbackAction, code: string, detail?: string): string | undefined {
  const base = toSameOriginPath(path);
  if (base === undefined || base.includes('?')) return undefined;
  return withQuery(base, { [CONTINUE_PARAMETER]: detail === undefined ? `${action}:${code}` : `${action}:${code}:${detail}` });
}

/** Reports, once per handler, a cross-site POST callback reaching an app that does not see https. */
function warnInsecureFormPost<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): void {
  const { transport } = request;
  if (request.method !== 'POST' || transport.secure || transport.site !== 'cross-site' || !options.onError) return;
  if (options.notices.has('form_post_without_https')) return;
  options.notices.add('form_post_without_https');
  emit(options.onError, {
    type: 'setup.warning',
    code: 'form_post_without_https',
    message: transport.https
      ? 'A cross-site form_post callback arrived over https through a proxy, but the app does not see https: set Express\'s "trust proxy" (Koa: app.proxy = true). Until then the guard cookie is written for https from X-Forwarded-Proto.'
      : 'A cross-site form_post callback arrived over plain http: the guard cookie cannot be SameSite=None, so form_post error responses that redirect take one extra GET hop to the callback. Serve the app over https (behind a proxy: set "trust proxy" / app.proxy).',
    forwardedHttps: transport.https,
    path: sanitizeText(request.path, 256),
    time: new Date().toISOString(),
  });
}

/** A redirect answer (303), with the guard cookie when one is given. */
function seeOther(location: string, cookie?: string): CallbackResponse {
  return {
    status: 303,
    headers: { ...BASE_HEADERS, location, 'content-type': 'text/plain; charset=utf-8' },
    cookies: cookie === undefined ? [] : [cookie],
    body: `See Other: ${location}`,
  };
}

/**
 * Handles an error response at the callback. Returns `undefined` when the action is `pass` (the adapter
 * then calls the app's own route).
 */
export async function handleCallback<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<CallbackResponse | undefined> {
  const reference = globalThis.crypto.randomUUID();
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  const params = request.parsed.ok ? request.parsed.params : undefined;
  const wantsJson = prefersJson(request.hints.accept);
  const navigation = isNavigation(request.hints, wantsJson);
  const description = params?.error_description;
  warnInsecureFormPost(request, options);

  let decision: Decision & { variant?: MessageVariant } | undefined = await verify(request, options);
  if (!decision && params?.continued) {
    decision = continued(params.continued, options) ?? rejected(CALLBACK_CODE.malformed_callback, 'invalid_error_code', { parameter: CONTINUE_PARAMETER });
  } else if (!decision) {
    const code = params!.error;
    const entry = lookupWireError(code);
    decision = { code, entry, ...chooseAction(code, entry, request, options, navigation, description) };
  }
  const { code, entry, action } = decision;
  // Only codes of the catalog (or ones the app configured) are shown or used in a problem `type`: the
  // provider's, or an attacker's, `error=SECURITY_ALERT:Call_…` is shown as `unknown`.
  const shown = entry !== UNKNOWN_CALLBACK_ERROR || options.appCodes.has(code) ? code : UNKNOWN_CODE;
  const variant: MessageVariant | undefined = decision.variant ?? (categoryRule(entry.category).refine ? refineFromDescription(description) : undefined);
  const restartFor = params?.continued?.action === 'restart' ? params.continued.detail : undefined;

  // Built only for an app that listens: sanitizing the provider's text is most of an event's cost.
  const event = (outcome: CallbackErrorEvent['outcome'], status: number, extra?: Partial<CallbackErrorEvent>): void =>
    void (options.onError && emit(options.onError, {
      type: 'callback.error',
      code: sanitizeText(code, 128),
      status,
      outcome,
      action,
      category: entry.category,
      reason: decision.reason,
      parameter: decision.parameter,
      reference,
      method: sanitizeText(request.method, 16),
      path: sanitizeText(request.path, 256),
      description: description === undefined ? undefined : sanitizeText(description),
      errorUri: params?.error_uri === undefined ? undefined : sanitizeText(params.error_uri, 256),
      iss: params?.iss === undefined ? undefined : sanitizeText(params.iss, 256),
      hasState: params?.state !== undefined && params.state !== '',
      variant,
      hookError: decision.hookError,
      restartFor,
      time: new Date(nowMs).toISOString(),
      ...extra,
    }));

  if (action === 'pass') {
    event('pass', 0);
    return undefined;
  }

  // Only re-prompting rows carry a prompt: the redirect and, past the guard, the button use it.
  const prompt = entry.prompt;
  const target = loginTarget(request, options, code, prompt);
  if (target.hookError) decision.hookError ??= target.hookError;

  let reason = decision.reason;
  const rule = actionRule(action);
  const counter = rule.counter;
  if (counter) {
    const guard: GuardReading = readGuard(request.cookie, now, options.limits.windowSeconds);
    const { transport } = request;
    if (!navigation) reason = 'not_navigation';
    // The continuation came without the probe its redirect set: this browser keeps no cookie of ours,
    // and nothing could count its redirects.
    else if (params?.continued && !guard.sent) reason = 'guard_cookie_missing';
    else if (guard[counter] >= options.limits[counter]) reason = 'limit_reached';
    else if (request.method === 'POST' && !transport.https && transport.site !== 'same-site' && !guard.sent) {
      // A cross-site POST over http cannot bring the guard cookie (SameSite=Lax): go on in a GET to the
      // callback itself, which brings it. Only a code this library can name is carried.
      const path = request.originalPath ?? request.path;
      const location = shown === code ? continuationLocation(path, action, code, variant) : undefined;
      if (location === undefined) reason = 'guard_cookie_missing';
      else {
        event('redirect', 303, { reason: 'form_post_bounce', location });
        return seeOther(location, PROBE_SET_COOKIE);
      }
    } else if (request.method === 'HEAD') {
      // A HEAD (link checkers, prefetchers) is answered like the GET, without spending the budget.
      event('redirect', 303, { location: target.href, reason: 'head_request' });
      return seeOther(target.href);
    } else {
      event('redirect', 303, { location: target.href });
      return seeOther(target.href, guardCookie(count(guard, counter), now, options.limits.windowSeconds, transport.https));
    }
  }

  // Rendering: the code's own status, unless the action's rule says otherwise (a retry that gave up).
  const status = rule.status ?? entry.status;
  const retryAfter = status === 503 ? options.limits.retryAfterSeconds : undefined;
  const locale = negotiateLocale(request.acceptLanguage, options.localeTags);
  const message = messageFor(options, locale, [
    reason === 'limit_reached' ? rule.exhausted : undefined,
    variant,
    shown,
    categoryRule(entry.category).message,
  ]);
  // Buttons re-authenticate: "sign in with a different account" must show the provider's login form.
  const variantPrompt = variant === undefined ? undefined : variantRule(variant).prompt;
  const actionHref = variantPrompt === undefined ? target.href : loginTarget(request, options, code, variantPrompt).href;
  event('render', status, { reason });

  const headers: Record<string, string> = { ...BASE_HEADERS };
  if (options.localeTags.length > 0) headers['content-language'] = locale ?? 'en';
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);

  if (wantsJson) {
    headers['content-type'] = `${PROBLEM_JSON}; charset=utf-8`;
    const problem = problemDetails(
      { code: shown, title: message.title, status, detail: message.message, reference },
      { retryAfter, loginUrl: message.action ? actionHref : undefined, description: options.development ? description : undefined },
    );
    return { status, headers, cookies: [], body: JSON.stringify(problem) };
  }

  const ctx: PageContext = {
    code: shown,
    status,
    title: message.title,
    message: message.message,
    action: message.action ? { label: message.action, href: actionHref } : undefined,
    loginUrl: target.href,
    retryAfter,
    reference,
    development: options.development,
    lang: locale ?? 'en',
    strings: locale === undefined ? PAGE_STRINGS : { ...PAGE_STRINGS, ...options.locales[locale]?.page },
    nonce: request.nonce,
    ...(options.development && {
      explanation: entry.explanation,
      trustedLink: errorUriLink(params?.error_uri, options.trustedErrorUriHosts),
      details: {
        error: params?.error,
        error_description: description,
        error_uri: params?.error_uri,
        state: params?.state,
        iss: params?.iss,
        variant,
        reason,
        parameter: decision.parameter,
        hook_error: decision.hookError,
        restart_for: restartFor,
      },
    }),
  };
  headers['content-type'] = 'text/html; charset=utf-8';
  const renderView: ViewRenderer | undefined = options.renderView ? (view, locals) => options.renderView!(request.req, view, locals) : request.renderView;
  return { status, headers, cookies: [], body: await renderTemplate(ctx, options.templates, renderView, options.onError) };
}
