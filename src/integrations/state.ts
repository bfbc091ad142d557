/**
 * `stateFrom`: a `verifyState` that reads where a sign-in library keeps its transaction, so that a forged
 * or stale `?error=…&state=…` is refused before it is shown as genuine. Works from Express (`req`) and Koa
 * (`ctx`) alike: it reads the Cookie header and the session (`req.session`, `ctx.session`).
 * @module
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { SignInLibrary } from '../catalog/sign-in-libraries.js';
import { CALLBACK_CODE } from '../catalog/codes.js';
import { isObject, own, type Obj } from '../core/objects.js';
import { assertOption, isRecord, rejectUnknownKeys } from '../core/options/checks.js';
import type { VerifyStateResult } from '../core/options/index.js';

/** A `verifyState`, as `stateFrom` makes it; `library` names the sign-in library it reads, if one. */
export type StateVerifier = ((req: unknown, state: string | undefined, info?: { readonly error: string }) => VerifyStateResult) & { readonly library?: string };

/** Options of `stateFrom(library, options)`. */
export interface StateFromOptions {
  /**
   * express-openid-connect: its `secret`, to check the transaction cookie's signature too (recommended).
   * A string, a Buffer, or several (the library verifies with any of them).
   */
  readonly secret?: string | Buffer | readonly (string | Buffer)[];
  /** express-openid-connect: `transactionCookie.name` when not `auth_verification`. */
  readonly cookieName?: string;
  /** @okta/oidc-middleware, passport-openidconnect: the issuer (the session key is derived from it). */
  readonly issuer?: string;
  /** @okta/oidc-middleware (`sessionKey`), passport-openidconnect (`sessionKey`): the key when not derived. */
  readonly sessionKey?: string;
}

/** Options of `stateFrom({ session })`: an app's own route. */
export interface SessionStateOptions {
  /** Dotted path in the session of the state (or, with `pkceOnly`, of the PKCE verifier): `oidc.state`. */
  readonly session: string;
  /**
   * The transaction has no state (openid-client's README pattern, PKCE only): a response without `state` is
   * accepted when the session holds a sign-in in progress at `session` (one with a `state` is not: the app
   * sent none). Use with `requireState: false`.
   */
  readonly pkceOnly?: boolean;
}


/** The request's Cookie header, from Express's `req` or Koa's `ctx`. */
function cookieHeader(req: unknown): string | undefined {
  const headers = isObject(req) ? req.headers : undefined;
  const value = isObject(headers) ? headers.cookie : undefined;
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join('; ') : undefined;
}

/** The request's session (express-session's `req.session`, koa-session's `ctx.session`). */
function sessionOf(req: unknown): Obj | undefined {
  const session = isObject(req) ? req.session : undefined;
  return isObject(session) ? session : undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** base64url of express-openid-connect's JWS header, `{"alg":"HS256","b64":false,"crit":["b64"]}` (RFC 7797). */
const EOC_JWS_HEADER = 'eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19';

/** Whether `signature` is express-openid-connect's signature of `json` in cookie `name`, under any of `secrets`. */
function signedByEoc(name: string, json: string, signature: string, secrets: readonly (string | Buffer)[]): boolean {
  return secrets.some((secret) => {
    const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'JWS Cookie Signing', 32));
    return equal(createHmac('sha256', key).update(`${EOC_JWS_HEADER}.${name}=${json}`).digest('base64url'), signature);
  });
}

const isSecret = (v: unknown): boolean => (typeof v === 'string' && v !== '') || (Buffer.isBuffer(v) && v.length > 0);

