/**
 * Continuations: a GET to the callback path that this library redirects a browser to, so that the loop
 * guard is read where its cookie comes along (a cross-site form_post over plain http cannot carry it).
 * The URL carries only names of this library's own vocabularies: `oeh_continue=<action>:<code>[:<detail>]`.
 * @module
 */
import { isMessageVariant, type MessageVariant } from '../../catalog/entra.js';
import { actionRule, CALLBACK_ACTIONS, lookupCallbackError, UNKNOWN_CALLBACK_ERROR, type CallbackAction, type CallbackCatalogEntry } from '../../catalog/oauth.js';
import { restartsSignIn } from '../../catalog/oauth-token.js';
import { isSignInFailure } from '../../catalog/sign-in-libraries.js';
import { toSameOriginPath, withQuery } from '../text/same-origin-path.js';
import { CONTINUE_PARAMETER, type CallbackParams } from './parse.js';

/** The decision a continuation carries. */
export interface Continued {
  readonly code: string;
  readonly entry: CallbackCatalogEntry;
  readonly action: CallbackAction;
  readonly variant?: MessageVariant;
  /** For a restart: the upstream code or the library failure that called for it. */
  readonly restartFor?: string;
}

/**
 * The decision `c` carries, or `undefined` when it does not name a redirecting action, a code of the
 * catalog (or of the app's options, `appCodes`) and, as detail, a message variant or a restart's code.
 */
export function readContinuation(c: NonNullable<CallbackParams['continued']>, appCodes: ReadonlySet<string>): Continued | undefined {
  const action = c.action as CallbackAction;
  if (!Object.hasOwn(CALLBACK_ACTIONS, action) || actionRule(action).counter === undefined) return undefined;
  const entry = lookupCallbackError(c.code);
  if (entry === UNKNOWN_CALLBACK_ERROR && !appCodes.has(c.code)) return undefined;
  if (action === 'restart') {
    if (entry.action !== 'restart' || (c.detail !== undefined && !restartsSignIn(c.detail) && !isSignInFailure(c.detail))) return undefined;
    return { code: c.code, entry, action, ...(c.detail !== undefined && { restartFor: c.detail }) };
  }
  if (c.detail !== undefined && !isMessageVariant(c.detail)) return undefined;
  return { code: c.code, entry, action, ...(c.detail !== undefined && { variant: c.detail }) };
}

/** The continuation of a decision on the callback path `path`, or `undefined` when `path` is not a safe one. */
export function continuationLocation(path: string, action: CallbackAction, code: string, detail?: string): string | undefined {
  const base = toSameOriginPath(path);
  if (base === undefined || base.includes('?')) return undefined;
  return withQuery(base, { [CONTINUE_PARAMETER]: detail === undefined ? `${action}:${code}` : `${action}:${code}:${detail}` });
}
