/**
 * The upstream handler's HTTP answer: a failed Okta call, normalized, becomes problem+json for API
 * clients, a page for browsers, or a redirect to sign in again when the token endpoint says the
 * authorization code is spent. Framework-free, like the callback pipeline.
 * @module
 */
import { MESSAGES, PAGE_STRINGS, UPSTREAM_MESSAGES, UPSTREAM_NOTIFY, upstreamMessageKey } from '../../catalog/messages.js';
import { htmlResponse, problemResponse, seeOther, type HttpResponse } from '../http/response.js';
import { upstreamTelemetry } from '../../catalog/telemetry.js';
import { emit, eventLabels, eventTime } from '../events.js';
import { count, guardCookie, needsProbe, PROBE_SET_COOKIE, readGuard } from '../callback/guard.js';
import { clientHints, headerValue, isNavigation, prefersHtml } from '../http/negotiate.js';
import { isCallbackPath, type ResolvedOptions } from '../options/index.js';
import { SIGN_IN_FAILED } from '../../catalog/oauth.js';
import { OKTA_API_CATEGORY_DETAIL } from '../../catalog/okta-api.js';
import { restartsSignIn, UPSTREAM_ACTIONS } from '../../catalog/oauth-token.js';
import { continuationLocation } from '../callback/continuation.js';
import { readTransport } from '../http/transport.js';
import { decide } from '../callback/decide.js';
import { recogniseLibraryFailure } from '../callback/library-failure.js';
import type { ParsedCallback } from '../callback/parse.js';
import { callbackRequest } from '../callback/read.js';
import { respond } from '../callback/respond.js';
import { ACCEPTED } from '../callback/verify.js';
import { CALLBACK_CODE } from '../../catalog/codes.js';
import { pathOf, type RequestFacts } from '../http/request.js';
import type { PageContext } from '../render/page.js';
import { problemDetails } from '../http/problem.js';
import { sanitizeText } from '../text/redact.js';
import { renderTemplate, type ViewRenderer } from '../render/templates.js';
import { UpstreamError } from './errors.js';
import { normalizeOktaError, type NormalizedOktaError } from './normalize.js';

/**
 * What an adapter read from the request that failed.
 * @group Pipeline
 */
export type UpstreamRequest<Req = unknown> = RequestFacts<Req>;

const FAILED: ParsedCallback = Object.freeze({ ok: true, params: Object.freeze({ error: CALLBACK_CODE.sign_in_failed }) });

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
  source: 'unrecognised',
});

/**
 * A handled upstream error: what to write, and a compact error to report (Koa's `app.emit('error')`).
 * @group Pipeline
 */
export interface UpstreamOutcome {
  readonly response: HttpResponse;
  /**
   * The failure as an {@link UpstreamError} (the original as `cause`): its message is catalog text
   * only, so a default logger does not print a 5 MB upstream body or a token. Absent for a sign-in
   * library's callback failure: a stale link is the user's situation, not the app's error.
   */
  readonly error?: UpstreamError;
}

/**
 * Answers a failed upstream call. Returns `undefined` for an error it does not recognise (unless
 * `handleAll`), so the adapter hands it on with `next(err)`.
 * @group Pipeline
 */
export async function respondToUpstreamError<Req>(err: unknown, request: UpstreamRequest<Req>, options: ResolvedOptions<Req>): Promise<UpstreamOutcome | undefined> {
  const originalPath = pathOf(request.originalUrl ?? request.url);
  // On the callback path, a sign-in library's own failure is a callback that can no longer complete.
  const onCallback = isCallbackPath(options.callbackPaths, request.path) || isCallbackPath(options.callbackPaths, originalPath);
  const failure = onCallback ? recogniseLibraryFailure(err) : undefined;
  if (failure) {
    const time = new Date();
    const callback = callbackRequest(request, FAILED);
    const decision = decide(callback, ACCEPTED, options, Math.floor(time.getTime() / 1000), failure);
    const response = await respond(decision, callback, options, time);
    return response && { response };
  }
  const normalized = normalizeOktaError(err, options.statusFor ? { statusFor: options.statusFor } : {}) ?? (options.handleAll ? UNRECOGNISED : undefined);
  if (!normalized) return undefined;
  const error = err instanceof UpstreamError ? err : new UpstreamError(normalized, { cause: err });
  return { response: await answer(normalized, request, options, onCallback ? originalPath : undefined), error };
}

/** A redirect that restarts sign-in, with what the event says of it. */
interface Restart {
  readonly location: string;
  readonly cookie?: string;
  readonly reason?: 'head_request' | 'form_post_bounce';
}

/**
 * Whether, and how, a browser is sent back to sign in, counted by the loop guard (its `restarts`). Past
 * the limit the page is shown instead. A cross-site POST over plain http cannot carry the guard cookie
 * (`SameSite=Lax`): it is sent through a GET to the callback path first (`?oeh_continue=restart:…`),
 * which the interceptor answers with the counted restart.
 */
