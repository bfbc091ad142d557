/**
 * The paths both handlers need: the callback path(s), matched as the app's router matches them, and the
 * login path, checked once to be safe for a `Location` header.
 * @module
 */
import { toSameOriginPath } from '../text/same-origin-path.js';
import { assertOption, stringList } from './checks.js';

/**
 * Okta's default sign-in redirect path for web apps.
 * @group Options
 */
export const DEFAULT_CALLBACK_PATH = '/authorization-code/callback';

/**
 * The callback paths (trailing slash removed), as written and lower-cased.
 * @group Options
 */
export interface CallbackPaths extends Iterable<string> {
  readonly exact: ReadonlySet<string>;
  readonly lower: ReadonlySet<string>;
}

const stripTrailingSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** Checks the `callbackPath` option. */
export function resolveCallbackPaths(value: unknown): CallbackPaths {
  const paths = stringList(value ?? DEFAULT_CALLBACK_PATH, 'callbackPath', (s) => s.startsWith('/') && !s.includes('?'), 'a path starting with "/" (no query)');
  const exact = new Set(paths.map(stripTrailingSlash));
  return Object.freeze({ exact, lower: new Set([...exact].map((p) => p.toLowerCase())), [Symbol.iterator]: () => exact.values() });
}

/** Checks a same-origin path option and returns it ready for a `Location` header. */
export function resolveSameOriginPath(value: unknown, option: string, fallback: string): string {
  const path = toSameOriginPath(value ?? fallback);
  assertOption(path !== undefined, option, value, `a same-origin path such as "${fallback}" (not "//host" or a URL)`);
  return path!;
}

/** Checks the `loginPath` option (default `/login`). */
export const resolveLoginPath = (value: unknown): string => resolveSameOriginPath(value, 'loginPath', '/login');

/**
 * Whether `path` (as the framework sees it) is one of the callback paths, as the app's router would match
 * it: a trailing slash tolerated, and letters compared case-insensitively (Express's and @koa/router's
 * default) unless `caseSensitive`. Like those routers, percent-encoded characters are not decoded.
 * @group Options
 */
export function isCallbackPath(paths: CallbackPaths, path: string, caseSensitive = false): boolean {
  if (paths.exact.has(path)) return true;
  const candidate = stripTrailingSlash(path);
  return paths.exact.has(candidate) || (!caseSensitive && paths.lower.has(candidate.toLowerCase()));
}
