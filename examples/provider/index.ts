/**
 * A real, in-process OpenID Provider (panva/oidc-provider v9) for the demo app
 * and the end-to-end tests. Loopback only, in-memory state, no external network.
 *
 * Interaction UI (our own, devInteractions is disabled):
 *   GET  /interaction/:uid            login page ("Sign in" / "Cancel" / "Deny consent" / "Send error")
 *   POST /interaction/:uid/login      sign in AND grant consent in one step (form field `login`)
 *   POST /interaction/:uid/abort      finish the interaction with an OAuth error
 *   GET  /interaction/:uid/abort?error=CODE[&error_description=..]   same, for tests
 *
 * Arbitrary authorization errors without any UI: add `demo_error=CODE` (and
 * optionally `demo_error_description=...`) to the authorization request. The
 * provider validates these registered `extraParams` inside its authorization
 * endpoint and throws the requested error there, so the normal error response
 * path runs: redirect_uri is validated, then the error is delivered to the
 * client with `state` and `iss` in the requested response mode (query 303
 * redirect or form_post page). It works whether or not the End-User has a
 * session with the provider (no interaction is needed).
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import type {
  Adapter,
  AdapterFactory,
  AdapterPayload,
  ClientMetadata,
  Configuration,
  Interaction,
  InteractionResults,
  KoaContextWithOIDC,
  Provider,
} from 'oidc-provider';

import { escapeHtml, htmlPage } from '../shared/html.js';
import { listen } from '../shared/http.js';

export type { ClientMetadata, Configuration, Provider } from 'oidc-provider';

export interface StartProviderOptions {
  /** Port to listen on; 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /**
   * Host name used in the issuer URL when it should differ from the bind
   * address (e.g. bind 127.0.0.1 but advertise `localhost` so that a browser
   * sees the provider and an RP on `localhost` as the same site). Default: `host`.
   */
  issuerHost?: string;
  /** Statically registered clients (oidc-provider client metadata). */
  clients: ClientMetadata[];
  /**
   * Extra oidc-provider configuration, shallow-merged over the defaults
   * (`features` is merged one level deep). Escape hatch for tests.
   */
  config?: Configuration;
  /** Log provider `server_error` events to stderr. Default true. */
  logServerErrors?: boolean;
}

export interface ProviderHandle {
  /** e.g. `http://127.0.0.1:54321` (no trailing slash). */
  issuer: string;
  provider: Provider;
  server: Server;
  close(): Promise<void>;
}

/** Extra authorization request parameters understood by this provider. */
export const DEMO_ERROR_PARAM = 'demo_error';
export const DEMO_ERROR_DESCRIPTION_PARAM = 'demo_error_description';

/** RFC 6749 §4.1.2.1: error = 1*( %x20-21 / %x23-5B / %x5D-7E ) */
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;

export function isValidOAuthErrorCode(code: string): boolean {
  return code.length <= 256 && OAUTH_ERROR_CODE.test(code);
}

/** Claims for any account id: `{ sub, name, email, email_verified }`. */
export function accountClaims(accountId: string): { sub: string; name: string; email: string; email_verified: boolean } {
  const local = accountId.includes('@') ? accountId.slice(0, accountId.indexOf('@')) : accountId;
  return {
    sub: accountId,
    name: local.charAt(0).toUpperCase() + local.slice(1),
    email: accountId.includes('@') ? accountId : `${accountId}@example.com`,
    email_verified: true,
  };
}

// ---------------------------------------------------------------------------
// module loading, keys, storage

type OidcProviderModule = typeof import('oidc-provider');
let modulePromise: Promise<OidcProviderModule> | undefined;

/**
 * oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS" when it
 * is *imported* on Node 20 (it still works fine there). Import it lazily and
 * drop exactly that line so test and demo output stays readable.
 */
function loadOidcProvider(): Promise<OidcProviderModule> {
  modulePromise ??= (async () => {
    const original = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
      original.apply(console, args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = original;
    }
  })();
  return modulePromise;
}

let signingKeyPromise: Promise<Record<string, unknown>> | undefined;

/** One RS256 signing key per process (avoids oidc-provider's shared dev keys + warning). */
function getSigningKey(): Promise<Record<string, unknown>> {
  signingKeyPromise ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ privateKey }) => ({
    ...privateKey.export({ format: 'jwk' }),
    kid: `example-${randomBytes(4).toString('hex')}`,
    use: 'sig',
  }));
  return signingKeyPromise;
}

