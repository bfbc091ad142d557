/**
 * Example relying party (an ordinary web app that signs users in with OpenID
 * Connect, authorization code + PKCE, using openid-client v6).
 *
 * It is deliberately "naive" about authorization-server errors: without an
 * `errorHandler`, a callback carrying `?error=...` (or a stale/replayed
 * callback) ends in a bare 400 "Sign-in failed: <code> <message>" page, which
 * is what most apps do today. Pass `errorHandler: oktaErrorHandler(...)` to see
 * the difference; it is mounted with `app.use()` before the callback route.
 *
 * Works with Express 5 (default) and Express 4 (`express: express4`).
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

import expressDefault from 'express';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import * as client from 'openid-client';

import { escapeHtml, htmlPage } from '../shared/html.js';

export type ExpressFactory = typeof expressDefault;
export type ResponseMode = 'query' | 'form_post';

export interface RelyingPartyOptions {
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
  /** Mounted with `app.use()` BEFORE the callback route, e.g. `oktaErrorHandler(...)`. */
  errorHandler?: RequestHandler;
  /** The express module's default export (e.g. `express4`). Default: express 5. */
  express?: ExpressFactory;
  /** Default `openid profile email`. */
  scope?: string;
  /** Show the `/demo/error/:code` links on the home page (they need the example provider). Default true. */
  demoErrors?: boolean;
  /**
   * Where the urlencoded body parser runs. `true` (default): globally, before
   * `errorHandler`, as most apps do, so `req.body` is parsed when the handler
   * sees a form_post callback. `false`: only on the POST callback route, i.e.
   * after `errorHandler` (which then sees an unparsed body).
   */
  parseBodyBeforeErrorHandler?: boolean;
  /** Shown in the page title. Default "Example app". */
  appName?: string;
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

/** Server-side state of the RP, exposed as `app.locals.rp` for tests. */
export interface RelyingPartyState {
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
  verifyState(req: Request, state: string): boolean;
}

export const TX_COOKIE = 'rp_tx';
export const SESSION_COOKIE = 'rp_session';
export const DEFAULT_CALLBACK_PATH = '/authorization-code/callback';

const PROMPTS = new Set(['login', 'consent', 'select_account', 'none']);
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
const TX_TTL_MS = 10 * 60 * 1000;

export function getRelyingPartyState(app: Express): RelyingPartyState {
  return app.locals.rp as RelyingPartyState;
}

