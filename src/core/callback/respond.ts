/**
 * A callback {@link Decision} as a response: the 303, the page or problem+json, and the one `onError`
 * event that says what was done.
 * @module
 */
import { variantRule } from '../../catalog/entra.js';
import { MESSAGES, PAGE_STRINGS, type LocaleMessages, type PageMessage, type PageStrings } from '../../catalog/messages.js';
import { categoryRule } from '../../catalog/oauth.js';
import { callbackTelemetry } from '../../catalog/telemetry.js';
import { emit, eventLabels, eventTime, type CallbackErrorEvent, type EventLabels } from '../events.js';
import { negotiateLocale } from '../http/locale.js';
import { problemDetails } from '../http/problem.js';
import { htmlResponse, problemResponse, seeOther, type HttpResponse } from '../http/response.js';
import type { ResolvedOptions } from '../options/index.js';
import type { PageContext } from '../render/page.js';
import { renderTemplate, type ViewRenderer } from '../render/templates.js';
import { sanitizeText } from '../text/redact.js';
import type { Decision } from './decide.js';
import type { CallbackRequest } from './request.js';

/**
 * The wording for the first key that has any: the locale's override, then the app's English override,
 * then the built-in English. Each layer may set only some fields.
 */
function messageFor<Req>(options: ResolvedOptions<Req>, localized: Readonly<Record<string, Partial<PageMessage>>> | undefined, keys: readonly (string | undefined)[]): PageMessage {
  const layers = [MESSAGES as Record<string, Partial<PageMessage>>, options.messages, localized ?? {}];
  for (const key of [...keys, 'default']) {
    if (key === undefined || !layers.some((layer) => Object.hasOwn(layer, key))) continue;
    const merged: PageMessage = { ...MESSAGES.default };
    // Own keys only: a polluted Object.prototype (or error=constructor) never words a page.
    for (const layer of layers) if (Object.hasOwn(layer, key)) Object.assign(merged, layer[key]);
    return merged;
  }
  return MESSAGES.default;
}

/** `uri` as a link for the development page: only `https:` on a host the app trusts. */
function errorUriLink(uri: string | undefined, trusted: ReadonlySet<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(String(uri)); // no error_uri: "undefined", not a URL
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' && trusted.has(url.host.toLowerCase()) && !url.username && !url.password ? url.href : undefined;
}

/** Reports the decision; built only for an app that listens (sanitizing the provider's text is most of its cost). */
function report<Req>(decision: Decision, request: CallbackRequest<Req>, options: ResolvedOptions<Req>, labels: () => EventLabels, reference: string, time: string, status: number, location?: string): void {
  if (!options.onError) return; // a speed shortcut: emit() without a listener does nothing
  const params = request.parsed.ok ? request.parsed.params : undefined;
  const outcome: CallbackErrorEvent['outcome'] = decision.kind;
  emit(options.onError, {
    type: 'callback.error',
    ...labels(),
    code: sanitizeText(decision.code, 128),
    status,
    outcome,
    action: decision.action,
    category: decision.entry.category,
    reason: decision.reason,
    parameter: decision.parameter,
    reference,
    method: sanitizeText(request.method, 16),
    path: sanitizeText(request.path, 256),
    description: params?.error_description === undefined ? undefined : sanitizeText(params.error_description),
    errorUri: params?.error_uri === undefined ? undefined : sanitizeText(params.error_uri, 256),
    iss: params?.iss === undefined ? undefined : sanitizeText(params.iss, 256),
    hasState: params?.state !== undefined && params.state !== '',
    variant: decision.variant,
    hookError: decision.hookError,
    restartFor: decision.restartFor,
    library: decision.library,
    location,
    time,
  });
}

/**
 * Answers a decision: `undefined` for `pass` (the adapter calls the app's own route), a 303, or the page
 * (problem+json for a client that prefers JSON) through the app's template for the code, if it has one.
 * @group Pipeline
 */
