/**
 * A loopback HTTP server that answers like an Okta org, for the doctor's tests: discovery (org and
 * custom authorization server), JWKS, /v1/authorize (redirect back, or Okta's own 400 page), /v1/token
 * and /v1/introspect with client authentication, the management API with SSWS tokens (users,
 * lifecycle statuses, apps and assignments, the System Log with Link paging), Okta-shaped error bodies,
 * X-Okta-Request-Id and X-Rate-Limit-* headers, and a `Date` header that can be skewed.
 *
 * `echoSecrets` makes it behave like the worst proxy: it repeats the credentials it received in error
 * bodies, headers, pages and log entries, so the tests can prove none of them reaches the output.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeClient {
  readonly secret?: string;
  /** How the app authenticates at the token endpoint. Default client_secret_basic. */
  readonly method?: 'client_secret_basic' | 'client_secret_post';
  readonly redirectUris: readonly string[];
  /** The app's id when it is not the client id (a custom client_id). */
  readonly appId?: string;
}

export interface FakeUser {
  readonly id: string;
  readonly login: string;
  readonly status: string;
}

export interface LogEntry {
  readonly eventType: string;
  readonly result: 'SUCCESS' | 'FAILURE';
  readonly reason?: string;
  readonly clientId?: string;
}

export interface OrgConfig {
  /** Seconds Okta's clock is ahead of ours. */
  readonly skewSeconds?: number;
  /** Path of the custom authorization server. Default `/oauth2/default`. */
  readonly serverPath?: string;
  /** Override the `issuer` in the custom server's discovery document. */
  readonly documentIssuer?: (issuer: string) => string;
  /** Override the token and introspection endpoints' origin in the discovery documents. */
  readonly endpointOrigin?: string;
  readonly keys?: ReadonlyArray<Record<string, unknown>>;
  readonly clients?: Readonly<Record<string, FakeClient>>;
  /** Valid SSWS tokens and what their admin may do. Any other token gets 401 E0000011. */
  readonly tokens?: Readonly<Record<string, 'admin' | 'no-logs' | 'forbidden'>>;
  /** The X-Rate-Limit-* of API calls. */
  readonly rate?: { readonly limit: number; readonly remaining: number; readonly resetIn: number };
  readonly users?: readonly FakeUser[];
  /** appId → assigned user ids (and how). */
  readonly assignments?: Readonly<Record<string, Readonly<Record<string, 'USER' | 'GROUP'>>>>;
  readonly logs?: readonly LogEntry[];
  /** Entries per System Log page. Default 2, so paging is exercised. */
  readonly logPageSize?: number;
  /** Active access tokens: token → introspection body (exp relative to Okta's now, in seconds). */
  readonly accessTokens?: Readonly<Record<string, { readonly scope: string; readonly expiresIn: number; readonly clientId: string }>>;
  /** Paths that never answer. */
  readonly hang?: readonly string[];
  /** Milliseconds to wait before answering, by path. */
  readonly delay?: Readonly<Record<string, number>>;
  readonly echoSecrets?: boolean;
  /** `appLinks`: an org (or proxy) that answers assignments only through /api/v1/users/{id}/appLinks. */
  readonly assignmentEndpoints?: 'all' | 'appLinks';
}

export interface FakeOrg {
  readonly origin: string;
  /** The custom authorization server's issuer: `${origin}/oauth2/default`. */
  readonly issuer: string;
  /** Every request received: method, path and query, Authorization header. */
  readonly seen: Array<{ method: string; url: string; authorization?: string }>;
  close(): Promise<void>;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const oktaError = (status: number, code: string, summary: string, headers: Record<string, string> = {}): Reply =>
  json(status, { errorCode: code, errorSummary: summary, errorLink: code, errorId: `oae${randomBytes(8).toString('hex')}`, errorCauses: [] }, headers);

const oktaPage = (title: string, message: string, extra = ''): Reply => ({
  status: 400,
  headers: { 'content-type': 'text/html;charset=utf-8' },
  body: `<!DOCTYPE html><html><head><title>${title}</title><script>var okta = { locale: "en" };</script></head>
<body><div class="error-content"><h1>${title}</h1><p class="error-code">Error Code: invalid_request</p>
<p class="error-message">${message}</p>${extra}</div></body></html>`,
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** client_secret_basic or client_secret_post credentials of a request. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id?: string; secret?: string; method?: 'client_secret_basic' | 'client_secret_post' } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').map((p) => decodeURIComponent(p.replace(/\+/g, ' ')));
    return { id, secret, method: 'client_secret_basic' };
  }
  const id = form.get('client_id') ?? undefined;
  const secret = form.get('client_secret') ?? undefined;
  return { id, secret, method: secret !== undefined ? 'client_secret_post' : undefined };
}