export async function createRelyingPartyApp(opts: RelyingPartyOptions): Promise<Express> {
  const express = opts.express ?? expressDefault;
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

  const app = express();
  app.locals.rp = state;
  app.disable('x-powered-by');
  app.set('etag', false);

  // Same cookie options in Express 4 and 5. SameSite=Lax works for form_post
  // too as long as provider and app are the same *site* (ports don't count),
  // e.g. both on 127.0.0.1 or both on localhost.
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies };

  const urlencoded = express.urlencoded({ extended: false, limit: '32kb' });
  if (opts.parseBodyBeforeErrorHandler !== false) app.use(urlencoded);
  if (opts.errorHandler) app.use(opts.errorHandler);

  const currentUser = (req: Request): UserSession | undefined => {
    const id = readCookie(req, SESSION_COOKIE);
    return id ? state.sessions.get(id) : undefined;
  };

  async function startLogin(
    req: Request,
    res: Response,
    extra: { prompt?: string; demoError?: string; demoErrorDescription?: string } = {},
  ): Promise<void> {
    const prompt = extra.prompt ?? queryParam(req, 'prompt');
    if (prompt !== undefined && !prompt.split(' ').every((p) => PROMPTS.has(p))) {
      sendPage(res, 400, 'Bad request', `<h1>Bad request</h1><p>Unsupported prompt <code>${escapeHtml(prompt)}</code>.</p>`);
      return;
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
    res.cookie(TX_COOKIE, txId, { ...cookieOptions, maxAge: TX_TTL_MS });
    res.redirect(303, authorizationUrl.href);
  }

  app.get('/', (req, res) => {
    sendPage(res, 200, appName, renderHome({ user: currentUser(req), issuer: opts.issuer, callbackPath, demoErrors, appName, defaultResponseMode }));
  });

  app.get('/login', asyncHandler((req, res) => startLogin(req, res)));
  app.get('/login/silent', asyncHandler((req, res) => startLogin(req, res, { prompt: 'none' })));

  app.get('/demo/error/:code', asyncHandler(async (req, res) => {
    const code = String(req.params.code);
    if (!OAUTH_ERROR_CODE.test(code)) {
      sendPage(res, 400, 'Bad request', '<h1>Bad request</h1><p>Not a valid OAuth error code.</p>');
      return;
    }
    const description = queryParam(req, 'description');
    await startLogin(req, res, { demoError: code, ...(description ? { demoErrorDescription: description } : {}) });
  }));

  const handleCallback = asyncHandler(async (req, res) => {
    const txId = readCookie(req, TX_COOKIE);
    const tx = txId ? state.transactions.get(txId) : undefined;
    if (txId) {
      state.transactions.delete(txId); // one-time use, success or not
      res.clearCookie(TX_COOKIE, cookieOptions);
    }

    try {
      const currentUrl = new URL(req.originalUrl, baseUrl);
      // openid-client v6 reads form_post responses from a fetch API Request.
      const input: URL | globalThis.Request = req.method === 'POST'
        ? new globalThis.Request(currentUrl, {
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
      res.cookie(SESSION_COOKIE, sessionId, cookieOptions);
      res.redirect(303, tx?.returnTo ?? '/');
    } catch (err) {
      sendSignInFailed(res, err);
    }
  });

  app.get(callbackPath, handleCallback);
  app.post(callbackPath, urlencoded, handleCallback);

  app.get('/me', (req, res) => {
    const user = currentUser(req);
    if (!user) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    res.json(user.claims);
  });

  const logout = (req: Request, res: Response): void => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? state.sessions.get(id) : undefined;
    if (id) state.sessions.delete(id);
    res.clearCookie(SESSION_COOKIE, cookieOptions);

    const everywhere = queryParam(req, 'everywhere') ?? (typeof req.body?.everywhere === 'string' ? req.body.everywhere : undefined);
    if (everywhere && everywhere !== '0' && session?.idToken && config.serverMetadata().end_session_endpoint) {
      const endSession = client.buildEndSessionUrl(config, {
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${baseUrl}/`,
      });
      res.redirect(303, endSession.href);
      return;
    }
    res.redirect(303, '/');
  };
  app.get('/logout', logout);
  app.post('/logout', logout);

  // Fallback error handler (4 arguments, so Express treats it as one).
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    console.error('[rp] unhandled error:', err);
    sendPage(res, 500, 'Error', `<h1>Internal error</h1><p class="error">${escapeHtml((err as Error)?.message ?? err)}</p>`);
  });

  return app;
}

// ---------------------------------------------------------------------------
// pages

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

function sendSignInFailed(res: Response, err: unknown): void {
  const e = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown; error?: unknown; error_description?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'ERROR';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const cause = e.cause instanceof Error && e.cause.message !== message ? e.cause.message : undefined;
  const oauth = typeof e.error === 'string'
    ? `<p>Authorization server response: <code>error=${escapeHtml(e.error)}</code>${typeof e.error_description === 'string' ? ` <code>error_description=${escapeHtml(e.error_description)}</code>` : ''}</p>`
    : '';
  sendPage(res, 400, 'Sign-in failed', `<h1>Sign-in failed</h1>
<p class="error">Sign-in failed: ${escapeHtml(code)} ${escapeHtml(message)}${cause ? ` (${escapeHtml(cause)})` : ''}</p>
${oauth}
<p><a href="/">Back to the home page</a></p>`);
}

function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status);
  res.set('Content-Type', 'text/html; charset=utf-8');
  res.set('Cache-Control', 'no-store');
  res.send(htmlPage(title, body));
}

// ---------------------------------------------------------------------------
// helpers

/** Express 4 does not forward rejected promises to error handlers; Express 5 does. */
function asyncHandler(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function readCookie(req: Request, name: string): string | undefined {
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