const GRANT_MEMBERS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/**
 * Per-provider in-memory adapter. (Passing our own adapter also avoids the
 * "development-only in-memory adapter" warning.) Linear scans are fine here.
 */
function createMemoryAdapter(): AdapterFactory {
  interface Entry { model: string; payload: AdapterPayload; expiresAt: number }
  const store = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  const scan = (model: string, match: (p: AdapterPayload) => boolean): AdapterPayload | undefined => {
    for (const [key, entry] of store) {
      if (entry.model === model && match(entry.payload) && live(key)) return entry.payload;
    }
    return undefined;
  };

  return (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' && expiresIn > 0 ? Date.now() + expiresIn * 1000 : Infinity;
      store.set(`${model}:${id}`, { model, payload, expiresAt });
    },
    async find(id) {
      return live(`${model}:${id}`)?.payload;
    },
    async findByUid(uid) {
      return scan(model, (p) => p.uid === uid);
    },
    async findByUserCode(userCode) {
      return scan(model, (p) => p.userCode === userCode);
    },
    async consume(id) {
      const entry = live(`${model}:${id}`);
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id) {
      store.delete(`${model}:${id}`);
    },
    async revokeByGrantId(grantId) {
      // Only tokens/codes belong to a grant; Interactions and Sessions also carry
      // a grantId but must survive (e.g. the account-switch logout round trip).
      for (const [key, entry] of store) {
        if (GRANT_MEMBERS.has(entry.model) && entry.payload.grantId === grantId) store.delete(key);
      }
    },
  });
}

// ---------------------------------------------------------------------------
// provider

export async function startProvider(opts: StartProviderOptions): Promise<ProviderHandle> {
  const oidc = await loadOidcProvider();
  const signingKey = await getSigningKey();
  const host = opts.host ?? '127.0.0.1';

  // Bind first: the issuer must carry the real port.
  const slot = await listen(opts.port ?? 0, host, opts.issuerHost ?? host);
  const issuer = slot.origin;

  try {
    const policy = oidc.interactionPolicy.base();
    // `prompt=select_account` is not in the default policy (it would be rejected
    // as an unsupported prompt value); our login page doubles as account chooser.
    policy.add(new oidc.interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

    const defaults: Configuration = {
      clients: opts.clients,
      adapter: createMemoryAdapter(),
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => accountClaims(sub) }),
      claims: {
        openid: ['sub'],
        profile: ['name'],
        email: ['email', 'email_verified'],
      },
      // Put the scope claims (name, email) in the ID Token too, so the RP does
      // not need a userinfo call to show who is signed in.
      conformIdTokenClaims: false,
      interactions: {
        url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
        policy,
      },
      extraParams: {
        // See the module comment: a "throw this error" switch for demos/tests.
        [DEMO_ERROR_PARAM](ctx, value) {
          if (value === undefined || value === '') return;
          if (!isValidOAuthErrorCode(value)) {
            throw new oidc.errors.CustomOIDCProviderError('invalid_request', `${DEMO_ERROR_PARAM} is not a valid OAuth error code`);
          }
          const description = ctx.oidc.params?.[DEMO_ERROR_DESCRIPTION_PARAM];
          throw new oidc.errors.CustomOIDCProviderError(
            value,
            typeof description === 'string' && description ? description : `${value} (requested via ${DEMO_ERROR_PARAM})`,
          );
        },
        [DEMO_ERROR_DESCRIPTION_PARAM]: null,
      },
      // Explicit values silence the "you SHOULD change ttl.*" notices.
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 60,
        IdToken: 3600,
        RefreshToken: 86_400,
        Interaction: 600,
        Session: 86_400,
        Grant: 86_400,
      },
      clientBasedCORS: () => false,
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = htmlPage(
          'Sign-in error',
          `<h1>Something went wrong</h1>
${Object.entries(out).map(([k, v]) => `<pre><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</pre>`).join('\n')}`,
        );
      },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
            // Buttons go *inside* the form so simple HTML parsers (tests) see them.
            const buttons = `<button type="submit" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit">No, stay signed in</button>`;
            ctx.type = 'html';
            ctx.body = htmlPage('Sign out', `<h1>Sign out of ${escapeHtml(ctx.host)}?</h1>\n${form.replace('</form>', `${buttons}</form>`)}`);
          },
          postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
            ctx.type = 'html';
            ctx.body = htmlPage('Signed out', '<h1>Signed out</h1><p>You have been signed out of the provider.</p>');
          },
        },
      },
    };

    const config: Configuration = {
      ...defaults,
      ...opts.config,
      features: { ...defaults.features, ...opts.config?.features },
    };

    const provider = new oidc.Provider(issuer, config);

    if (opts.logServerErrors !== false) {
      provider.on('server_error', (_ctx: unknown, err: unknown) => {
        console.error('[provider] server_error:', err);
      });
    }

    const callback = provider.callback();
    slot.attach((req, res) => {
      const { pathname } = new URL(req.url ?? '/', issuer);
      const match = INTERACTION_ROUTE.exec(pathname);
      if (match) {
        handleInteraction(provider, req, res, match[1]!, match[2]).catch((err: unknown) => {
          sendInteractionError(res, err);
        });
        return;
      }
      void callback(req, res);
    });

    return { issuer, provider, server: slot.server, close: () => slot.close() };
  } catch (err) {
    await slot.close();
    throw err;
  }
}