export async function respond<Req>(decision: Decision, request: CallbackRequest<Req>, options: ResolvedOptions<Req>, time: Date): Promise<HttpResponse | undefined> {
  const reference = globalThis.crypto.randomUUID();
  const when = eventTime(time);
  // For the event and the development page alike: the app's docsUrl is asked once.
  let computed: EventLabels | undefined;
  const labels = (): EventLabels => (computed ??= eventLabels(callbackTelemetry(decision.code, decision.entry, decision.shown, decision.variant), 'callback.error', options.docsUrl));
  if (decision.kind === 'pass') {
    report(decision, request, options, labels, reference, when, 0);
    return undefined;
  }
  if (decision.kind === 'redirect') {
    report(decision, request, options, labels, reference, when, 303, decision.location);
    return seeOther(decision.location, decision.cookie);
  }

  const { status, shown } = decision;
  const retryAfter = status === 503 ? options.limits.retryAfterSeconds : undefined;
  const locale = negotiateLocale(request.acceptLanguage, options.localeTags);
  // The negotiated tag is always one of options.locales' keys; English has none.
  const override: LocaleMessages = locale === undefined ? {} : options.locales[locale]!;
  const message = messageFor(options, override.messages, decision.messageKeys);
  report(decision, request, options, labels, reference, when, status);
  const headers = {
    'content-language': options.localeTags.length > 0 ? locale ?? 'en' : undefined,
    'retry-after': retryAfter === undefined ? undefined : String(retryAfter),
  };
  const params = request.parsed.ok ? request.parsed.params : undefined;
  const description = params?.error_description;
  const strings: PageStrings = { ...PAGE_STRINGS, ...override.page };
  // "We have been notified" only when it is true: a fault on the app's side, and an app that listens.
  // A description variant speaks for the page when there is one (a cancel on a configuration code is not ours).
  // An action that gave up ("still not responding") speaks of the provider, never of us.
  const exhausted = decision.messageKeys[0] !== undefined;
  const notify = !exhausted && (decision.variant === undefined ? categoryRule(decision.entry.category).notify : variantRule(decision.variant).notify);

  if (decision.wantsJson) {
    const problem = problemDetails(
      { code: shown, title: message.title, status, detail: message.message, reference },
      { retryAfter, loginUrl: message.action ? decision.actionHref : undefined, description: options.development ? description : undefined },
    );
    return problemResponse(status, problem, headers);
  }

  const ctx: PageContext = {
    code: shown,
    status,
    title: message.title,
    message: message.message,
    action: message.action ? { label: message.action, href: decision.actionHref } : undefined,
    home: { label: strings.home, href: options.homePath },
    notice: notify && options.onError ? strings.notified : undefined,
    loginUrl: decision.loginHref,
    retryAfter,
    reference,
    development: options.development,
    lang: locale ?? 'en',
    strings,
    nonce: request.nonce,
    ...(options.development && {
      docsUrl: labels().docsUrl,
      explanation: decision.entry.explanation,
      trustedLink: errorUriLink(params?.error_uri, options.trustedErrorUriHosts),
      details: {
        error: params?.error,
        error_description: description,
        error_uri: params?.error_uri,
        state: params?.state,
        iss: params?.iss,
        variant: decision.variant,
        reason: decision.reason,
        parameter: decision.parameter,
        hook_error: decision.hookError,
        restart_for: decision.restartFor,
        library: decision.library,
        library_said: decision.libraryText,
        // About the provider's error responses only (not a library's failure, not a continuation).
        state_check: options.verifyState || params?.continued || decision.library ? undefined : 'none: without verifyState a forged error link is shown as genuine (use stateFrom)',
      },
    }),
  };
  const renderView: ViewRenderer | undefined = options.renderView ? (view, locals) => options.renderView!(request.req, view, locals) : request.renderView;
  return htmlResponse(status, await renderTemplate(ctx, options.templates, renderView, options.onError, options.docsUrl), headers);
}
