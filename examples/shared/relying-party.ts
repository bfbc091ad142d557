/**
 * The example relying party (an ordinary web app that signs users in with
 * OpenID Connect, authorization code + PKCE, using openid-client v6), without
 * a web framework: discovery, the authorization request, the transaction and
 * session stores, cookies, pages, the code exchange, and the route table.
 *
 * examples/express/app.ts and examples/koa/app.ts only mount `routes`,
 * translate their request into an `RpRequest` and send the `RpResult` back.
 *
 * It is deliberately "naive" about authorization-server errors: without an
 * error handler in front of it, a callback carrying `?error=...` (or a
 * stale/replayed callback) ends in a bare 400 "Sign-in failed: <code>
 * <message>" page, which is what most apps do today.
 *
 * Routes:
 *   GET  /                     home page with links that trigger each error flow
 *   GET  /login                ?prompt=login|consent|select_account|none &returnTo=/path
 *                              &login_hint=.. &response_mode=query|form_post
 *   GET  /login/silent         same with prompt=none (→ login_required without a provider session)
 *   GET  /demo/error/:code     real authorization request that the example provider answers
 *                              with error=:code (see DEMO_ERROR_PARAM in ../provider/index.ts)
 *   GET  <callbackPath>        authorization response, response_mode=query
 *   POST <callbackPath>        authorization response, response_mode=form_post
 *   GET  /me                   JSON claims of the signed-in user, or 401
 *   GET|POST /logout           local sign-out; ?everywhere=1 also ends the provider session
 */
import { randomBytes } from 'node:crypto';

import * as client from 'openid-client';

import { escapeHtml, htmlPage } from './html.js';

export type ResponseMode = 'query' | 'form_post';

/** What the relying party needs to know, whatever the framework. */
export interface RelyingPartySettings {
  issuer: string;
  clientId: string;
  /** Omit for a public client (token endpoint auth `none`). */
  clientSecret?: string;
  /** The RP's own origin, e.g. `http://127.0.0.1:3000` (used to build redirect_uri). */
  baseUrl: string;
  /** Default `/authorization-code/callback`. */
  callbackPath?: string;
  /** Default response mode for /login (overridable per request with `?response_mode=`). Default `query`. */
  responseMode?: ResponseMode;
  /** Default `openid profile email`. */
  scope?: string;
  /** Show the `/demo/error/:code` links on the home page (they need the example provider). Default true. */
  demoErrors?: boolean;
  /** Shown in the page title. Default "Example app". */
  appName?: string;
}

/** Options of the framework adapters; `Middleware` is the framework's middleware type. */
export interface RelyingPartyAppOptions<Middleware> extends RelyingPartySettings {
  /** Mounted BEFORE the callback route, e.g. `oktaErrorHandler(...)`. */
  errorHandler?: Middleware;
  /**
   * Where the urlencoded body parser runs. `true` (default): globally, before
   * `errorHandler`, as most apps do, so the body is parsed when the handler
   * sees a form_post callback. `false`: only on the POST callback route, i.e.
   * after `errorHandler` (which then sees an unparsed body).
   */
  parseBodyBeforeErrorHandler?: boolean;
}

export interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  responseMode: ResponseMode;
  prompt?: string;
  createdAt: number;
}

export interface UserClaims {
  sub: string;
  name?: string;
  email?: string;
  [claim: string]: unknown;
}

export interface UserSession {
  claims: UserClaims;
  idToken?: string;
  createdAt: number;
}

/** Anything with request headers: an Express `req`, a Koa `ctx`, a Node `IncomingMessage`. */
export interface CookieSource {
  headers: { cookie?: string | undefined };
}

/** Server-side state of the RP, for tests and for `oktaErrorHandler({ verifyState })`. */
export interface RelyingPartyState<Req extends CookieSource = CookieSource> {
  config: client.Configuration;
  redirectUri: string;
  callbackPath: string;
  /** Pending sign-ins, keyed by the `rp_tx` cookie value. */
  transactions: Map<string, Transaction>;
  /** Signed-in users, keyed by the `rp_session` cookie value. */
  sessions: Map<string, UserSession>;
  /**
   * Whether `state` belongs to this browser's pending sign-in (the `rp_tx`
   * cookie). Suitable for `oktaErrorHandler({ verifyState })`.
   */
  verifyState(req: Req, state: string): boolean;
}

