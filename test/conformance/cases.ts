/**
 * The single source of truth for the callback interceptor's behaviour over HTTP: request in → status,
 * headers and body facts out. Every framework adapter runs every case; a difference is a bug.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OktaErrorHandlerOptions } from '../../src/core/options/index.js';

const templateDir = mkdtempSync(join(tmpdir(), 'oeh-templates-'));
export const FILE_TEMPLATE = join(templateDir, 'denied.html');
writeFileSync(FILE_TEMPLATE, '<h1>{{ title }}</h1><a href="{{action.href}}">{{action.label}}</a><p>{{details.error_description}}</p><i>{{nope.x}}</i><b>{{status}}</b>');

export const CALLBACK = '/authorization-code/callback';
export const ISSUER = 'https://example.okta.com/oauth2/default';
export const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } as const;
export const JSON_ACCEPT = { accept: 'application/json' } as const;

export interface ConformanceCase {
  readonly name: string;
  /** Only when no body parser ran before the interceptor (a parser's own limits apply otherwise). */
  readonly rawBodyOnly?: boolean;
  /** Needs a file system (a `{ file }` template): an adapter without one refuses the options at start-up instead. */
  readonly fileSystem?: boolean;
  /** Options besides the defaults every case gets (`issuer: ISSUER`). `verifyState` always receives the framework request. */
  readonly options?: OktaErrorHandlerOptions<any>;
  readonly request: {
    readonly method?: 'GET' | 'POST' | 'HEAD' | 'PUT';
    /** Path with its raw query string, exactly as sent on the wire. */
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
    /** Raw urlencoded body for POST. */
    readonly form?: string;
    readonly contentType?: string;
  };
  readonly expect: {
    readonly status: number;
    /** The app's own callback route answered (status 200, body `app:<body json>`). */
    readonly passed?: boolean;
    readonly location?: string;
    readonly headers?: Readonly<Record<string, string | RegExp | undefined>>;
    readonly contentType?: RegExp;
    readonly bodyIncludes?: readonly string[];
    readonly bodyExcludes?: readonly string[];
    readonly json?: Readonly<Record<string, unknown>>;
    readonly setsGuardCookie?: boolean;
    /** A `template.error` event was reported. */
    readonly templateError?: boolean;
    readonly event?: Readonly<Record<string, unknown>>;
  };
}

const q = (params: Record<string, string>) => `${CALLBACK}?${new URLSearchParams(params)}`;
const STATE = 'st4te-123';
const XSS = '<script>alert(1)</script>';
const SAFE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } as const;

