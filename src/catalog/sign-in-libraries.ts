/**
 * What the sign-in libraries this package sits in front of throw, or answer, when a callback that looked
 * successful cannot be completed: the back button, a replayed link, a transaction cookie or session entry
 * that was lost, two tabs, an expired sign-in. Each row is a shape, matched by duck typing (no library is
 * imported), and the failure it means. Measured against the versions the tests pin:
 * express-openid-connect 3.4, @okta/oidc-middleware 5.5 (openid-client 5 inside), passport-openidconnect
 * 0.1, openid-client 6.
 * @module
 */
import { deepFreeze } from './freeze.js';

/** A sign-in library this package knows. */
export type SignInLibrary = 'express-openid-connect' | '@okta/oidc-middleware' | 'passport-openidconnect' | 'openid-client';

/** Every library, for option checks and documentation. */
export const SIGN_IN_LIBRARIES: readonly SignInLibrary[] = deepFreeze(['express-openid-connect', '@okta/oidc-middleware', 'passport-openidconnect', 'openid-client']);

/**
 * Why a callback could not be completed:
 * - `transaction_missing`: the library has no record of a sign-in in progress (its cookie or session entry
 *   is gone: lost, expired, already used by a replay or by another tab);
 * - `state_mismatch`: the response belongs to another sign-in than the one recorded (another tab);
 * - `code_rejected`: the token endpoint refused the code (`invalid_grant`: already used, or a PKCE verifier
 *   or redirect_uri that does not match);
 * - `library_failure`: the library answered the failure itself and sent the browser to
 *   `signInFailedPath()` (passport's `failureRedirect`), so the kind is not known.
 */
export type SignInFailure = 'transaction_missing' | 'state_mismatch' | 'code_rejected' | 'library_failure';

/** The failure `signInFailedPath()` names: the library answered the callback itself and redirected. */
export const LIBRARY_FAILURE = 'library_failure' satisfies SignInFailure;

/** Every failure kind. */
export const SIGN_IN_FAILURES: readonly SignInFailure[] = deepFreeze(['transaction_missing', 'state_mismatch', 'code_rejected', 'library_failure']);

/** Whether `value` is one of {@link SIGN_IN_FAILURES}. */
export const isSignInFailure = (value: unknown): value is SignInFailure => (SIGN_IN_FAILURES as readonly unknown[]).includes(value);

/** What a thrown value must look like for a row to match it (every field given must match). */
export interface FailureShape {
  /** `err.name`. */
  readonly name?: string;
  /** `err.code` (openid-client 6's `OAUTH_*`, passport-openidconnect's OAuth code). */
  readonly code?: string;
  /** `err.error` (an OAuth code, or express-openid-connect's `unknown_error` / `OAUTH_INVALID_RESPONSE`). */
  readonly error?: string;
  /** `err.status` or `err.statusCode`. */
  readonly status?: number;
  /** `err.message` matches. */
  readonly message?: RegExp;
  /** `err.cause.message` matches (openid-client 6 says which parameter was wrong there). */
  readonly causeMessage?: RegExp;
}

/** One row: a library's failure shape and what it means. */
export interface SignInFailureRow {
  readonly library: SignInLibrary;
  readonly failure: SignInFailure;
  readonly shape: FailureShape;
  /** Where the shape was read: the library's source. */
  readonly source: string;
}

/** The table, tried in order: the first match wins. */
export const SIGN_IN_FAILURE_SHAPES: readonly SignInFailureRow[] = deepFreeze([
  {
    library: 'express-openid-connect',
    failure: 'transaction_missing',
    shape: { name: 'BadRequestError', status: 400, error: 'unknown_error', message: /^"[^"]{1,256}" cookie not found/ },
    source: 'lib/context.js: createError(400, …) when getOnce() finds no transaction cookie',
  },
  {
    library: 'express-openid-connect',
    failure: 'state_mismatch',
    shape: { name: 'BadRequestError', status: 400, error: 'OAUTH_INVALID_RESPONSE' },
    source: "lib/context.js: openid-client's ClientError (a state or iss the transaction did not expect), its cause dropped",
  },
  {
    library: 'express-openid-connect',
    failure: 'code_rejected',
    shape: { name: 'BadRequestError', status: 400, error: 'invalid_grant' },
    source: 'lib/context.js: the token endpoint answered invalid_grant',
  },
  {
    library: '@okta/oidc-middleware',
    failure: 'transaction_missing',
    shape: { name: 'Error', message: /^did not find expected authorization request details in session, req\.session\[/ },
    source: "openid-client 5 lib/passport_strategy.js: no req.session['oidc:<issuer>']",
  },
  {
    library: '@okta/oidc-middleware',
    failure: 'state_mismatch',
    shape: { name: 'RPError', message: /^state mismatch, expected / },
    source: 'openid-client 5 lib/client.js: checks.state differs (passed to fail() unless a handler takes it)',
  },
  {
    library: '@okta/oidc-middleware',
    failure: 'code_rejected',
    shape: { name: 'OPError', error: 'invalid_grant' },
    source: 'openid-client 5 lib/client.js: the token endpoint answered invalid_grant',
  },
  {
    library: 'passport-openidconnect',
    failure: 'code_rejected',
    shape: { name: 'TokenError', code: 'invalid_grant' },
    source: 'lib/strategy.js: new TokenError(description, code, uri) from the token endpoint',
  },
  {
    library: 'openid-client',
    failure: 'transaction_missing',
    shape: { code: 'OAUTH_INVALID_RESPONSE', causeMessage: /^(?:response parameter "state" missing|unexpected "state" response parameter encountered)/ },
    source: 'oauth4webapi validateAuthResponse: state expected but absent, or present but none was expected',
  },
  {
    library: 'openid-client',
    failure: 'state_mismatch',
    shape: { code: 'OAUTH_INVALID_RESPONSE', causeMessage: /^unexpected "state" response parameter value/ },
    source: 'oauth4webapi validateAuthResponse: the state is not the expected one',
  },
  {
    library: 'openid-client',
    failure: 'code_rejected',
    shape: { code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' },
    source: 'openid-client authorizationCodeGrant: ResponseBodyError from the token endpoint',
  },
] as const satisfies readonly SignInFailureRow[]);