/** A request, as the framework adapters hand it over. */
export interface RpRequest extends CookieSource {
  method: string;
  /** The request target as received (path and query): Express `req.originalUrl`, Koa `ctx.originalUrl`. */
  url: string;
  /** The parsed query string (`req.query`, `ctx.query`); only single string values are used. */
  query: Record<string, unknown>;
  /** Decoded route parameters (`:code`). */
  params: Record<string, unknown>;
  /** The parsed urlencoded body, when a body parser ran. */
  body?: unknown;
}

/** What to send back. `cookies` are complete `Set-Cookie` values, in order. */
export type RpResult =
  | { type: 'redirect'; location: string; cookies: string[] } // always a 303
  | { type: 'html'; status: number; body: string; cookies: string[] } // a whole document, sent with `Cache-Control: no-store`
  | { type: 'json'; status: number; body: unknown; cookies: string[] };

export interface Route {
  method: 'GET' | 'POST';
  /** Express-style path: `:name` matches one segment. */
  path: string;
  /** The handler reads an urlencoded body: adapters run their body parser here when none ran yet. */
  form?: true;
  handle(req: RpRequest): Promise<RpResult>;
}

export interface RelyingParty {
  state: RelyingPartyState;
  routes: readonly Route[];
  /** The route for a request (HEAD uses GET routes), with its decoded parameters. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined;
  /** The 500 page for an error no route handled (logged to stderr). */
  internalError(err: unknown): RpResult;
}

export const TX_COOKIE = 'rp_tx';
export const SESSION_COOKIE = 'rp_session';
export const DEFAULT_CALLBACK_PATH = '/authorization-code/callback';

const PROMPTS = new Set(['login', 'consent', 'select_account', 'none']);
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
const TX_TTL_MS = 10 * 60 * 1000;