export const CASES: readonly ConformanceCase[] = [
  // Pass-through
  { name: 'other paths pass', request: { path: '/?error=access_denied&state=x' }, expect: { status: 404 } },
  { name: 'success responses pass', request: { path: q({ code: 'abc', state: STATE }) }, expect: { status: 200, passed: true } },
  { name: 'callback without query passes', request: { path: CALLBACK }, expect: { status: 200, passed: true } },
  { name: 'a parameter merely containing "error" passes', request: { path: `${CALLBACK}?code=error&state=terror` }, expect: { status: 200, passed: true } },
  { name: 'PUT passes', request: { method: 'PUT', path: q({ error: 'access_denied', state: STATE }) }, expect: { status: 200, passed: true } },
  { name: 'form_post success passes with its body readable', request: { method: 'POST', path: CALLBACK, form: `code=abc&state=${STATE}` }, expect: { status: 200, passed: true, bodyIncludes: ['"code":"abc"'] } },
  { name: 'POST error in the query is not read (params come from the body only)', request: { method: 'POST', path: `${CALLBACK}?error=access_denied&state=x`, form: 'code=abc&state=x' }, expect: { status: 200, passed: true } },
  { name: 'GET reads the query, not a body', request: { method: 'GET', path: q({ code: 'c', state: STATE }) }, expect: { status: 200, passed: true } },

  // Re-prompt
  {
    name: 'login_required re-prompts with prompt=login',
    request: { path: q({ error: 'login_required', state: STATE, iss: ISSUER }), headers: NAV },
    expect: { status: 303, location: '/login?prompt=login', setsGuardCookie: true, headers: SAFE_HEADERS, event: { code: 'login_required', outcome: 'redirect', hasState: true } },
  },
  { name: 'consent_required re-prompts with prompt=consent', request: { path: q({ error: 'consent_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login?prompt=consent' } },
  { name: 'account_selection_required re-prompts with prompt=select_account', request: { path: q({ error: 'account_selection_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login?prompt=select_account' } },
  { name: 'interaction_required re-prompts without prompt', request: { path: q({ error: 'interaction_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login' } },
  { name: 'a missing Accept and no Sec-Fetch-Mode is a navigation', request: { path: q({ error: 'login_required', state: STATE }) }, expect: { status: 303 } },
  { name: 'loginPath is honoured and its query kept', options: { loginPath: '/auth/start?via=cb' }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/auth/start?via=cb&prompt=login' } },
  {
    name: 'loginUrl builds the target (return path)',
    options: { loginUrl: (_req: unknown, { prompt }: { prompt?: string }) => `/login?returnTo=%2Fdashboard&prompt=${prompt}` },
    request: { path: q({ error: 'login_required', state: STATE }), headers: NAV },
    expect: { status: 303, location: '/login?returnTo=%2Fdashboard&prompt=login' },
  },
  {
    name: 'loginUrl returning another origin is refused for loginPath',
    options: { loginUrl: () => '//evil.example/login' },
    request: { path: q({ error: 'login_required', state: STATE }), headers: NAV },
    expect: { status: 303, location: '/login?prompt=login', event: { hookError: expect_string() } },
  },
  { name: 'loginUrl returning an absolute URL is refused', options: { loginUrl: () => 'https://evil.example/' }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login?prompt=login' } },
  { name: 'a non-ASCII loginUrl is percent-encoded into the Location header', options: { loginUrl: () => '/login?returnTo=/中文' }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login?returnTo=/%E4%B8%AD%E6%96%87' } },
  { name: 'a non-ASCII loginPath is encoded once, at start-up', options: { loginPath: '/connexion-é' }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/connexion-%C3%A9?prompt=login' } },
  { name: 'loginUrl that throws falls back', options: { loginUrl: () => { throw new Error('boom'); } }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login?prompt=login' } },
  {
    name: 'one re-prompt per window: the second renders 401',
    request: { path: q({ error: 'login_required', state: STATE }), headers: { ...NAV, cookie: `oeh_guard=v1.1.0.${Math.floor(Date.now() / 1000) - 5}` } },
    expect: { status: 401, contentType: /text\/html/, bodyIncludes: ['Please sign in', 'href="/login?prompt=login"'], event: { reason: 'limit_reached' } },
  },
  { name: 'an expired guard window allows a re-prompt again', request: { path: q({ error: 'login_required', state: STATE }), headers: { ...NAV, cookie: 'oeh_guard=v1.1.2.1000' } }, expect: { status: 303 } },
  { name: 'a garbage guard cookie is a fresh window', request: { path: q({ error: 'login_required', state: STATE }), headers: { ...NAV, cookie: 'oeh_guard=%00<script>' } }, expect: { status: 303 } },
  { name: 'fetch (Sec-Fetch-Mode: cors) is never redirected', request: { path: q({ error: 'login_required', state: STATE }), headers: { 'sec-fetch-mode': 'cors' } }, expect: { status: 401, event: { reason: 'not_navigation' } } },
  { name: 'XHR is never redirected', request: { path: q({ error: 'consent_required', state: STATE }), headers: { 'x-requested-with': 'XMLHttpRequest' } }, expect: { status: 403 } },
  {
    name: 'a client preferring JSON gets problem+json, no redirect',
    request: { path: q({ error: 'login_required', state: STATE }), headers: JSON_ACCEPT },
    expect: { status: 401, contentType: /^application\/problem\+json/, json: { code: 'login_required', status: 401, type: 'urn:okta-error-handler:login_required' } },
  },
  { name: 'JSON ranked above HTML by q-value is JSON', request: { path: q({ error: 'access_denied', state: STATE }), headers: { accept: 'text/html;q=0.5, application/problem+json' } }, expect: { status: 403, contentType: /problem\+json/ } },
  { name: 'HTML ranked above JSON is HTML', request: { path: q({ error: 'access_denied', state: STATE }), headers: { accept: 'application/json;q=0.5, text/html' } }, expect: { status: 403, contentType: /text\/html/ } },
  { name: '*/* is HTML', request: { path: q({ error: 'access_denied', state: STATE }), headers: { accept: '*/*' } }, expect: { status: 403, contentType: /text\/html/ } },

  // Retry
  { name: 'temporarily_unavailable retries', request: { path: q({ error: 'temporarily_unavailable', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login', setsGuardCookie: true } },
  { name: 'server_error retries', request: { path: q({ error: 'server_error', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login' } },
  { name: 'the second retry is allowed', request: { path: q({ error: 'server_error', state: STATE }), headers: { ...NAV, cookie: `oeh_guard=v1.0.1.${Math.floor(Date.now() / 1000)}` } }, expect: { status: 303 } },
  {
    name: 'past two retries: 503 with Retry-After',
    request: { path: q({ error: 'temporarily_unavailable', state: STATE }), headers: { ...NAV, cookie: `other=1; oeh_guard=v1.0.2.${Math.floor(Date.now() / 1000)}` } },
    expect: { status: 503, headers: { 'retry-after': /^\d+$/ }, bodyIncludes: ['still not responding'] },
  },
  { name: 'retry for JSON clients: 503 problem with retryAfter', request: { path: q({ error: 'server_error', state: STATE }), headers: JSON_ACCEPT }, expect: { status: 503, headers: { 'retry-after': '30' }, json: { code: 'server_error', retryAfter: 30 } } },

  // Render
  {
    name: 'access_denied: 403 page with Try again',
    request: { path: q({ error: 'access_denied', state: STATE, error_description: 'The resource owner or authorization server denied the request.' }), headers: NAV },
    expect: { status: 403, contentType: /text\/html/, headers: SAFE_HEADERS, bodyIncludes: ['Sign-in was not completed', 'Try again', 'href="/login"'], bodyExcludes: ['resource owner'] },
  },
  {
    name: "Okta's not-assigned access_denied asks for an administrator",
    request: { path: q({ error: 'access_denied', state: STATE, error_description: 'User is not assigned to the client application.' }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['administrator'], event: { variant: 'not_assigned' } },
  },
  { name: 'Entra AADSTS50105 refines access_denied the same way', request: { path: q({ error: 'access_denied', state: STATE, error_description: 'AADSTS50105: The signed in user is not assigned to a role' }), headers: NAV }, expect: { status: 403, bodyIncludes: ['administrator'] } },
  { name: 'Entra AADSTS50076 refines the message to MFA, not the action', request: { path: q({ error: 'interaction_required', state: STATE, error_description: 'AADSTS50076: Due to a configuration change' }), headers: JSON_ACCEPT }, expect: { status: 401, json: { code: 'interaction_required', title: 'Additional verification needed' } } },
  { name: 'Entra sub-codes never change the action of a render code', request: { path: q({ error: 'access_denied', state: STATE, error_description: 'AADSTS50058 silent sign-in' }), headers: NAV }, expect: { status: 403 } },
  { name: 'user_canceled_request: 401 with a Sign in button', request: { path: q({ error: 'user_canceled_request', state: STATE }), headers: NAV }, expect: { status: 401, bodyIncludes: ['Sign-in canceled', '>Sign in</a>'] } },
  ...['invalid_scope', 'invalid_client', 'unauthorized_client', 'unsupported_response_type', 'unsupported_response_mode', 'invalid_request', 'invalid_request_uri', 'invalid_request_object', 'request_not_supported', 'request_uri_not_supported', 'registration_not_supported'].map(
    (code): ConformanceCase => ({
      name: `configuration error ${code}: calm 500, detail in the event`,
      request: { path: q({ error: code, state: STATE, error_description: `detail for ${code}` }), headers: NAV },
      expect: { status: 500, bodyIncludes: ['not working right now'], bodyExcludes: [`detail for ${code}`], event: { code, category: 'configuration', description: `detail for ${code}` } },
    }),
  ),
  { name: 'unknown code: 400, shown as "unknown" (the raw code only in the event)', request: { path: q({ error: 'something_new', state: STATE }), headers: NAV }, expect: { status: 400, bodyIncludes: ['<code>unknown</code>'], bodyExcludes: ['something_new'], event: { category: 'unknown', code: 'something_new' } } },
  { name: 'unknown code in problem+json: type and code are "unknown"', request: { path: q({ error: 'SECURITY_ALERT:Your_account_is_locked', state: STATE }), headers: JSON_ACCEPT }, expect: { status: 400, json: { type: 'urn:okta-error-handler:unknown', code: 'unknown' }, bodyExcludes: ['SECURITY_ALERT'] } },
  { name: 'a code the app configured is shown as it is', options: { messages: { my_code: { title: 'Mine' } } }, request: { path: q({ error: 'my_code', state: STATE }), headers: NAV }, expect: { status: 400, bodyIncludes: ['Mine', '<code>my_code</code>'] } },

  // Overrides
  { name: 'actions override a default', options: { actions: { login_required: 'render' } }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 401 } },
  { name: 'actions can pass an error to the app', options: { actions: { access_denied: 'pass' } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 200, passed: true } },
  { name: 'an actions function decides per request', options: { actions: { access_denied: ({ code }: { code: string }) => (code === 'access_denied' ? 'reprompt' : 'render') } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 303, location: '/login' } },
  { name: 'an actions function returning junk falls back to the default', options: { actions: { access_denied: (() => 'explode') as never } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403 } },
  { name: 'templates override a page', options: { templates: { access_denied: (ctx: { status: number; reference: string }) => `<p>custom ${ctx.status} ${ctx.reference.length}</p>` } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403, bodyIncludes: ['<p>custom 403 36</p>'] } },
  { name: 'a default template covers every code', options: { templates: { default: async (ctx: { code: string }) => `<p>all ${ctx.code}</p>` } }, request: { path: q({ error: 'invalid_scope', state: STATE }), headers: NAV }, expect: { status: 500, bodyIncludes: ['<p>all invalid_scope</p>'] } },
  { name: 'a broken template falls back to the built-in page', options: { templates: { access_denied: () => { throw new Error('template bug'); } } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403, bodyIncludes: ['Sign-in was not completed'], bodyExcludes: ['template bug'], templateError: true } },
  { name: 'a template returning a non-string falls back', options: { templates: { access_denied: (() => 42) as never } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403, bodyIncludes: ['Sign-in was not completed'], templateError: true } },
  {
    name: 'a { file } template gets escaped placeholders',
    fileSystem: true,
    options: { development: true, templates: { access_denied: { file: FILE_TEMPLATE } } },
    request: { path: q({ error: 'access_denied', state: STATE, error_description: XSS }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['<h1>Sign-in was not completed</h1><a href="/login">Try again</a><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><i></i><b>403</b>'] },
  },
  {
    name: 'a { view } template renders through renderView with the page context',
    options: { templates: { default: { view: 'errors/page' } }, renderView: (_req: unknown, view: string, locals: { title: string; status: number }) => `<p>${view}:${locals.title}:${locals.status}</p>` },
    request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['<p>errors/page:Sign-in was not completed:403</p>'] },
  },
  {
    name: 'a { view } template that cannot render falls back and reports',
    options: { templates: { access_denied: { view: 'missing-view' } } },
    request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['Sign-in was not completed'], templateError: true },
  },
  {
    name: 'Accept-Language picks a supplied locale',
    options: { locales: { fr: { messages: { access_denied: { title: 'Accès refusé', action: 'Réessayer' } }, page: { reference: 'Référence' } } } },
    request: { path: q({ error: 'access_denied', state: STATE }), headers: { ...NAV, 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.8' } },
    expect: { status: 403, headers: { 'content-language': 'fr' }, bodyIncludes: ['<html lang="fr">', 'Accès refusé', 'Réessayer', 'Référence:'] },
  },
  {
    name: 'messages keyed by language work too',
    options: { messages: { access_denied: { message: 'Custom English.' }, fr: { access_denied: { title: 'Accès refusé' } }, 'pt-BR': { access_denied: { title: 'Acesso negado' } } } },
    request: { path: q({ error: 'access_denied', state: STATE }), headers: { ...NAV, 'accept-language': 'pt-BR, fr;q=0.5' } },
    expect: { status: 403, bodyIncludes: ['<html lang="pt-br">', 'Acesso negado', 'Custom English.'] },
  },
  {
    name: 'Accept-Language preferring English keeps English',
    options: { locales: { fr: { messages: { access_denied: { title: 'Accès refusé' } } } } },
    request: { path: q({ error: 'access_denied', state: STATE }), headers: { ...NAV, 'accept-language': 'en-GB,fr;q=0.5' } },
    expect: { status: 403, headers: { 'content-language': 'en' }, bodyIncludes: ['<html lang="en">', 'Sign-in was not completed'] },
  },
  {
    name: 'locale messages reach problem+json too',
    options: { locales: { de: { messages: { login_required: { title: 'Bitte anmelden' } } } } },
    request: { path: q({ error: 'login_required', state: STATE }), headers: { accept: 'application/json', 'accept-language': 'de' } },
    expect: { status: 401, json: { title: 'Bitte anmelden' } },
  },
  { name: 'messages override wording', options: { messages: { access_denied: { title: 'No entry' } } }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403, bodyIncludes: ['No entry', 'Try again'] } },

  // State and issuer (order: state → iss → error)
  { name: 'missing state: 400 invalid_state, no redirect', request: { path: q({ error: 'login_required' }), headers: NAV }, expect: { status: 400, bodyIncludes: ['no longer valid'], event: { code: 'invalid_state', reason: 'state_missing' } } },
  { name: 'empty state is missing', request: { path: q({ error: 'login_required', state: '' }), headers: NAV }, expect: { status: 400 } },
  { name: 'verifyState false: 400', options: { verifyState: () => false }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 400, json: undefined, event: { code: 'invalid_state', reason: 'state_rejected' } } },
  { name: 'verifyState async true: proceeds', options: { verifyState: async (_req: unknown, s: string) => s === STATE }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 303 } },
  { name: 'verifyState throwing: 400', options: { verifyState: () => { throw new Error('store down'); } }, request: { path: q({ error: 'login_required', state: STATE }), headers: NAV }, expect: { status: 400, event: { reason: 'verify_state_failed' } } },
  { name: 'verifyState rejects before iss is looked at', options: { verifyState: () => false }, request: { path: q({ error: 'access_denied', state: STATE, iss: 'https://evil.example' }), headers: JSON_ACCEPT }, expect: { status: 400, json: { code: 'invalid_state' } } },
  { name: 'iss mismatch: 400 issuer_mismatch', request: { path: q({ error: 'login_required', state: STATE, iss: 'https://evil.example' }), headers: NAV }, expect: { status: 400, bodyExcludes: ['evil.example'], event: { code: 'issuer_mismatch' } } },
  { name: 'iss mismatch for JSON', request: { path: q({ error: 'access_denied', state: STATE, iss: `${ISSUER}/` }), headers: JSON_ACCEPT }, expect: { status: 400, json: { code: 'issuer_mismatch', status: 400 } } },
  { name: 'iss in a list of issuers is accepted', options: { issuer: ['https://a.okta.com', ISSUER] }, request: { path: q({ error: 'access_denied', state: STATE, iss: ISSUER }), headers: NAV }, expect: { status: 403 } },
  { name: 'missing iss accepted by default', request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 403 } },
  { name: 'requireIss rejects a missing iss', options: { requireIss: true }, request: { path: q({ error: 'access_denied', state: STATE }), headers: NAV }, expect: { status: 400, event: { code: 'issuer_mismatch', reason: 'iss_missing' } } },

  // form_post
  { name: 'form_post access_denied: 403', request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=${STATE}&iss=${encodeURIComponent(ISSUER)}`, headers: NAV }, expect: { status: 403, bodyIncludes: ['Sign-in was not completed'] } },
  {
    name: 'form_post login_required over http without the guard cookie: bounced to a GET of the callback, which carries it',
    request: { method: 'POST', path: CALLBACK, form: `error=login_required&state=${STATE}`, headers: NAV },
    expect: { status: 303, location: `${CALLBACK}?oeh_continue=reprompt%3Alogin_required`, headers: { 'set-cookie': /^oeh_probe=1; Max-Age=120; Path=\/; HttpOnly; SameSite=Lax$/ }, event: { outcome: 'redirect', reason: 'form_post_bounce', location: `${CALLBACK}?oeh_continue=reprompt%3Alogin_required` } },
  },
  { name: 'form_post login_required from the same site re-prompts directly', request: { method: 'POST', path: CALLBACK, form: `error=login_required&state=${STATE}`, headers: { ...NAV, 'sec-fetch-site': 'same-origin' } }, expect: { status: 303, location: '/login?prompt=login', setsGuardCookie: true } },
  {
    name: 'form_post login_required behind a TLS proxy (X-Forwarded-Proto: https) re-prompts directly with a __Host- SameSite=None cookie',
    request: { method: 'POST', path: CALLBACK, form: `error=login_required&state=${STATE}`, headers: { ...NAV, 'sec-fetch-site': 'cross-site', 'x-forwarded-proto': 'https' } },
    expect: { status: 303, location: '/login?prompt=login', headers: { 'set-cookie': /^__Host-oeh_guard=v2\.1\.0\.0\.\d+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/ } },
  },
  { name: 'the continuation GET re-prompts', request: { path: `${CALLBACK}?oeh_continue=reprompt:login_required`, headers: { ...NAV, cookie: 'oeh_probe=1' } }, expect: { status: 303, location: '/login?prompt=login', setsGuardCookie: true, event: { code: 'login_required', hasState: false } } },
  { name: 'the continuation GET past the limit: the page', request: { path: `${CALLBACK}?oeh_continue=reprompt:login_required`, headers: { ...NAV, cookie: `oeh_probe=1; oeh_guard=v2.1.0.0.${Math.floor(Date.now() / 1000)}` } }, expect: { status: 401, event: { reason: 'limit_reached' } } },
  { name: 'the continuation GET without the probe the bounce set: the page, not a redirect', request: { path: `${CALLBACK}?oeh_continue=retry:temporarily_unavailable`, headers: NAV }, expect: { status: 503, event: { outcome: 'render', reason: 'guard_cookie_missing' } } },
  { name: 'a continuation naming a restart (oktaApiErrorHandler on a form_post) restarts sign-in', request: { path: `${CALLBACK}?oeh_continue=restart:sign_in_failed:invalid_grant`, headers: { ...NAV, cookie: 'oeh_probe=1' } }, expect: { status: 303, location: '/login', event: { code: 'sign_in_failed', restartFor: 'invalid_grant' } } },
  { name: 'a continuation with a code this library does not name: malformed', request: { path: `${CALLBACK}?oeh_continue=reprompt:SECURITY_ALERT`, headers: { ...NAV, cookie: 'oeh_probe=1' } }, expect: { status: 400, bodyExcludes: ['SECURITY_ALERT'], event: { code: 'malformed_callback', parameter: 'oeh_continue' } } },
  { name: 'a continuation with an action that does not redirect: malformed', request: { path: `${CALLBACK}?oeh_continue=render:access_denied`, headers: NAV }, expect: { status: 400, event: { code: 'malformed_callback' } } },
  { name: 'form_post with a charset parameter', request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=${STATE}`, contentType: 'application/x-www-form-urlencoded; charset=UTF-8' }, expect: { status: 403 } },
  { name: 'form_post over 64 KB: 413', rawBodyOnly: true, request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=${STATE}&pad=${'a'.repeat(70 * 1024)}` }, expect: { status: 413 } },
  { name: 'form_post repeated error: 400', request: { method: 'POST', path: CALLBACK, form: `error=access_denied&error=login_required&state=${STATE}` }, expect: { status: 400, event: { code: 'malformed_callback', reason: 'repeated_parameter' } } },
  { name: 'POST JSON is not a form_post response', request: { method: 'POST', path: CALLBACK, form: '{"error":"access_denied"}', contentType: 'application/json' }, expect: { status: 200, passed: true } },

  // Hostile input
  { name: 'repeated error: 400 malformed', request: { path: `${CALLBACK}?error=access_denied&error=login_required&state=x` }, expect: { status: 400, bodyIncludes: ['not valid'], event: { code: 'malformed_callback', parameter: 'error' } } },
  { name: 'repeated state: 400 malformed', request: { path: `${CALLBACK}?error=access_denied&state=a&state=b` }, expect: { status: 400 } },
  { name: 'array syntax (qs makes it an array): malformed', request: { path: `${CALLBACK}?error[]=access_denied&state=x` }, expect: { status: 400, event: { code: 'malformed_callback', reason: 'not_text', parameter: 'error' } } },
  { name: 'nested object syntax (qs makes it an object): malformed', request: { path: `${CALLBACK}?error=access_denied&state[a]=x` }, expect: { status: 400, event: { code: 'malformed_callback', reason: 'not_text', parameter: 'state' } } },
  { name: 'invalid percent-encoding: 400', request: { path: `${CALLBACK}?error=access_denied&state=%E0%A4%A&x=%ZZ` }, expect: { status: 400, event: { code: 'malformed_callback', reason: 'invalid_encoding' } } },
  { name: 'an error that is not an OAuth code: 400 and not reflected', request: { path: q({ error: XSS, state: STATE }), headers: NAV }, expect: { status: 400, bodyExcludes: [XSS, '<script>'] } },
  // Node refuses request heads over 16 KB itself (431), so long values in a query are tested at 12 KB
  // and 100 KB values through form_post.
  { name: 'a 100 KB URL is refused by Node with 431, not a 500', request: { path: q({ error: 'access_denied', state: 's'.repeat(100 * 1024) }) }, expect: { status: 431, passed: false } },
  { name: 'a 12 KB error: 400', request: { path: q({ error: 'a'.repeat(12 * 1024), state: STATE }) }, expect: { status: 400, event: { reason: 'too_long' } } },
  { name: 'a 12 KB state: 400', request: { path: q({ error: 'access_denied', state: 's'.repeat(12 * 1024) }) }, expect: { status: 400 } },
  { name: 'a 12 KB description is cut, not fatal', request: { path: q({ error: 'access_denied', state: STATE, error_description: 'd'.repeat(12 * 1024) }) }, expect: { status: 403 } },
  { name: 'a 60 KB form_post state: 400', request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=${'s'.repeat(60 * 1024)}` }, expect: { status: 400, event: { reason: 'too_long', parameter: 'state' } } },
  { name: 'a 60 KB form_post description is cut', request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=x&error_description=${'d'.repeat(60 * 1024)}` }, expect: { status: 403 } },
  { name: 'a 100 KB form_post: 413', rawBodyOnly: true, request: { method: 'POST', path: CALLBACK, form: `error=access_denied&state=x&error_description=${'d'.repeat(100 * 1024)}` }, expect: { status: 413 } },
  { name: 'error_description is never shown in production', request: { path: q({ error: 'access_denied', state: STATE, error_description: `${XSS} call +1-555-SCAM` }), headers: NAV }, expect: { status: 403, bodyExcludes: [XSS, 'SCAM', '&lt;script'] } },
  {
    name: 'error_description is shown escaped in development',
    options: { development: true },
    request: { path: q({ error: 'access_denied', state: STATE, error_description: XSS }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['&lt;script&gt;alert(1)&lt;/script&gt;'], bodyExcludes: [XSS] },
  },
  {
    name: 'javascript: error_uri is never a link',
    options: { development: true, trustedErrorUriHosts: ['developer.okta.com'] },
    request: { path: q({ error: 'access_denied', state: STATE, error_uri: 'javascript:alert(1)' }), headers: NAV },
    expect: { status: 403, bodyExcludes: ['href="javascript:'] },
  },
  {
    name: 'an https error_uri on a trusted host is a link in development',
    options: { development: true, trustedErrorUriHosts: ['developer.okta.com'] },
    request: { path: q({ error: 'access_denied', state: STATE, error_uri: 'https://developer.okta.com/docs/x' }), headers: NAV },
    expect: { status: 403, bodyIncludes: ['href="https://developer.okta.com/docs/x"'] },
  },
  { name: 'an untrusted error_uri host is not a link', options: { development: true, trustedErrorUriHosts: ['developer.okta.com'] }, request: { path: q({ error: 'access_denied', state: STATE, error_uri: 'https://evil.example/x' }), headers: NAV }, expect: { status: 403, bodyExcludes: ['href="https://evil.example'] } },
  { name: 'CR/LF in the description never reaches the event unstripped', request: { path: q({ error: 'access_denied', state: STATE, error_description: 'a\r\nFAKE LOG LINE' }) }, expect: { status: 403, event: { description: 'a FAKE LOG LINE' } } },
  { name: 'NUL and unicode are fine', request: { path: `${CALLBACK}?error=access_denied&state=%00%E2%80%A8&error_description=%F0%9F%92%A5` }, expect: { status: 403 } },
  { name: 'CR/LF-laden state cannot reach a header', request: { path: `${CALLBACK}?error=login_required&state=a%0d%0aSet-Cookie:%20x=1` , headers: NAV }, expect: { status: 303, location: '/login?prompt=login', headers: { 'x': undefined } } },
  { name: 'HEAD gets the status without a body', request: { method: 'HEAD', path: q({ error: 'access_denied', state: STATE }) }, expect: { status: 403 } },
  { name: 'a trailing slash on the callback path is tolerated', request: { path: `${CALLBACK}/?error=access_denied&state=x` }, expect: { status: 403 } },
  { name: 'the callback path is matched exactly', request: { path: `${CALLBACK}x?error=access_denied&state=x` }, expect: { status: 404 } },
  { name: 'several callback paths', options: { callbackPath: ['/cb', '/other/cb'] }, request: { path: '/other/cb?error=access_denied&state=x' }, expect: { status: 403 } },
];

function expect_string(): RegExp {
  return /./;
}