function decodeJson(text: string): Obj | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** express-openid-connect 3: the `auth_verification` cookie (or its SameSite fallback `_auth_verification`). */
function expressOpenidConnect(options: StateFromOptions): StateVerifier {
  const name = options.cookieName ?? 'auth_verification';
  const secrets = options.secret === undefined ? undefined : ([] as (string | Buffer)[]).concat(options.secret as never);
  const library = 'express-openid-connect';
  return (req, state, info) => {
    const header = cookieHeader(req);
    for (const cookieName of [name, `_${name}`]) {
      const value = cookie(header, cookieName);
      if (value === undefined) continue;
      const dot = value.indexOf('.');
      const json = dot === -1 ? value : value.slice(0, dot);
      if (secrets && (dot === -1 || !signedByEoc(cookieName, json, value.slice(dot + 1).split('.')[0]!, secrets))) continue;
      const transaction = decodeJson(json);
      if (!transaction || typeof transaction.state !== 'string') continue;
      if (state === undefined || !equal(transaction.state, state)) return { ok: false, reason: 'state_mismatch', library };
      // Its own silent sign-in (attemptSilentLogin) expects login_required and leaves the user signed out.
      const decoded = decodeJson(Buffer.from(state, 'base64url').toString('utf8'));
      if (decoded?.attemptingSilentLogin === true && info?.error === CALLBACK_CODE.login_required) return { ok: true, action: 'pass', library };
      return { ok: true, library };
    }
    return { ok: false, reason: 'transaction_missing', library };
  };
}

/** A state kept in the session at `key` (and, below it, at `field`). */
function sessionState(library: SignInLibrary | undefined, key: string, read: (entry: unknown) => unknown): StateVerifier {
  return (req, state) => {
    const entry = own(sessionOf(req), key);
    const expected = read(entry);
    const named = library === undefined ? {} : { library };
    if (typeof expected !== 'string' || expected === '') return { ok: false, reason: 'transaction_missing', ...named };
    return state !== undefined && equal(expected, state) ? { ok: true, ...named } : { ok: false, reason: 'state_mismatch', ...named };
  };
}

/** The issuer as a URL (the session key is derived from it). */
function issuerOption(options: StateFromOptions, library: string): URL {
  let url: URL | undefined;
  try {
    url = typeof options.issuer === 'string' && /^https?:\/\/[^\s/]+/.test(options.issuer) ? new URL(options.issuer) : undefined;
  } catch {
    url = undefined;
  }
  assertOption(url !== undefined, 'issuer', options.issuer, `the issuer URL ${library} was given (or the "sessionKey" it uses)`);
  return url!;
}

/** The session key: `sessionKey` when given (a non-empty string), else derived from the issuer. */
function sessionKeyOption(options: StateFromOptions, library: string, derive: (issuer: URL) => string): string {
  if (options.sessionKey === undefined) return derive(issuerOption(options, library));
  assertOption(typeof options.sessionKey === 'string' && options.sessionKey !== '', 'stateFrom.sessionKey', options.sessionKey, `the "sessionKey" given to ${library}: a non-empty string`);
  return options.sessionKey;
}

const KNOWN_LIBRARIES = ['express-openid-connect', '@okta/oidc-middleware', 'passport-openidconnect'] as const;

/**
 * A `verifyState` that reads the sign-in library's own transaction. A missing transaction is a rejection
 * with reason `transaction_missing`, another state `state_mismatch`.
 *
 * - `'express-openid-connect'`: the `auth_verification` cookie (and `_auth_verification`), whose value is
 *   `<JSON>.<signature>`; give `{ secret }` (the library's) to check the signature too. Its `state` carries no
 *   randomness (it is base64url of `{ returnTo }`; the library's defence is the cookie and PKCE), so this
 *   proves that a sign-in is in progress in this browser, like `pkceOnly`. Its own silent sign-in
 *   (`attemptSilentLogin()`) is left to it: `login_required` for such a state passes to the library.
 * - `'@okta/oidc-middleware'` with `{ issuer }`: `req.session['oidc:' + issuer].state` (mount after the session).
 * - `'passport-openidconnect'` with `{ issuer }`: `req.session['openidconnect:' + host].state.handle`.
 * - `{ session: 'oidc.state' }`: a session path of the app's own route; with `pkceOnly: true`, the path of
 *   the PKCE verifier, for a sign-in without state (with `requireState: false`).
 *
 * @example
 * ```ts
 * app.use(oktaErrorHandler({ verifyState: stateFrom('express-openid-connect', { secret: process.env.SECRET }) }));
 * ```
 */
