/**
 * `promptFrom` and `signInFailedPath`: the two pieces an app's login route and a library's failure option
 * need, so that re-prompts really reach the provider and failures the library answers itself are counted.
 * @module
 */
import { deepFreeze } from '../catalog/freeze.js';
import { CALLBACK_CODE } from '../catalog/codes.js';
import { continuationLocation } from '../core/callback/continuation.js';
import { DEFAULT_CALLBACK_PATH } from '../core/options/paths.js';

/** The prompts this package re-prompts with, and the only ones `promptFrom` forwards. */
export const FORWARDED_PROMPTS = deepFreeze(['login', 'consent', 'select_account'] as const);

/** A prompt `promptFrom` forwards. */
export type ForwardedPrompt = (typeof FORWARDED_PROMPTS)[number];

/**
 * The `prompt` the login route was asked for (`/login?prompt=login`, as this package's re-prompts ask),
 * when it is one of `login`, `consent`, `select_account`; otherwise `undefined`, which the caller leaves
 * out (express-openid-connect and openid-client send `prompt: undefined` as the text "undefined").
 * Reads Express's `req` and Koa's `ctx` (their raw URL; never a parsed query that could be an array).
 *
 * @example
 * ```ts
 * app.get('/login', (req, res) => {
 *   const prompt = promptFrom(req);
 *   res.oidc.login({ returnTo: '/', authorizationParams: prompt ? { prompt } : {} });
 * });
 * ```
 */
export function promptFrom(req: unknown): ForwardedPrompt | undefined {
  if (typeof req !== 'object' || req === null) return undefined;
  const { originalUrl, url } = req as { originalUrl?: unknown; url?: unknown };
  const raw = typeof originalUrl === 'string' ? originalUrl : typeof url === 'string' ? url : '';
  // The query ends at a fragment, and a "?" inside the fragment is not a query.
  const hash = raw.indexOf('#');
  const target = hash === -1 ? raw : raw.slice(0, hash);
  const q = target.indexOf('?');
  if (q === -1) return undefined;
  const values = new URLSearchParams(target.slice(q + 1)).getAll('prompt');
  return values.length === 1 && (FORWARDED_PROMPTS as readonly string[]).includes(values[0]!) ? (values[0] as ForwardedPrompt) : undefined;
}

/**
 * Where a sign-in library that answers a failed callback itself (passport's `fail()`) should send the
 * browser: a GET to the callback path that `oktaErrorHandler` answers with one automatic restart of sign-in,
 * counted by the loop guard (or home, for a user already signed in), then the "no longer valid" page.
 * Point `failureRedirect` (passport-openidconnect) or `routes.loginCallback.failureRedirect`
 * (@okta/oidc-middleware) at it.
 *
 * @example
 * ```ts
 * app.get('/authorization-code/callback', passport.authenticate('openidconnect', { failureRedirect: signInFailedPath() }));
 * ```
 */
export function signInFailedPath(callbackPath: string = DEFAULT_CALLBACK_PATH): string {
  const location = continuationLocation(callbackPath, 'restart', CALLBACK_CODE.sign_in_failed, 'library_failure');
  if (location === undefined) throw new TypeError(`okta-error-handler: signInFailedPath(${JSON.stringify(callbackPath)}) needs a same-origin callback path such as "/authorization-code/callback".`);
  return location;
}