export async function startFakeOrg(config: OrgConfig): Promise<FakeOrg> {
  const seen: FakeOrg['seen'] = [];
  const serverPath = config.serverPath ?? '/oauth2/default';
  let origin = '';
  const oktaNow = () => Date.now() + (config.skewSeconds ?? 0) * 1000;
  const clients = config.clients ?? {};
  const users = config.users ?? [];
  const tokens = config.tokens ?? {};
  const echo = config.echoSecrets === true;

  function discovery(issuer: string): Reply {
    return json(200, {
      issuer: config.documentIssuer && issuer !== origin ? config.documentIssuer(issuer) : issuer,
      authorization_endpoint: `${issuer}/v1/authorize`,
      token_endpoint: `${config.endpointOrigin ?? ''}${config.endpointOrigin ? new URL(issuer).pathname : issuer}/v1/token`,
      introspection_endpoint: `${config.endpointOrigin ?? ''}${config.endpointOrigin ? new URL(issuer).pathname : issuer}/v1/introspect`,
      jwks_uri: `${issuer}/v1/keys`,
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
      prompt_values_supported: ['none', 'consent', 'login', 'consent login'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
      authorization_response_iss_parameter_supported: true,
    });
  }

  function authorize(url: URL): Reply {
    const clientId = url.searchParams.get('client_id') ?? '';
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    const echoed = echo ? `<p>Request: ${url.href.replace(/&/g, '&amp;')}</p>` : '';
    const client = Object.hasOwn(clients, clientId) ? clients[clientId] : undefined;
    if (!client) return oktaPage('400 Bad Request', "Invalid value for 'client_id' parameter.", echoed);
    if (!client.redirectUris.includes(redirect)) {
      return oktaPage('400 Bad Request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: " + 'https://example-admin.okta.com/admin/app/oidc_client/instance/' + clientId + '#tab-general', echoed);
    }
    const back = new URL(redirect);
    back.searchParams.set('error', url.searchParams.get('prompt') === 'none' ? 'login_required' : 'access_denied');
    back.searchParams.set('error_description', 'The client specified not to prompt, but the user is not logged in.');
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    return { status: 302, headers: { location: back.href } };
  }

  function clientAuth(req: IncomingMessage, form: URLSearchParams): Reply | undefined {
    const creds = clientCredentials(req, form);
    const client = creds.id !== undefined && Object.hasOwn(clients, creds.id) ? clients[creds.id] : undefined;
    if (!client || client.secret === undefined || creds.secret !== client.secret || (client.method ?? 'client_secret_basic') !== creds.method) {
      return json(401, {
        error: 'invalid_client',
        // Echoed as plain words too, which no pattern-based redaction can recognise as a secret.
        error_description: `Client authentication failed. Either the client or the client credentials are invalid.${echo ? ` You sent ${creds.secret ?? ''} (client_secret=${creds.secret ?? ''}, Authorization: ${req.headers.authorization ?? 'none'})` : ''}`,
      });
    }
    return undefined;
  }

  function apiAuth(req: IncomingMessage): 'admin' | 'no-logs' | 'forbidden' | Reply {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('SSWS ') ? auth.slice(5) : '';
    if (token && Object.hasOwn(tokens, token)) return tokens[token]!;
    return oktaError(401, 'E0000011', echo ? `Invalid token provided: ${auth}` : 'Invalid token provided', echo ? { 'x-echo-authorization': auth } : {});
  }

  function logs(url: URL): Reply {
    const filter = url.searchParams.get('filter') ?? '';
    const all = (config.logs ?? []).map((entry, i) => ({
      uuid: `uuid-${i}`,
      published: new Date(oktaNow() - 60_000).toISOString(),
      eventType: entry.eventType,
      outcome: { result: entry.result, reason: entry.reason ?? null },
      actor: { id: '00uActor', type: 'User', alternateId: 'someone@example.com' },
      client: { id: entry.clientId ?? null, ipAddress: '203.0.113.7' },
      target: [],
      debugContext: { debugData: echo ? { requestUri: '/api/v1/users', authorization: 'SSWS ' + Object.keys(tokens)[0] } : {} },
    }));
    let matching: typeof all;
    if (filter === 'outcome.result eq "FAILURE"') matching = all.filter((e) => e.outcome.result === 'FAILURE');
    else {
      const types = [...filter.matchAll(/eventType eq "([^"]+)"/g)].map((m) => m[1]);
      if (types.length === 0) return oktaError(400, 'E0000031', 'Invalid filter parameter');
      matching = all.filter((e) => types.includes(e.eventType));
    }
    const size = config.logPageSize ?? 2;
    const after = Number(url.searchParams.get('after') ?? '0');
    const page = matching.slice(after, after + size);
    const headers: Record<string, string> = {};
    if (after + size < matching.length) {
      const next = new URL(url.href);
      next.searchParams.set('after', String(after + size));
      headers.link = `<${url.href}>; rel="self", <${next.href}>; rel="next"`;
    }
    return json(200, page, headers);
  }

  async function route(req: IncomingMessage, url: URL): Promise<Reply> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/.well-known/openid-configuration') return discovery(origin);
    if (path === `${serverPath}/.well-known/openid-configuration`) return discovery(`${origin}${serverPath}`);
    if (path.endsWith('/v1/keys')) return json(200, { keys: config.keys ?? [{ kty: 'RSA', alg: 'RS256', kid: 'fake-key-1', use: 'sig', e: 'AQAB', n: 'xyz' }] });
    if (path.endsWith('/v1/authorize')) return authorize(url);
    if (path.endsWith('/v1/token') && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      return clientAuth(req, form) ?? json(400, { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
    }
    if (path.endsWith('/v1/introspect') && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const refused = clientAuth(req, form);
      if (refused) return refused;
      const token = form.get('token') ?? '';
      const known = config.accessTokens && Object.hasOwn(config.accessTokens, token) ? config.accessTokens[token]! : undefined;
      if (!known) return json(200, { active: false, ...(echo ? { token } : {}) });
      const now = Math.floor(oktaNow() / 1000);
      return json(200, { active: true, scope: known.scope, client_id: known.clientId, exp: now + known.expiresIn, iat: now - 60, token_type: 'Bearer', ...(echo ? { token } : {}) });
    }
    if (path.startsWith('/api/v1/')) {
      const who = apiAuth(req);
      if (typeof who !== 'string') return who;
      if (who === 'forbidden') return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
      if (path === '/api/v1/users/me') return json(200, { id: '00uAdmin', status: 'ACTIVE', profile: { login: 'admin@example.com' } });
      if (path === '/api/v1/logs') return who === 'no-logs' ? oktaError(403, 'E0000006', 'You do not have permission to perform the requested action') : logs(url);
      const userMatch = /^\/api\/v1\/users\/([^/]+)$/.exec(path);
      if (userMatch) {
        const key = decodeURIComponent(userMatch[1]!);
        const user = users.find((u) => u.id === key || u.login === key);
        return user ? json(200, { id: user.id, status: user.status, profile: { login: user.login, email: user.login } }) : oktaError(404, 'E0000007', `Not found: Resource not found: ${key} (User)`);
      }
      const linksMatch = /^\/api\/v1\/users\/([^/]+)\/appLinks$/.exec(path);
      if (linksMatch) {
        const userId = decodeURIComponent(linksMatch[1]!);
        const links = Object.entries(config.assignments ?? {})
          .filter(([, assigned]) => assigned[userId])
          .map(([appId]) => ({ appInstanceId: appId, appName: 'oidc_client', label: `App ${appId}` }));
        return json(200, links);
      }
      if (config.assignmentEndpoints === 'appLinks' && path.startsWith('/api/v1/apps')) return oktaError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
      const assignMatch = /^\/api\/v1\/apps\/([^/]+)\/users\/([^/]+)$/.exec(path);
      if (assignMatch) {
        const [appId, userId] = [decodeURIComponent(assignMatch[1]!), decodeURIComponent(assignMatch[2]!)];
        const scope = config.assignments?.[appId]?.[userId];
        return scope ? json(200, { id: userId, scope, status: 'ACTIVE' }) : oktaError(404, 'E0000007', `Not found: Resource not found: ${userId} (AppUser)`);
      }
      const appMatch = /^\/api\/v1\/apps\/([^/]+)$/.exec(path);
      if (appMatch) {
        const appId = decodeURIComponent(appMatch[1]!);
        const entry = Object.entries(clients).find(([id, c]) => (c.appId ?? id) === appId);
        return entry
          ? json(200, { id: appId, settings: { oauthClient: { redirect_uris: entry[1].redirectUris } }, credentials: { oauthClient: { client_id: entry[0] } } })
          : oktaError(404, 'E0000007', `Not found: Resource not found: ${appId} (AppInstance)`);
      }
      if (path === '/api/v1/apps') {
        const userId = /user\.id eq "([^"]+)"/.exec(url.searchParams.get('filter') ?? '')?.[1];
        const apps = Object.entries(clients)
          .filter(([id, c]) => userId && config.assignments?.[c.appId ?? id]?.[userId])
          .map(([id, c]) => ({ id: c.appId ?? id, credentials: { oauthClient: { client_id: id } } }));
        return json(200, apps);
      }
      return oktaError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
    }
    return oktaError(404, 'E0000007', `Not found: Resource not found: ${path}`);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    seen.push({ method: req.method ?? 'GET', url: url.pathname + url.search, authorization: req.headers.authorization });
    if (config.hang?.includes(url.pathname)) return; // never answers
    const wait = config.delay?.[url.pathname] ?? 0;
    void (async () => {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      const reply = await route(req, url);
      const headers: Record<string, string> = {
        date: new Date(oktaNow()).toUTCString(),
        'x-okta-request-id': `req-${randomBytes(6).toString('hex')}`,
        ...reply.headers,
      };
      if (url.pathname.startsWith('/api/v1/') && config.rate) {
        headers['x-rate-limit-limit'] = String(config.rate.limit);
        headers['x-rate-limit-remaining'] = String(config.rate.remaining);
        headers['x-rate-limit-reset'] = String(Math.floor(oktaNow() / 1000) + config.rate.resetIn);
      }
      res.sendDate = false;
      res.writeHead(reply.status, headers);
      res.end(reply.body ?? '');
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    issuer: `${origin}${serverPath}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
