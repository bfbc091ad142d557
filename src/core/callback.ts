/**
 * The callback pipeline: parsed request → verify (state, then iss) → classify (catalog) → decide
 * (action, limits, navigation) → respond (redirect, page or problem+json). Framework-free: adapters hand
 * in what they read and write out the {@link CallbackResponse}.
 * @module
 */
import { type CallbackAction, type CallbackCatalogEntry, lookupCallbackError, CALLBACK_ERRORS } from '../catalog/oauth.js';
import { MESSAGES, PAGE_STRINGS, type PageMessage } from '../catalog/messages.js';
import { negotiateLocale } from './locale.js';
import { renderTemplate, type ViewRenderer } from './templates.js';
import { refineFromDescription, type MessageVariant } from '../catalog/entra.js';
import type { CallbackErrorEvent } from './events.js';
import { emit } from './events.js';
import { guardCookie, readGuard, type GuardState } from './guard.js';
import { isNavigation, prefersJson, type ClientHints } from './negotiate.js';
import type { ResolvedOptions } from './options.js';
import type { PageContext } from './page.js';
import type { ParsedCallback } from './parse.js';
import { PROBLEM_JSON, problemDetails } from './problem.js';
import { sanitizeText } from './redact.js';
import { toSameOriginPath, withQuery } from './sanitize.js';

