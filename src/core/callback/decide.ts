/**
 * What to do with a verified (or refused) callback, decided synchronously from the catalog row, the app's
 * overrides and the loop guard: pass it on, redirect (re-prompt, retry, restart, or a continuation), or
 * render a page. {@link respond} turns the decision into a response.
 * @module
 */
import { CALLBACK_CODE } from '../../catalog/codes.js';
import { isSignInFailure, LIBRARY_FAILURE, type SignInFailure } from '../../catalog/sign-in-libraries.js';
import { refineFromDescription, variantRule, type MessageVariant } from '../../catalog/entra.js';
import { actionRule, CALLBACK_ACTIONS, CALLBACK_ERRORS, categoryRule, lookupWireError, UNKNOWN_CALLBACK_ERROR, UNKNOWN_CODE, type CallbackAction, type CallbackCatalogEntry } from '../../catalog/oauth.js';
import type { CallbackErrorEvent } from '../events.js';
import { isNavigation, prefersJson } from '../http/negotiate.js';
import type { ResolvedOptions } from '../options/index.js';
import { describeThrown } from '../text/redact.js';
import { toSameOriginPath, withQuery } from '../text/same-origin-path.js';
import { continuationLocation, readContinuation } from './continuation.js';
import { count, guardCookie, needsProbe, PROBE_SET_COOKIE, readGuard } from './guard.js';
import { CONTINUE_PARAMETER } from './parse.js';
import type { CallbackRequest } from './request.js';
import type { Verified } from './verify.js';
import { isSignedIn } from './signed-in.js';

type Reason = CallbackErrorEvent['reason'];

/**
 * What every decision knows, for the response and the event.
 * @group Pipeline
 */
export interface DecisionFacts {
  /** The code as received (or this library's own): only ever logged, sanitized. */
  readonly code: string;
  /** The code a page or problem may show: the code if the catalog or the app's options name it, else `unknown`. */
  readonly shown: string;
  readonly entry: CallbackCatalogEntry;
  readonly action: CallbackAction;
  readonly reason?: Reason;
  readonly parameter?: string;
  readonly hookError?: string;
  readonly variant?: MessageVariant;
  readonly restartFor?: string;
  /** The sign-in library the verdict or the failure came from. */
  readonly library?: string;
  /** A sign-in library's own text about its failure: for the development page only. */
  readonly libraryText?: string;
  /** Whether the client asked for JSON (problem+json rather than a page). */
  readonly wantsJson: boolean;
}

/**
 * The decision: pass the request on, redirect the browser, or render a page (or problem+json).
 * @group Pipeline
 */
export type Decision =
  | (DecisionFacts & { readonly kind: 'pass' })
  | (DecisionFacts & { readonly kind: 'redirect'; readonly location: string; readonly cookie?: string })
  | (DecisionFacts & {
      readonly kind: 'render';
      readonly status: number;
      /** Message keys, first match wins (before `default`). */
      readonly messageKeys: readonly (string | undefined)[];
      /** Where the page's button goes, and where "try again" goes. */
      readonly actionHref: string;
      readonly loginHref: string;
    });