export async function createRelyingParty(opts: RelyingPartySettings): Promise<RelyingParty> {
  const baseUrl = new URL(opts.baseUrl).origin;
  const callbackPath = opts.callbackPath ?? DEFAULT_CALLBACK_PATH;
  const redirectUri = new URL(callbackPath, baseUrl).href;
  const scope = opts.scope ?? 'openid profile email';
  const defaultResponseMode: ResponseMode = opts.responseMode ?? 'query';
  const demoErrors = opts.demoErrors ?? true;
  const appName = opts.appName ?? 'Example app';
  const secureCookies = baseUrl.startsWith('https:');

  const issuerUrl = new URL(opts.issuer);
  const config = await client.discovery(
    issuerUrl,
    opts.clientId,
    opts.clientSecret,
    opts.clientSecret ? undefined : client.None(),
    issuerUrl.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
  );

  const state: RelyingPartyState = {
    config,
    redirectUri,
    callbackPath,
    transactions: new Map(),
    sessions: new Map(),
    verifyState(req, candidate) {
      const id = readCookie(req, TX_COOKIE);
      const tx = id ? state.transactions.get(id) : undefined;
      return tx !== undefined && tx.createdAt > Date.now() - TX_TTL_MS && tx.state === candidate;
    },
  };

  // SameSite=Lax works for form_post too as long as provider and app are the
  // same *site* (ports don't count), e.g. both on 127.0.0.1 or both on localhost.
  const setCookie = (name: string, value: string, maxAgeMs?: number): string =>
    serializeCookie(name, value, { secure: secureCookies, maxAgeMs });
  const clearCookie = (name: string): string =>
    serializeCookie(name, '', { secure: secureCookies, expires: new Date(1) });

  const currentUser = (req: CookieSource): UserSession | undefined => {
    const id = readCookie(req, SESSION_COOKIE);
    return id ? state.sessions.get(id) : undefined;
  };

  async function startLogin(
    req: RpRequest,
    extra: { prompt?: string; demoError?: string; demoErrorDescription?: string } = {},
  ): Promise<RpResult> {
    const prompt = extra.prompt ?? queryParam(req, 'prompt');
    if (prompt !== undefined && !prompt.split(' ').every((p) => PROMPTS.has(p))) {
      return page(400, 'Bad request', `<h1>Bad request</h1><p>Unsupported prompt <code>${escapeHtml(prompt)}</code>.</p>`);
    }
    const modeParam = queryParam(req, 'response_mode');
    const responseMode: ResponseMode = modeParam === 'form_post' || modeParam === 'query' ? modeParam : defaultResponseMode;
    const loginHint = queryParam(req, 'login_hint');

    const codeVerifier = client.randomPKCECodeVerifier();
    const tx: Transaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      returnTo: safeReturnTo(queryParam(req, 'returnTo'), baseUrl),
      responseMode,
      ...(prompt !== undefined ? { prompt } : {}),
      createdAt: Date.now(),
    };

    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope,
      state: tx.state,
      nonce: tx.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    if (responseMode === 'form_post') params.response_mode = 'form_post';
    if (prompt !== undefined) params.prompt = prompt;
    if (loginHint) params.login_hint = loginHint;
    if (extra.demoError) {
      params.demo_error = extra.demoError;
      if (extra.demoErrorDescription) params.demo_error_description = extra.demoErrorDescription;
    }

    const authorizationUrl = client.buildAuthorizationUrl(config, params);

    // One pending sign-in per browser: a new /login replaces the previous one
    // (so an older tab's callback fails the state check, as in real apps).
    const previous = readCookie(req, TX_COOKIE);
    if (previous) state.transactions.delete(previous);
    pruneTransactions(state.transactions);
    const txId = randomId();
    state.transactions.set(txId, tx);
    return redirect(authorizationUrl.href, [setCookie(TX_COOKIE, txId, TX_TTL_MS)]);
  }

  async function demoError(req: RpRequest): Promise<RpResult> {
    const code = String(req.params.code);
    if (!OAUTH_ERROR_CODE.test(code)) {
      return page(400, 'Bad request', '<h1>Bad request</h1><p>Not a valid OAuth error code.</p>');
    }
    const description = queryParam(req, 'description');
    return startLogin(req, { demoError: code, ...(description ? { demoErrorDescription: description } : {}) });
  }

  async function callback(req: RpRequest): Promise<RpResult> {
    const cookies: string[] = [];
    const txId = readCookie(req, TX_COOKIE);
    const tx = txId ? state.transactions.get(txId) : undefined;
    if (txId) {
      state.transactions.delete(txId); // one-time use, success or not
      cookies.push(clearCookie(TX_COOKIE));
    }

    try {
      const currentUrl = new URL(req.url, baseUrl);
      // openid-client v6 reads form_post responses from a fetch API Request.
      const input: URL | Request = req.method === 'POST'
        ? new Request(currentUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: formBody(req.body),
        })
        : currentUrl;

      const tokens = await client.authorizationCodeGrant(config, input, {
        pkceCodeVerifier: tx?.codeVerifier,
        expectedState: tx?.state,
        expectedNonce: tx?.nonce,
        idTokenExpected: true,
      });

      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID Token claims');
      const claims: UserClaims = { sub: idClaims.sub };
      if (typeof idClaims.name === 'string') claims.name = idClaims.name;
      if (typeof idClaims.email === 'string') claims.email = idClaims.email;
      if ((claims.name === undefined || claims.email === undefined) && config.serverMetadata().userinfo_endpoint) {
        try {
          const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          if (claims.name === undefined && typeof info.name === 'string') claims.name = info.name;
          if (claims.email === undefined && typeof info.email === 'string') claims.email = info.email;
        } catch {
          // profile details are optional
        }
      }

      const oldSession = readCookie(req, SESSION_COOKIE);
      if (oldSession) state.sessions.delete(oldSession);
      const sessionId = randomId();
      state.sessions.set(sessionId, {
        claims,
        ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
        createdAt: Date.now(),
      });
      cookies.push(setCookie(SESSION_COOKIE, sessionId));
      return redirect(tx?.returnTo ?? '/', cookies);
    } catch (err) {
      return { ...signInFailed(err), cookies };
    }
  }

  async function logout(req: RpRequest): Promise<RpResult> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? state.sessions.get(id) : undefined;
    if (id) state.sessions.delete(id);
    const cookies = [clearCookie(SESSION_COOKIE)];

    const body = req.body as { everywhere?: unknown } | undefined;
    const everywhere = queryParam(req, 'everywhere') ?? (typeof body?.everywhere === 'string' ? body.everywhere : undefined);
    if (everywhere && everywhere !== '0' && session?.idToken && config.serverMetadata().end_session_endpoint) {
      const endSession = client.buildEndSessionUrl(config, {
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${baseUrl}/`,
      });
      return redirect(endSession.href, cookies);
    }
    return redirect('/', cookies);
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      handle: async (req) =>
        page(200, appName, renderHome({ user: currentUser(req), issuer: opts.issuer, callbackPath, demoErrors, appName, defaultResponseMode })),
    },
    { method: 'GET', path: '/login', handle: (req) => startLogin(req) },
    { method: 'GET', path: '/login/silent', handle: (req) => startLogin(req, { prompt: 'none' }) },
    { method: 'GET', path: '/demo/error/:code', handle: demoError },
    { method: 'GET', path: callbackPath, handle: callback },
    { method: 'POST', path: callbackPath, form: true, handle: callback },
    {
      method: 'GET',
      path: '/me',
      handle: async (req) => {
        const user = currentUser(req);
        return user
          ? { type: 'json', status: 200, body: user.claims, cookies: [] }
          : { type: 'json', status: 401, body: { error: 'unauthenticated' }, cookies: [] };
      },
    },
    { method: 'GET', path: '/logout', handle: logout },
    { method: 'POST', path: '/logout', handle: logout },
  ];

  return {
    state,
    routes,
    match: (method, path) => matchRoute(routes, method, path),
    internalError(err) {
      console.error('[rp] unhandled error:', err);
      return page(500, 'Error', `<h1>Internal error</h1><p class="error">${escapeHtml((err as Error)?.message ?? err)}</p>`);
    },
  };
}

// ---------------------------------------------------------------------------
// pages

function page(status: number, title: string, body: string): RpResult {
  return { type: 'html', status, body: htmlPage(title, body), cookies: [] };
}

function redirect(location: string, cookies: string[] = []): RpResult {
  return { type: 'redirect', location, cookies };
}

function renderHome(o: {
  user: UserSession | undefined;
  issuer: string;
  callbackPath: string;
  demoErrors: boolean;
  appName: string;
  defaultResponseMode: ResponseMode;
}): string {
  const who = o.user
    ? `<p>Signed in as <strong>${escapeHtml(o.user.claims.name ?? o.user.claims.sub)}</strong>
${o.user.claims.email ? `&lt;${escapeHtml(o.user.claims.email)}&gt;` : ''} (<code>sub=${escapeHtml(o.user.claims.sub)}</code>)</p>
<p><a href="/me">/me</a> &middot; <a href="/logout">Sign out</a> &middot; <a href="/logout?everywhere=1">Sign out of the provider too</a></p>`
    : `<p>Not signed in.</p>`;

  const demo = (code: string, label: string) =>
    `<li><a href="/demo/error/${encodeURIComponent(code)}">${escapeHtml(label)}</a> &rarr; <code>error=${escapeHtml(code)}</code></li>`;

  return `<h1>${escapeHtml(o.appName)}</h1>
${who}
<h2>Sign in</h2>
<ul>
  <li><a href="/login">Sign in</a> (response_mode=${escapeHtml(o.defaultResponseMode)})
    &middot; <a href="/login?response_mode=form_post">with form_post</a>
    &middot; <a href="/login?response_mode=query">with query</a></li>
  <li><a href="/login?prompt=login">Sign in again (prompt=login)</a></li>
</ul>
<h2>Trigger an authorization error</h2>
<ul>
  <li><a href="/login/silent">Silent sign-in</a> (prompt=none) &rarr; <code>error=login_required</code> when you have no session at the provider</li>
  <li><a href="/login?prompt=login">Cancel at the provider</a>: press <em>Cancel</em> on the sign-in page &rarr; <code>error=access_denied</code></li>
  <li><a href="/login?prompt=consent">Deny consent</a>: press <em>Deny consent</em> &rarr; <code>error=access_denied</code></li>
  ${o.demoErrors ? [
    demo('temporarily_unavailable', 'Provider temporarily unavailable'),
    demo('invalid_scope', 'Misconfigured scope'),
    demo('unauthorized_client', 'Client not allowed to use this flow'),
    demo('access_denied', 'User not assigned to the app'),
    demo('consent_required', 'Consent required'),
    demo('interaction_required', 'Interaction required'),
    demo('server_error', 'Provider internal error'),
  ].join('\n  ') : ''}
  <li><a href="${escapeHtml(`${o.callbackPath}?error=access_denied&state=stale&iss=${encodeURIComponent(o.issuer)}`)}">Stale error callback</a>
    (bookmarked or replayed: its <code>state</code> matches no sign-in in progress)</li>
  <li><a href="${escapeHtml(`${o.callbackPath}?code=stale&state=stale&iss=${encodeURIComponent(o.issuer)}`)}">Stale success callback</a>
    (the app's own state check fails)</li>
</ul>
<p class="muted">Provider: <code>${escapeHtml(o.issuer)}</code></p>`;
}

function signInFailed(err: unknown): RpResult {
  const e = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown; error?: unknown; error_description?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'ERROR';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const cause = e.cause instanceof Error && e.cause.message !== message ? e.cause.message : undefined;
  const oauth = typeof e.error === 'string'
    ? `<p>Authorization server response: <code>error=${escapeHtml(e.error)}</code>${typeof e.error_description === 'string' ? ` <code>error_description=${escapeHtml(e.error_description)}</code>` : ''}</p>`
    : '';
  return page(400, 'Sign-in failed', `<h1>Sign-in failed</h1>
<p class="error">Sign-in failed: ${escapeHtml(code)} ${escapeHtml(message)}${cause ? ` (${escapeHtml(cause)})` : ''}</p>
${oauth}
<p><a href="/">Back to the home page</a></p>`);
}

// ---------------------------------------------------------------------------
// helpers

/**
 * The route for `method` and `path`, matched as Express does by default:
 * case-insensitive, an optional trailing slash, `:name` = one non-empty
 * segment (percent-decoded), HEAD served by GET routes.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const got = trimSlash(path).split('/');
  outer: for (const route of routes) {
    if (route.method !== wanted) continue;
    const segments = trimSlash(route.path).split('/');
    if (segments.length !== got.length) continue;
    const params: Record<string, string> = {};
    for (const [i, segment] of segments.entries()) {
      const actual = got[i]!;
      if (segment.startsWith(':')) {
        if (!actual) continue outer;
        params[segment.slice(1)] = decodeParam(actual);
      } else if (segment.toLowerCase() !== actual.toLowerCase()) {
        continue outer;
      }
    }
    return { route, params };
  }
  return undefined;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw Object.assign(new URIError(`Failed to decode param '${value}'`), { status: 400, expose: true });
  }
}

function queryParam(req: RpRequest, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

export function readCookie(req: CookieSource, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== name) continue;
    const raw = part.slice(i + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** A `Set-Cookie` value for the RP's cookies (HttpOnly, SameSite=Lax, Path=/), formatted as Express does. */
function serializeCookie(name: string, value: string, o: { secure: boolean; maxAgeMs?: number | undefined; expires?: Date }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (o.maxAgeMs !== undefined) parts.push(`Max-Age=${Math.floor(o.maxAgeMs / 1000)}`);
  parts.push('Path=/');
  const expires = o.maxAgeMs !== undefined ? new Date(Date.now() + o.maxAgeMs) : o.expires;
  if (expires) parts.push(`Expires=${expires.toUTCString()}`);
  parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  parts.push('SameSite=Lax');
  return parts.join('; ');
}

/** Same-origin relative path only (no `//host`, no `/\host`, no absolute URLs); otherwise `/`. */
export function safeReturnTo(value: string | undefined, baseUrl: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  try {
    const url = new URL(value, baseUrl);
    if (url.origin !== new URL(baseUrl).origin) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

function formBody(body: unknown): URLSearchParams {
  const params = new URLSearchParams();
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') params.append(k, v);
      else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') params.append(k, item);
    }
  }
  return params;
}

function randomId(): string {
  return randomBytes(18).toString('base64url');
}

function pruneTransactions(transactions: Map<string, Transaction>): void {
  const cutoff = Date.now() - TX_TTL_MS;
  for (const [id, tx] of transactions) if (tx.createdAt < cutoff) transactions.delete(id);
}
