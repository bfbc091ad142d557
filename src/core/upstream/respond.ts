/**
 * The upstream handler's HTTP answer: a failed Okta call, normalized, becomes problem+json for API
 * clients, a page for browsers, or a redirect to sign in again when the token endpoint says the
 * authorization code is spent. Framework-free, like the callback pipeline.
 * @module
 */
import { MESSAGES, PAGE_STRINGS } from '../../catalog/messages.js';
import type { CallbackResponse } from '../callback.js';
import { emit, type OktaErrorEvent } from '../events.js';
import { clientHints, isNavigation, prefersHtml, type RequestHeaders } from '../negotiate.js';
import { assertOption, CALLBACK_OPTION_KEYS, rejectUnknownKeys, resolveLoginPath } from '../options.js';
import type { PageContext } from '../page.js';
import { PROBLEM_JSON, problemDetails } from '../problem.js';
import { sanitizeText } from '../redact.js';
import { compileTemplates, renderTemplate, type CompiledTemplate, type PageTemplate, type ViewRenderer } from '../templates.js';
import { UpstreamError } from './errors.js';
import { normalizeOktaError, type NormalizedOktaError } from './normalize.js';

/** Options of `oktaApiErrorHandler` (Express and Koa). */
export interface OktaApiErrorHandlerOptions {
  /** Add the remediation hint, Okta's raw summary and the upstream status to responses. Default false. */
  readonly development?: boolean;
  /** Receives one `upstream.error` event per handled error. Never throws into the request. */
  readonly onError?: (event: OktaErrorEvent) => void;
  /** Per-code status overrides, such as `{ E0000047: 429 }`. Values must be 400–599. */
  readonly statusFor?: Readonly<Record<string, number>>;
  /** Also answer errors that are not recognised as upstream failures (a generic 500) instead of `next(err)`. Default false. */
  readonly handleAll?: boolean;
  /** Where a browser is sent when sign-in must start again (`invalid_grant` on code exchange). Default `/login`. */
  readonly loginPath?: string;
  /** Per-code pages (or `default`) for browsers, as for the callback interceptor. */
  readonly templates?: Readonly<Record<string, PageTemplate>>;
}

/** Options after validation: frozen, never re-checked per request. */
export interface ResolvedUpstreamOptions {
  readonly development: boolean;
  readonly onError?: (event: OktaErrorEvent) => void;
  readonly statusFor?: Readonly<Record<string, number>>;
  readonly handleAll: boolean;
  readonly loginPath: string;
  readonly templates: Readonly<Record<string, CompiledTemplate>>;
}

const OWN_KEYS = ['development', 'onError', 'statusFor', 'handleAll', 'loginPath', 'templates'];
// The interceptor's options are accepted (and ignored) too, so one options object can serve both handlers.
const KNOWN_KEYS: readonly string[] = [...new Set([...OWN_KEYS, ...CALLBACK_OPTION_KEYS])];

/** Validates `oktaApiErrorHandler` options once, at start-up. */
export function resolveUpstreamOptions(options: OktaApiErrorHandlerOptions | undefined): ResolvedUpstreamOptions {
  if (options === undefined) options = {};
  if (typeof options === 'function') {
    assertOption(false, 'options', options, 'an object: call the factory, `app.use(oktaApiErrorHandler())`, instead of passing it');
  }
  assertOption(typeof options === 'object' && options !== null && !Array.isArray(options), 'options', options, 'an object');
  rejectUnknownKeys(options, KNOWN_KEYS);
  const { development, onError, statusFor, handleAll, templates } = options;
  assertOption(development === undefined || typeof development === 'boolean', 'development', development, 'a boolean');
  assertOption(handleAll === undefined || typeof handleAll === 'boolean', 'handleAll', handleAll, 'a boolean');
  assertOption(onError === undefined || typeof onError === 'function', 'onError', onError, 'a function');
  const loginPath = resolveLoginPath(options.loginPath);
  if (statusFor !== undefined) {
    assertOption(typeof statusFor === 'object' && statusFor !== null && !Array.isArray(statusFor), 'statusFor', statusFor, 'an object such as { E0000047: 429 }');
    for (const [code, status] of Object.entries(statusFor)) {
      assertOption(Number.isInteger(status) && status >= 400 && status <= 599, `statusFor.${code}`, status, 'an HTTP error status from 400 to 599');
    }
  }
  return Object.freeze({
    development: development === true,
    onError,
    statusFor: statusFor && Object.freeze({ ...statusFor }),
    handleAll: handleAll === true,
    loginPath,
    templates: Object.freeze(compileTemplates(templates)),
  });
}

/** What an adapter read from the request that failed. */
export interface UpstreamRequest {
  readonly method: string;
  /** The path without its query (queries may hold personal data). */
  readonly path: string;
  readonly headers: RequestHeaders;
  readonly nonce?: string | undefined;
  readonly renderView?: ViewRenderer | undefined;
}