function restartFor<Req>(n: NormalizedOktaError, request: UpstreamRequest<Req>, options: ResolvedOptions<Req>, callbackPath: string | undefined): Restart | 'limit_reached' | 'guard_cookie_missing' {
  const now = Math.floor(Date.now() / 1000);
  const { windowSeconds } = options.limits;
  const guard = readGuard(headerValue(request.headers, 'cookie'), now, windowSeconds);
  if (guard.restarts >= options.limits.restarts) return 'limit_reached';
  const transport = readTransport(request.headers, request.secure === true);
  if (needsProbe(guard, { method: request.method, transport })) {
    // Not on a callback path, there is nowhere to read the cookie: show the page rather than loop.
    const location = callbackPath !== undefined ? continuationLocation(callbackPath, 'restart', SIGN_IN_FAILED, restartsSignIn(n.code) ? n.code : undefined) : undefined;
    if (location === undefined) return 'guard_cookie_missing';
    return { location, cookie: PROBE_SET_COOKIE, reason: 'form_post_bounce' };
  }
  if (request.method === 'HEAD') return { location: options.loginPath, reason: 'head_request' };
  return { location: options.loginPath, cookie: guardCookie(count(guard, 'restarts'), now, windowSeconds, transport.https) };
}

/** `callbackPath`: the request's path as the browser sent it, when it is on the callback path. */
async function answer<Req>(n: NormalizedOktaError, request: UpstreamRequest<Req>, options: ResolvedOptions<Req>, callbackPath: string | undefined): Promise<HttpResponse> {
  const reference = globalThis.crypto.randomUUID();
  const hints = clientHints(request.headers);
  const browser = prefersHtml(hints.accept);
  // Only a browser's page load is sent back to sign in; a script is told, with problem+json.
  const rule = n.action === undefined ? undefined : UPSTREAM_ACTIONS[n.action];
  const wantsRestart = rule?.restarts === true && browser;
  const navigation = wantsRestart && isNavigation(hints);
  const decided = navigation ? restartFor(n, request, options, callbackPath) : undefined;
  const restart = typeof decided === 'object' ? decided : undefined;
  const reason = restart ? restart.reason : typeof decided === 'string' ? decided : wantsRestart ? 'not_navigation' : undefined;
  const labels = eventLabels(upstreamTelemetry(n), 'upstream.error', options.docsUrl);
  emit(options.onError, {
    type: 'upstream.error',
    ...labels,
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
    reason,
    reference,
    method: sanitizeText(request.method, 16),
    path: sanitizeText(request.path, 256),
    time: eventTime(),
  });

  if (restart) return seeOther(restart.location, restart.cookie);
  const headers = { 'retry-after': n.retryAfter === undefined ? undefined : String(n.retryAfter) };
  // Validation causes are for the user to correct their input; a 5xx has nothing the user can fix.
  const causes = n.status < 500 && n.causes.length > 0 ? n.causes : undefined;

  if (!browser) {
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
    return problemResponse(n.status, problem, headers);
  }

  // The page speaks to the user (problem+json keeps the reason phrase and the catalog sentence): by the
  // upstream action when it has one ("Please sign in"), else by what went wrong.
  const key = upstreamMessageKey(n.status, n.category, n.retryable);
  const base = rule ? MESSAGES[rule.button] : UPSTREAM_MESSAGES[key];
  // An http-errors error the app raised with `expose` (its message is meant for the user) keeps it.
  const exposed = n.source === 'http-errors' && n.status < 500 && n.detail !== OKTA_API_CATEGORY_DETAIL[n.category].client;
  const wording = exposed ? { title: base.title, message: n.detail } : base;
  const notice = UPSTREAM_NOTIFY.includes(key) && !rule ? (options.onError ? PAGE_STRINGS.notified : undefined) : n.retryable && n.retryAfter === undefined ? PAGE_STRINGS.tryLater : undefined;
  const ctx: PageContext = {
    code: n.code,
    status: n.status,
    title: wording.title,
    message: wording.message,
    home: { label: PAGE_STRINGS.home, href: options.homePath },
    ...(notice && { notice }),
    loginUrl: options.loginPath,
    retryAfter: n.retryAfter,
    reference,
    requestId: n.requestId,
    causes,
    development: options.development,
    lang: 'en',
    strings: PAGE_STRINGS,
    nonce: request.nonce,
    ...(rule && { action: { label: MESSAGES[rule.button].action, href: options.loginPath } }),
    ...(options.development && {
      docsUrl: labels.docsUrl,
      hint: n.hint,
      details: { code: n.code, upstream_status: n.upstreamStatus?.toString(), summary: n.summary, error_id: n.errorId, category: n.category, source: n.source, error_link: n.errorLink },
    }),
  };
  const renderView: ViewRenderer | undefined = options.renderView ? (view, locals) => options.renderView!(request.req, view, locals) : request.renderView;
  return htmlResponse(n.status, await renderTemplate(ctx, options.templates, renderView, options.onError, options.docsUrl), headers);
}