/** What an adapter read from the request. */
export interface CallbackRequest<Req> {
  readonly method: string;
  readonly path: string;
  readonly parsed: ParsedCallback;
  readonly hints: ClientHints;
  readonly cookie?: string | undefined;
  /** Whether the app is served over https (decides the guard cookie's SameSite). */
  readonly secure: boolean;
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

function errorMessage(err: unknown): string {
  return sanitizeText(err instanceof Error ? `${err.name}: ${err.message}` : String(err), 300);
}

const rejected = (code: keyof typeof CALLBACK_ERRORS, reason: Reason, extra?: Partial<Decision>): Decision => ({
  code,
  entry: CALLBACK_ERRORS[code],
  action: 'render',
  reason,
  ...extra,
});

/** Checks in the order RFC 9207 and RFC 9700 require: state, then iss; only then is `error` trusted. */
async function verify<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<Decision | undefined> {
  const { parsed } = request;
  if (!parsed.ok) return rejected('malformed_callback', parsed.reason, { parameter: parsed.parameter });
  const { state, iss } = parsed.params;
  if (state === undefined || state === '') return rejected('invalid_state', 'state_missing');
  if (options.verifyState) {
    try {
      if ((await options.verifyState(request.req, state)) !== true) return rejected('invalid_state', 'state_rejected');
    } catch (err) {
      return rejected('invalid_state', 'verify_state_failed', { hookError: errorMessage(err) });
    }
  }
  if (options.issuers) {
    if (iss === undefined) {
      if (options.requireIss) return rejected('issuer_mismatch', 'iss_missing');
    } else if (!options.issuers.has(iss)) {
      return rejected('issuer_mismatch', 'iss_mismatch');
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
    if (chosen === 'reprompt' || chosen === 'retry' || chosen === 'render' || chosen === 'pass') return { action: chosen };
    return { action: entry.action, hookError: `actions.${code} returned ${sanitizeText(String(chosen), 40)}` };
  } catch (err) {
    return { action: entry.action, hookError: errorMessage(err) };
  }
}

function loginTarget<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>, code: string, prompt: string | undefined): { href: string; hookError?: string } {
  const fallback = withQuery(options.loginPath, { prompt });
  if (!options.loginUrl) return { href: fallback };
  try {
    const returned = options.loginUrl(request.req, prompt === undefined ? { code } : { code, prompt });
    const href = toSameOriginPath(returned);
    if (href !== undefined) return { href };
    return { href: fallback, hookError: `loginUrl returned a value that is not a same-origin path: ${sanitizeText(String(returned), 100)}` };
  } catch (err) {
    return { href: fallback, hookError: errorMessage(err) };
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
 * Handles an error response at the callback. Returns `undefined` when the action is `pass` (the adapter
 * then calls the app's own route).
 */
export async function handleCallback<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<CallbackResponse | undefined> {
  const reference = globalThis.crypto.randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const params = request.parsed.ok ? request.parsed.params : undefined;
  const wantsJson = prefersJson(request.hints.accept);
  const navigation = isNavigation(request.hints, wantsJson);
  const description = params?.error_description;

  let decision = await verify(request, options);
  if (!decision) {
    const code = params!.error;
    const entry = lookupCallbackError(code);
    decision = { code, entry, ...chooseAction(code, entry, request, options, navigation, description) };
  }
  const { code, entry, action } = decision;
  const variant: MessageVariant | undefined = decision.entry.category === 'rejected' ? undefined : refineFromDescription(description);

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
      time: new Date(now * 1000).toISOString(),
      ...extra,
    }));

  if (action === 'pass') {
    event('pass', 0);
    return undefined;
  }

  const prompt = action === 'reprompt' || entry.action === 'reprompt' ? entry.prompt : undefined;
  const target = loginTarget(request, options, code, prompt);
  if (target.hookError) decision.hookError ??= target.hookError;

  let reason = decision.reason;
  if (action === 'reprompt' || action === 'retry') {
    const guard = readGuard(request.cookie, now, options.limits.windowSeconds);
    const used = action === 'reprompt' ? guard.reprompts : guard.retries;
    const limit = action === 'reprompt' ? options.limits.reprompts : options.limits.retries;
    if (!navigation) reason = 'not_navigation';
    else if (used >= limit) reason = 'limit_reached';
    else {
      const next: GuardState = action === 'reprompt' ? { ...guard, reprompts: used + 1 } : { ...guard, retries: used + 1 };
      event('redirect', 303, { location: target.href });
      return {
        status: 303,
        headers: { ...BASE_HEADERS, location: target.href, 'content-type': 'text/plain; charset=utf-8' },
        cookies: [guardCookie(next, now, options.limits.windowSeconds, request.secure)],
        body: `See Other: ${target.href}`,
      };
    }
  }

  // Rendering: the code's own status; a retry that gave up is a 503 whatever the code's row says.
  const status = action === 'retry' ? 503 : entry.status;
  const retryAfter = status === 503 ? options.limits.retryAfterSeconds : undefined;
  const locale = negotiateLocale(request.acceptLanguage, options.localeTags);
  const message = messageFor(options, locale, [
    action === 'retry' && reason === 'limit_reached' ? 'retry_exhausted' : undefined,
    variant,
    code,
    entry.category === 'configuration' ? 'configuration' : undefined,
  ]);
  // Buttons re-authenticate: "sign in with a different account" must show the provider's login form.
  const actionHref = variant === 'not_assigned' ? loginTarget(request, options, code, 'login').href : target.href;
  event('render', status, { reason });

  const headers: Record<string, string> = { ...BASE_HEADERS };
  if (options.localeTags.length > 0) headers['content-language'] = locale ?? 'en';
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);

  if (wantsJson) {
    headers['content-type'] = `${PROBLEM_JSON}; charset=utf-8`;
    const problem = problemDetails(
      { code, title: message.title, status, detail: message.message, reference },
      { retryAfter, loginUrl: message.action ? actionHref : undefined, description: options.development ? description : undefined },
    );
    return { status, headers, cookies: [], body: JSON.stringify(problem) };
  }

  const ctx: PageContext = {
    code,
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
      },
    }),
  };
  headers['content-type'] = 'text/html; charset=utf-8';
  const renderView: ViewRenderer | undefined = options.renderView ? (view, locals) => options.renderView!(request.req, view, locals) : request.renderView;
  return { status, headers, cookies: [], body: await renderTemplate(ctx, options.templates, renderView, options.onError) };
}