function chooseAction<Req>(code: string, entry: CallbackCatalogEntry, request: CallbackRequest<Req>, options: ResolvedOptions<Req>, navigation: boolean, description: string | undefined): { action: CallbackAction; hookError?: string } {
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

/** The login route for `code`, from the app's `loginUrl` when it gives a same-origin path, else `loginPath`. */
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
 * A sign-in library's failure on a callback that looked successful (recognised by `oktaApiErrorHandler`):
 * what it means, which library, and its own text.
 */
export interface LibraryFailure {
  readonly library: string;
  readonly failure: SignInFailure;
  readonly text?: string;
}

/** The library a `stateFrom` verifier reads (it says so in its `library` property). */
function libraryOf(verifyState: unknown): { library?: string } {
  const library = typeof verifyState === 'function' ? (verifyState as { library?: unknown }).library : undefined;
  return typeof library === 'string' ? { library } : {};
}

/** The code, its row and its action: from the refusal, the failure, the continuation, or the provider's `error`. */
function classify<Req>(request: CallbackRequest<Req>, verified: Verified, options: ResolvedOptions<Req>, navigation: boolean, failure: LibraryFailure | undefined): Omit<DecisionFacts, 'shown' | 'wantsJson'> {
  if ('rejection' in verified) return { ...verified.rejection, entry: CALLBACK_ERRORS[verified.rejection.code], action: 'render' };
  if (failure) {
    return { code: CALLBACK_CODE.sign_in_failed, entry: CALLBACK_ERRORS.sign_in_failed, action: 'restart', reason: failure.failure, restartFor: failure.failure, library: failure.library, ...(failure.text !== undefined && { libraryText: failure.text }) };
  }
  const params = request.parsed.ok ? request.parsed.params : undefined;
  // Stryker disable next-line OptionalChaining: equivalent, a callback that did not parse is always a refusal (verify), answered above
  if (params?.continued) {
    const continued = readContinuation(params.continued, options.appCodes);
    // A failure the library redirected with (signInFailedPath): named after the library stateFrom reads.
    if (continued && isSignInFailure(continued.restartFor)) return { ...continued, reason: continued.restartFor, ...libraryOf(options.verifyState) };
    if (continued) return continued;
    return { code: CALLBACK_CODE.malformed_callback, entry: CALLBACK_ERRORS.malformed_callback, action: 'render', reason: 'invalid_error_code', parameter: CONTINUE_PARAMETER };
  }
  const code = params!.error;
  const entry = lookupWireError(code);
  const description = params!.error_description;
  const variant = categoryRule(entry.category).refine ? refineFromDescription(description) : undefined;
  const { library, pass } = verified.accepted;
  // The app's verifyState may leave a response to the app's own route (a library's silent sign-in).
  const chosen = pass ? { action: 'pass' as const } : chooseAction(code, entry, request, options, navigation, description);
  return { code, entry, ...chosen, ...(variant && { variant }), ...(library && { library }) };
}

/**
 * Decides, synchronously, what to do with a callback once {@link verify} has spoken. Calls the app's
 * `actions` and `loginUrl` hooks (never letting them throw) and reads the loop guard.
 *
 * - `pass` (an app's override): the app's own route handles the request.
 * - a redirecting action (re-prompt, retry, restart) on a top-level navigation within the guard's
 *   budget: a 303 to the login route, counted in the guard cookie. On a cross-site POST over plain http,
 *   which cannot bring that cookie (`SameSite=Lax`), a 303 to the continuation instead, where it comes
 *   along. A `HEAD` is answered like the GET, without spending the budget.
 * - everything else: the page for the code (or, once a redirecting action is used up or not possible,
 *   the page its rule names).
 * @group Pipeline
 */
export function decide<Req>(request: CallbackRequest<Req>, verified: Verified, options: ResolvedOptions<Req>, now: number, failure?: LibraryFailure): Decision {
  const wantsJson = prefersJson(request.hints.accept);
  const navigation = isNavigation(request.hints, wantsJson);
  const classified = classify(request, verified, options, navigation, failure);
  const { code, entry, action } = classified;
  // Only codes of the catalog (or ones the app configured) are shown or used in a problem `type`: the
  // provider's, or an attacker's, `error=SECURITY_ALERT:Call_…` is shown as `unknown`.
  const shown = entry !== UNKNOWN_CALLBACK_ERROR || options.appCodes.has(code) ? code : UNKNOWN_CODE;
  const facts: DecisionFacts = { ...classified, shown, wantsJson };
  if (action === 'pass') return { ...facts, kind: 'pass' };

  // Only re-prompting rows carry a prompt: the redirect and, past the guard, the button use it.
  const target = loginTarget(request, options, code, entry.prompt);
  let hookError = facts.hookError ?? target.hookError;
  let reason = facts.reason;
  const rule = actionRule(action);
  const counter = rule.counter;
  // A stale callback of a user who is signed in (a replay after success, the second tab): home, not sign-in.
  if (action === 'restart' && navigation) {
    const signedIn = isSignedIn(request.req, options.isSignedIn);
    // A hook that threw says "not signed in"; what it threw is reported with whatever is done instead.
    hookError ??= signedIn.hookError;
    if (signedIn.yes) return { ...facts, hookError, kind: 'redirect', reason: 'already_signed_in', location: options.homePath };
  }
  if (counter) {
    const guard = readGuard(request.cookie, now, options.limits.windowSeconds);
    const { transport } = request;
    const continued = request.parsed.ok && request.parsed.params.continued !== undefined;
    // signInFailedPath(): a sign-in library's redirect, the one continuation that is not ours.
    const fromLibrary = continued && facts.restartFor === LIBRARY_FAILURE;
    if (!navigation) reason = 'not_navigation';
    // The continuation came without the probe its redirect set: this browser keeps no cookie of ours,
    // and nothing could count its redirects.
    else if (continued && !guard.sent && !fromLibrary) reason = 'guard_cookie_missing';
    else if (guard[counter] >= options.limits[counter]) reason = 'limit_reached';
    // A library's redirect proves nothing about our cookies: without any cookie, it is probed first.
    else if (needsProbe(guard, request, fromLibrary)) {
      // Only a code this library can name is carried.
      const detail = action === 'restart' ? (fromLibrary ? undefined : facts.restartFor) : facts.variant;
      // Stryker disable next-line ConditionalExpression: defence in depth, a redirecting action only comes from a catalog row or the app's options, whose codes are always shown
      const location = shown === code ? continuationLocation(request.originalPath ?? request.path, action, code, detail) : undefined;
      if (location === undefined) reason = 'guard_cookie_missing';
      else return { ...facts, hookError, kind: 'redirect', reason: request.method === 'POST' ? 'form_post_bounce' : 'cookie_probe', location, cookie: PROBE_SET_COOKIE };
    } else if (request.method === 'HEAD') {
      return { ...facts, hookError, kind: 'redirect', reason: 'head_request', location: target.href };
    } else {
      return { ...facts, hookError, kind: 'redirect', location: target.href, cookie: guardCookie(count(guard, counter), now, options.limits.windowSeconds, transport.https) };
    }
  }

  // Buttons re-authenticate: "sign in with a different account" must show the provider's login form.
  const variantPrompt = facts.variant === undefined ? undefined : variantRule(facts.variant).prompt;
  const actionHref = variantPrompt === undefined ? target.href : loginTarget(request, options, code, variantPrompt).href;
  return {
    ...facts,
    hookError,
    reason,
    kind: 'render',
    // The code's own status, unless the action's rule says otherwise (a retry that gave up is a 503).
    status: rule.status ?? entry.status,
    messageKeys: [reason === 'limit_reached' ? rule.exhausted : undefined, facts.variant, shown, categoryRule(entry.category).message],
    actionHref,
    loginHref: target.href,
  };
}