// ---------------------------------------------------------------------------
// interaction routes

const INTERACTION_ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?\/?$/;

async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  action: string | undefined,
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', provider.issuer);

  if (action === undefined && (method === 'GET' || method === 'HEAD')) {
    const details = await interactionFor(provider, req, res, uid);
    sendHtml(res, 200, renderInteractionPage(details));
    return;
  }

  if (action === 'login' && method === 'POST') {
    const form = await readForm(req);
    const details = await interactionFor(provider, req, res, uid);
    await finishLogin(provider, req, res, details, form);
    return;
  }

  if (action === 'abort' && (method === 'POST' || method === 'GET')) {
    const params = method === 'POST' ? await readForm(req) : url.searchParams;
    const error = params.get('error') || 'access_denied';
    const description = params.get('error_description') || undefined;
    if (!isValidOAuthErrorCode(error)) {
      sendHtml(res, 400, htmlPage('Bad request', '<h1>Bad request</h1><p>Invalid OAuth error code.</p>'));
      return;
    }
    await interactionFor(provider, req, res, uid);
    const result: InteractionResults = { error };
    if (description !== undefined) result.error_description = description;
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }

  res.setHeader('Allow', action === undefined ? 'GET' : action === 'login' ? 'POST' : 'GET, POST');
  sendHtml(res, 405, htmlPage('Method not allowed', '<h1>Method not allowed</h1>'));
}

/** The interaction bound to the browser's `_interaction` cookie, which must be `uid`. */
async function interactionFor(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string): Promise<Interaction> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    throw Object.assign(new Error('interaction mismatch'), { statusCode: 400, expose: true });
  }
  return details;
}

/**
 * Sign in and consent in one step: create/extend the Grant with everything
 * that was requested, then finish the interaction with `login` (unless this is
 * a consent-only prompt for an existing session) and `consent: { grantId }`.
 */
async function finishLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: Interaction,
  form: URLSearchParams,
): Promise<void> {
  const { prompt, params, session } = details;
  const consentOnly = prompt.name === 'consent' && session?.accountId !== undefined;
  const accountId = consentOnly
    ? session!.accountId
    : (form.get('login') ?? '').trim() || session?.accountId || 'alice';

  let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  if (grant && grant.accountId !== accountId) grant = undefined; // a different user is signing in
  grant ??= new provider.Grant({ accountId, clientId: String(params.client_id) });

  const scopes = new Set([...(params.scope ?? '').split(' '), ...(prompt.details.missingOIDCScope ?? [])]);
  scopes.delete('');
  if (scopes.size) grant.addOIDCScope([...scopes].join(' '));

  const claims = new Set(prompt.details.missingOIDCClaims ?? []);
  if (params.claims) {
    try {
      const parsed = JSON.parse(params.claims) as { userinfo?: object; id_token?: object };
      for (const key of [...Object.keys(parsed.userinfo ?? {}), ...Object.keys(parsed.id_token ?? {})]) claims.add(key);
    } catch {
      // oidc-provider already rejected malformed `claims`; ignore here
    }
  }
  if (claims.size) grant.addOIDCClaims([...claims]);

  for (const [indicator, resourceScopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, resourceScopes.join(' '));
  }

  const grantId = await grant.save();

  const result: InteractionResults = { consent: { grantId } };
  if (!consentOnly) result.login = { accountId };
  // Resolve the prompt being shown even when it is not login/consent (e.g.
  // select_account), otherwise oidc-provider would ask for it again.
  if (!(prompt.name in result)) result[prompt.name] = {};

  // Login results replace any earlier submission; a consent-only step keeps an
  // earlier login from the same authorization request.
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: consentOnly });
}