export function stateFrom(library: 'express-openid-connect' | '@okta/oidc-middleware' | 'passport-openidconnect', options?: StateFromOptions): StateVerifier;
export function stateFrom(options: SessionStateOptions): StateVerifier;
export function stateFrom(library: unknown, options: unknown = {}): StateVerifier {
  const verifier = makeVerifier(library, options);
  // The interceptor names the library in events about failures it redirected with (signInFailedPath).
  if (typeof library === 'string') Object.defineProperty(verifier, 'library', { value: library, enumerable: true });
  return verifier;
}

function makeVerifier(library: unknown, options: unknown): StateVerifier {
  if (isRecord(library)) {
    rejectUnknownKeys(library, ['session', 'pkceOnly'], 'stateFrom.');
    const { session, pkceOnly } = library as Partial<SessionStateOptions>;
    assertOption(typeof session === 'string' && /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/.test(session), 'stateFrom.session', session, 'a dotted session path such as "oidc.state"');
    assertOption(pkceOnly === undefined || typeof pkceOnly === 'boolean', 'stateFrom.pkceOnly', pkceOnly, 'a boolean');
    const [first, ...rest] = session!.split('.');
    const at = (entry: unknown) => rest.reduce<unknown>(own, entry);
    if (!pkceOnly) return sessionState(undefined, first!, at);
    return (req, state) => {
      const verifier = at(own(sessionOf(req), first!));
      if (typeof verifier !== 'string' || verifier === '') return { ok: false, reason: 'transaction_missing' };
      // The app sends no state: a response that carries one answers some other request.
      return state === undefined ? { ok: true } : { ok: false, reason: 'state_mismatch' };
    };
  }
  assertOption(KNOWN_LIBRARIES.includes(library as never), 'stateFrom(library)', library, `one of ${KNOWN_LIBRARIES.map((l) => `"${l}"`).join(', ')}, or { session: "path" }`);
  assertOption(isRecord(options), 'stateFrom(library, options)', options, 'an object');
  const o = options as StateFromOptions;
  switch (library as (typeof KNOWN_LIBRARIES)[number]) {
    case 'express-openid-connect':
      rejectUnknownKeys(o, ['secret', 'cookieName'], 'stateFrom.');
      assertOption(o.secret === undefined || isSecret(o.secret) || (Array.isArray(o.secret) && o.secret.every(isSecret)), 'stateFrom.secret', '(hidden)', 'the library\'s secret: a string, a Buffer or an array of them');
      // A cookie name is an RFC 6265 token (express-openid-connect sets it as given).
      assertOption(o.cookieName === undefined || (typeof o.cookieName === 'string' && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/.test(o.cookieName)), 'stateFrom.cookieName', o.cookieName, 'the transactionCookie.name given to express-openid-connect (a cookie name)');
      return expressOpenidConnect(o);
    case '@okta/oidc-middleware': {
      rejectUnknownKeys(o, ['issuer', 'sessionKey'], 'stateFrom.');
      const key = sessionKeyOption(o, library as string, () => `oidc:${o.issuer!}`);
      return sessionState('@okta/oidc-middleware', key, (entry) => (isObject(entry) ? entry.state : undefined));
    }
    case 'passport-openidconnect': {
      rejectUnknownKeys(o, ['issuer', 'sessionKey'], 'stateFrom.');
      // The library derives it with url.parse(issuer).hostname, which has no brackets around an IPv6 address.
      // Stryker disable next-line Regex: equivalent, a URL's hostname is bracketed at both ends for IPv6 and has no brackets otherwise
      const key = sessionKeyOption(o, library as string, (url) => `openidconnect:${url.hostname.replace(/^\[(.*)\]$/, '$1')}`);
      return sessionState('passport-openidconnect', key, (entry) => (isObject(entry) && isObject(entry.state) ? entry.state.handle : undefined));
    }
  }
}