const HEADERS = Object.freeze({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });

/** The answer for an error nobody recognised, with `handleAll`. Says nothing about the error. */
const UNRECOGNISED: NormalizedOktaError = Object.freeze({
  status: 500,
  code: 'internal_error',
  title: 'Internal Server Error',
  detail: 'The server could not complete the request.',
  causes: [],
  category: 'upstream_failure',
  retryable: false,
  hint: 'The error was not a recognised Okta or OAuth failure; it is handled because handleAll is on. Check the application logs.',
  source: 'http-errors',
});

/** A handled upstream error: what to write, and a compact error to report (Koa's `app.emit('error')`). */
export interface UpstreamOutcome {
  readonly response: CallbackResponse;
  /**
   * The failure as an {@link UpstreamError} (the original as `cause`): its message is catalog text
   * only, so a default logger does not print a 5 MB upstream body or a token.
   */
  readonly error: UpstreamError;
}

/**
 * Answers a failed upstream call. Returns `undefined` for an error it does not recognise (unless
 * `handleAll`), so the adapter hands it on with `next(err)`.
 */
export async function respondToUpstreamError(err: unknown, request: UpstreamRequest, options: ResolvedUpstreamOptions): Promise<UpstreamOutcome | undefined> {
  const normalized = normalizeOktaError(err, options.statusFor ? { statusFor: options.statusFor } : {}) ?? (options.handleAll ? UNRECOGNISED : undefined);
  if (!normalized) return undefined;
  const error = err instanceof UpstreamError ? err : new UpstreamError(normalized, { cause: err });
  return { response: await answer(normalized, request, options), error };
}

async function answer(n: NormalizedOktaError, request: UpstreamRequest, options: ResolvedUpstreamOptions): Promise<CallbackResponse> {
  const reference = globalThis.crypto.randomUUID();
  const hints = clientHints(request.headers);
  const browser = prefersHtml(hints.accept);
  // Only a browser's page load is sent back to sign in; a script is told, with problem+json.
  const restart = n.action === 'restart_sign_in' && browser && isNavigation(hints);
  emit(options.onError, {
    type: 'upstream.error',
    code: n.code,
    status: restart ? 303 : n.status,
    upstreamStatus: n.upstreamStatus,
    category: n.category,
    retryable: n.retryable,
    retryAfter: n.retryAfter,
    requestId: n.requestId,
    errorId: n.errorId,
    source: n.source,
    summary: n.summary,
    hint: n.hint,
    outcome: restart ? 'redirect' : 'render',
    reference,
    method: sanitizeText(request.method, 16),
    path: sanitizeText(request.path, 256),
    time: new Date().toISOString(),
  });

  const headers: Record<string, string> = { ...HEADERS };
  if (restart) {
    return { status: 303, headers: { ...headers, location: options.loginPath, 'content-type': 'text/plain; charset=utf-8' }, cookies: [], body: `See Other: ${options.loginPath}` };
  }
  if (n.retryAfter !== undefined) headers['retry-after'] = String(n.retryAfter);
  // Validation causes are for the user to correct their input; a 5xx has nothing the user can fix.
  const causes = n.status < 500 && n.causes.length > 0 ? n.causes : undefined;

  if (!browser) {
    headers['content-type'] = `${PROBLEM_JSON}; charset=utf-8`;
    const problem = problemDetails(
      { code: n.code, title: n.title, status: n.status, detail: n.detail, reference },
      {
        requestId: n.requestId,
        errorId: n.errorId,
        retryAfter: n.retryAfter,
        causes,
        ...(options.development && { hint: n.hint, summary: n.summary, upstreamStatus: n.upstreamStatus, category: n.category }),
      },
    );
    return { status: n.status, headers, cookies: [], body: JSON.stringify(problem) };
  }

  const ctx: PageContext = {
    code: n.code,
    status: n.status,
    title: n.title,
    message: n.detail,
    loginUrl: options.loginPath,
    retryAfter: n.retryAfter,
    reference,
    requestId: n.requestId,
    causes,
    development: options.development,
    lang: 'en',
    strings: PAGE_STRINGS,
    nonce: request.nonce,
    ...(n.action === 'restart_sign_in' || n.action === 'session_expired' ? { action: { label: MESSAGES.login_required.action, href: options.loginPath } } : {}),
    ...(options.development && {
      hint: n.hint,
      details: { code: n.code, upstream_status: n.upstreamStatus?.toString(), summary: n.summary, error_id: n.errorId, category: n.category, source: n.source, error_link: n.errorLink },
    }),
  };
  headers['content-type'] = 'text/html; charset=utf-8';
  return { status: n.status, headers, cookies: [], body: await renderTemplate(ctx, options.templates, request.renderView, options.onError) };
}