const ERROR_CHOICES = [
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
  'temporarily_unavailable',
  'server_error',
  'invalid_scope',
  'unauthorized_client',
  'invalid_request',
];

function renderInteractionPage(details: Interaction): string {
  const { uid, prompt, params, session } = details;
  const requestedPrompts = new Set((params.prompt ?? '').split(' '));
  const isConsent = prompt.name === 'consent' || requestedPrompts.has('consent');
  const consentOnly = prompt.name === 'consent' && session?.accountId !== undefined;
  const defaultLogin = params.login_hint || session?.accountId || 'alice';
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const client = params.client_id ?? 'the application';

  const signIn = consentOnly
    ? `<p>Signed in as <strong>${escapeHtml(session!.accountId)}</strong>.
<code>${escapeHtml(client)}</code> asks for: <code>${escapeHtml(params.scope ?? '')}</code></p>
<form method="post" action="${base}/login">
  <button type="submit" name="allow" value="yes" autofocus>Allow</button>
</form>`
    : `<form method="post" action="${base}/login">
  <p><label>Username <input type="text" name="login" value="${escapeHtml(defaultLogin)}" autocomplete="username" autofocus></label></p>
  <p class="muted">Any username works; there is no password.</p>
  <button type="submit">Sign in</button>
</form>`;

  const cancel = `<form class="inline" method="post" action="${base}/abort">
  <input type="hidden" name="error" value="access_denied">
  <input type="hidden" name="error_description" value="End-User cancelled the sign-in">
  <button type="submit" name="cancel" value="yes">Cancel</button>
</form>`;

  const deny = isConsent
    ? `<form class="inline" method="post" action="${base}/abort">
  <input type="hidden" name="error" value="access_denied">
  <input type="hidden" name="error_description" value="End-User aborted interaction">
  <button type="submit" name="deny" value="yes">Deny consent</button>
</form>`
    : '';

  const sendError = `<details>
  <summary>Return an error to the application instead</summary>
  <form method="post" action="${base}/abort">
    <p><label>error <select name="error">${ERROR_CHOICES.map((c) => `<option>${escapeHtml(c)}</option>`).join('')}</select></label></p>
    <p><label>error_description <input type="text" name="error_description" value=""></label></p>
    <button type="submit" name="send_error" value="yes">Send error</button>
  </form>
</details>`;

  return htmlPage(
    consentOnly ? 'Authorize' : 'Sign in',
    `<h1>${consentOnly ? 'Authorize' : 'Sign in to'} ${escapeHtml(client)}</h1>
<p class="muted">Example OpenID Provider &middot; prompt <code>${escapeHtml(prompt.name)}</code>
(${escapeHtml(prompt.reasons.join(', '))})${isConsent ? ' &middot; consent requested' : ''}</p>
${signIn}
<p>${cancel}${deny}</p>
${sendError}`,
  );
}

// ---------------------------------------------------------------------------
// small HTTP helpers

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html);
}

function sendInteractionError(res: ServerResponse, err: unknown): void {
  const e = err as { name?: string; statusCode?: number; expose?: boolean; error?: string; error_description?: string; message?: string };
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status >= 500) console.error('[provider] interaction error:', err);
  const detail = e.name === 'SessionNotFound'
    ? 'This sign-in request has expired or was already completed. Go back to the application and start again.'
    : e.expose ? (e.error_description ?? e.message ?? 'Bad request') : 'Unexpected error';
  sendHtml(res, status, htmlPage('Sign-in error', `<h1>Sign-in error</h1><p class="error">${escapeHtml(detail)}</p>`));
}

async function readForm(req: IncomingMessage, limit = 64 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('request body too large'), { statusCode: 413, expose: true });
    chunks.push(chunk as Buffer);
  }
  const type = String(req.headers['content-type'] ?? '');
  if (chunks.length && !type.startsWith('application/x-www-form-urlencoded')) {
    throw Object.assign(new Error('expected an application/x-www-form-urlencoded body'), { statusCode: 415, expose: true });
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
