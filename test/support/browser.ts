/**
 * A tiny scriptable "browser" for end-to-end tests: a cookie jar, manual
 * redirect following with a recorded chain, navigation headers, HTML form
 * parsing/submission, and auto-submission of `response_mode=form_post` pages
 * (as a browser with JavaScript would).
 *
 * Transport note: requests are sent with `node:http`/`node:https`, not the
 * global `fetch`. Node's fetch (undici) always overwrites `Sec-Fetch-Mode` with
 * the request mode (`cors`) and a Request can never have mode `navigate`, so a
 * fetch-based client cannot look like a browser navigation to middleware that
 * inspects `Sec-Fetch-Mode`/`Sec-Fetch-Dest`.
 *
 * Usage:
 *   const b = new TestBrowser();
 *   const page = await b.navigate(`${rp}/login`);          // GET + follow redirects
 *   const done = await b.submit(page, { button: 'Sign in' }); // submit a form + follow
 *   done.chain  // every request since the address-bar navigation, with statuses
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

// ---------------------------------------------------------------------------
// types

export type FetchSite = 'none' | 'same-origin' | 'same-site' | 'cross-site';

/** One HTTP request/response the browser made. */
export interface Hop {
  method: string;
  url: string;
  status: number;
  /** Absolute redirect target, when the response had a `Location` header. */
  location?: string;
  /** The urlencoded form fields sent with a POST (e.g. a form_post callback). */
  form?: Record<string, string>;
  /** Names of the cookies sent with the request. */
  cookiesSent: string[];
  /** The `Sec-Fetch-Site` value that was sent. */
  site: FetchSite;
}

export interface Page {
  url: string;
  method: string;
  status: number;
  headers: Headers;
  body: string;
  /** Absolute `Location` of a redirect response. */
  location?: string;
  /**
   * Every request since the last address-bar navigation (`get`/`post`/`navigate`),
   * in order, including redirects, auto-submitted form_post pages and forms
   * submitted with `submitForm`/`submit`. The last entry is this page.
   */
  chain: Hop[];
  /** Navigation context (initiator + redirect URL list), used for SameSite and Sec-Fetch-Site. */
  navigation: Navigation;
}

export interface Navigation {
  /** URL of the document that started this navigation; undefined = typed into the address bar. */
  initiator?: string;
  /** URLs requested in this navigation so far (redirects included). */
  urls: string[];
  /** Whether a user gesture started it (adds `Sec-Fetch-User: ?1`). */
  userActivated: boolean;
}

export interface RequestOptions {
  /** Extra/overriding request headers; `null` removes a default header. */
  headers?: Record<string, string | null>;
  /** URL of the page that initiated the navigation (default: none, i.e. typed URL). */
  initiator?: string;
}

export interface FollowOptions {
  /** Max redirects + auto-submitted forms to follow (default: browser option, 20). */
  max?: number;
  /** Auto-submit JavaScript auto-post pages such as form_post responses (default true). */
  autoSubmit?: boolean;
}

export interface BrowserOptions {
  /** Headers added to (or, with `null`, removed from) every request. */
  headers?: Record<string, string | null>;
  maxRedirects?: number;
  autoSubmit?: boolean;
}

export interface FormSelector {
  /** Match the form's action: exact absolute URL, its pathname, a suffix, or a RegExp on the absolute URL. */
  action?: string | RegExp;
  /** Click this button (matched on its text, `name` or `value`); also selects its form. */
  button?: string | RegExp;
  /** Form `id` attribute. */
  id?: string;
  /** Index among the forms matching the other criteria (default 0). */
  index?: number;
}

export interface FormControl {
  name: string;
  value: string;
  type: string;
}

export interface FormButton {
  name?: string;
  value: string;
  type: string;
  text: string;
}

export interface ParsedForm {
  /** Absolute action URL (the page URL when the form has no action). */
  action: string;
  method: 'GET' | 'POST';
  id?: string;
  /** Values a submission sends by default (inputs, checked boxes, selects, textareas; no buttons). */
  fields: Record<string, string>;
  controls: FormControl[];
  buttons: FormButton[];
  html: string;
}

// ---------------------------------------------------------------------------
// HTML parsing (regex-based; good enough for server-rendered test pages)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Attributes of a start tag's inner text (`<input a="b" c>` → `{ a: 'b', c: '' }`), names lower-cased. */
export function parseAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const inner = tag.replace(/^<\s*[a-z0-9-]+/i, '').replace(/\/?>$/, '');
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** All `<input type="hidden">` name/value pairs in the HTML (later duplicates win). */
export function parseHiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = parseAttributes(m[0]);
    if ((a.type ?? '').toLowerCase() === 'hidden' && a.name) out[a.name] = a.value ?? '';
  }
  return out;
}

function stripTags(html: string): string {
  return decodeHtmlEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** Parse every `<form>` in the HTML. Relative actions are resolved against `baseUrl`. */
export function parseForms(html: string, baseUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form\s*>/gi)) {
    const formHtml = m[0];
    const openTag = /^<form\b[^>]*>/i.exec(formHtml)![0];
    const attrs = parseAttributes(openTag);
    const method = (attrs.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const action = new URL(attrs.action || baseUrl, baseUrl).href;

    const controls: FormControl[] = [];
    const buttons: FormButton[] = [];
    const fields: Record<string, string> = {};

    for (const input of formHtml.matchAll(/<input\b[^>]*>/gi)) {
      const a = parseAttributes(input[0]);
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'image') {
        buttons.push({ ...(a.name ? { name: a.name } : {}), value: a.value ?? '', type, text: a.value ?? '' });
        continue;
      }
      if (!a.name || 'disabled' in a || type === 'button' || type === 'reset' || type === 'file') continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      const value = a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      controls.push({ name: a.name, value, type });
      fields[a.name] = value;
    }

    for (const b of formHtml.matchAll(/<button\b[^>]*>[\s\S]*?<\/button\s*>/gi)) {
      const a = parseAttributes(/^<button\b[^>]*>/i.exec(b[0])![0]);
      const type = (a.type ?? 'submit').toLowerCase();
      if (type !== 'submit' || 'disabled' in a) continue;
      buttons.push({ ...(a.name ? { name: a.name } : {}), value: a.value ?? '', type, text: stripTags(b[0]) });
    }

    for (const s of formHtml.matchAll(/<select\b[^>]*>[\s\S]*?<\/select\s*>/gi)) {
      const a = parseAttributes(/^<select\b[^>]*>/i.exec(s[0])![0]);
      if (!a.name || 'disabled' in a) continue;
      const options = [...s[0].matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => {
        const oa = parseAttributes(`<option ${o[1]}>`);
        return { value: oa.value ?? decodeHtmlEntities(o[2]!).trim(), selected: 'selected' in oa };
      });
      const chosen = options.find((o) => o.selected) ?? options[0];
      if (!chosen) continue;
      controls.push({ name: a.name, value: chosen.value, type: 'select' });
      fields[a.name] = chosen.value;
    }

    for (const t of formHtml.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea\s*>/gi)) {
      const a = parseAttributes(`<textarea ${t[1]}>`);
      if (!a.name || 'disabled' in a) continue;
      const value = decodeHtmlEntities(t[2]!.replace(/^\r?\n/, ''));
      controls.push({ name: a.name, value, type: 'textarea' });
      fields[a.name] = value;
    }

    forms.push({ action, method, ...(attrs.id ? { id: attrs.id } : {}), fields, controls, buttons, html: formHtml });
  }
  return forms;
}

/**
 * The form a page submits by script on load (e.g. oidc-provider's
 * `response_mode=form_post` page: `document.forms[0].submit()`), if any.
 */
export function findAutoSubmitForm(html: string, baseUrl: string): ParsedForm | undefined {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)].map((m) => m[1]!).join('\n');
  if (!/\.submit\(\s*\)/.test(scripts)) return undefined;
  const forms = parseForms(html, baseUrl);
  const byIndex = /document\.forms\[(\d+)\]\.submit\(/.exec(scripts);
  if (byIndex) return forms[Number(byIndex[1])];
  return forms.find((f) => f.method === 'POST') ?? forms[0];
}

function matches(pattern: string | RegExp, ...candidates: Array<string | undefined>): boolean {
  return candidates.some((c) => c !== undefined && (typeof pattern === 'string' ? c === pattern : pattern.test(c)));
}

function actionMatches(pattern: string | RegExp, action: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(action);
  return action === pattern || new URL(action).pathname === pattern || action.endsWith(pattern);
}

/** Find a form (and the button to click) on a page. Throws a descriptive error when nothing matches. */
export function selectForm(page: Pick<Page, 'body' | 'url'>, selector: FormSelector = {}): { form: ParsedForm; button?: FormButton } {
  const forms = parseForms(page.body, page.url);
  const candidates: Array<{ form: ParsedForm; button?: FormButton }> = [];
  for (const form of forms) {
    if (selector.id !== undefined && form.id !== selector.id) continue;
    if (selector.action !== undefined && !actionMatches(selector.action, form.action)) continue;
    if (selector.button !== undefined) {
      const button = form.buttons.find((b) => matches(selector.button!, b.text, b.name, b.value));
      if (!button) continue;
      candidates.push({ form, button });
    } else {
      candidates.push({ form });
    }
  }
  const found = candidates[selector.index ?? 0];
  if (!found) {
    const summary = forms
      .map((f, i) => `  #${i} ${f.method} ${f.action} buttons=[${f.buttons.map((b) => JSON.stringify(b.text || b.value)).join(', ')}]`)
      .join('\n');
    throw new Error(`No form matching ${describeSelector(selector)} on ${page.url}\nForms on the page:\n${summary || '  (none)'}`);
  }
  return found;
}

function describeSelector(s: FormSelector): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof RegExp ? v.toString() : v));
}

// ---------------------------------------------------------------------------
// cookies

export interface Cookie {
  name: string;
  value: string;
  /** Host (hostOnly) or domain the cookie belongs to; ports are ignored, as in browsers. */
  domain: string;
  hostOnly: boolean;
  path: string;
  /** Epoch ms; undefined = session cookie. */
  expires?: number;
  secure: boolean;
  httpOnly: boolean;
  /** Missing SameSite is treated as Lax (Chromium's default). */
  sameSite: 'strict' | 'lax' | 'none';
  created: number;
}

function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const i = pathname.lastIndexOf('/');
  return i <= 0 ? '/' : pathname.slice(0, i);
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (!isIP(host) && host.endsWith(`.${domain}`));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function hostnameOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function isPotentiallyTrustworthy(url: URL): boolean {
  const host = hostnameOf(url);
  return url.protocol === 'https:' || host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host.startsWith('127.');
}

/** RFC 6265-style cookie jar, keyed by host (not port), with SameSite enforcement. */
export class CookieJar {
  #cookies: Cookie[] = [];
  #counter = 0;

  /** Store one `Set-Cookie` header value received from `requestUrl`. */
  setCookie(header: string, requestUrl: string | URL): void {
    const url = new URL(requestUrl);
    const host = hostnameOf(url);
    const [pair = '', ...attrParts] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!name) return;

    let domain = host;
    let hostOnly = true;
    let path: string | undefined;
    let expires: number | undefined;
    let maxAge: number | undefined;
    let secure = false;
    let httpOnly = false;
    let sameSite: Cookie['sameSite'] = 'lax';

    for (const part of attrParts) {
      const i = part.indexOf('=');
      const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : part.slice(i + 1).trim();
      switch (key) {
        case 'domain': {
          const d = val.replace(/^\./, '').toLowerCase();
          if (!d) break;
          if (!domainMatches(host, d)) return; // browsers reject cookies for foreign domains
          domain = d;
          hostOnly = false;
          break;
        }
        case 'path':
          path = val.startsWith('/') ? val : undefined;
          break;
        case 'expires': {
          const t = Date.parse(val);
          if (!Number.isNaN(t)) expires = t;
          break;
        }
        case 'max-age': {
          const n = Number(val);
          if (/^-?\d+$/.test(val) && Number.isFinite(n)) maxAge = n;
          break;
        }
        case 'secure':
          secure = true;
          break;
        case 'httponly':
          httpOnly = true;
          break;
        case 'samesite': {
          const v = val.toLowerCase();
          sameSite = v === 'strict' ? 'strict' : v === 'none' ? 'none' : 'lax';
          break;
        }
        default:
          break;
      }
    }
    if (maxAge !== undefined) expires = Date.now() + maxAge * 1000;
    path ??= defaultPath(url.pathname);

    const index = this.#cookies.findIndex((c) => c.name === name && c.domain === domain && c.path === path);
    const previous = index >= 0 ? this.#cookies[index] : undefined;
    if (index >= 0) this.#cookies.splice(index, 1);
    if (expires !== undefined && expires <= Date.now()) return; // deletion

    this.#cookies.push({
      name, value, domain, hostOnly, path, secure, httpOnly, sameSite,
      ...(expires !== undefined ? { expires } : {}),
      created: previous?.created ?? ++this.#counter,
    });
  }

  /** Cookies to send to `url`. `sameSiteContext` false = cross-site request; `method` for Lax rules. */
  cookiesFor(url: string | URL, { sameSiteContext = true, method = 'GET', topLevel = true } = {}): Cookie[] {
    const u = new URL(url);
    const host = hostnameOf(u);
    const now = Date.now();
    this.#cookies = this.#cookies.filter((c) => c.expires === undefined || c.expires > now);
    return this.#cookies
      .filter((c) => (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)))
      .filter((c) => pathMatches(u.pathname || '/', c.path))
      .filter((c) => !c.secure || isPotentiallyTrustworthy(u))
      .filter((c) => {
        if (sameSiteContext || c.sameSite === 'none') return true;
        // Lax: cross-site only for top-level navigations with a safe method.
        return c.sameSite === 'lax' && topLevel && (method === 'GET' || method === 'HEAD');
      })
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  }

  /** A cookie by name, optionally only those that would be sent to `url` (ignoring SameSite). */
  get(name: string, url?: string | URL): Cookie | undefined {
    const list = url ? this.cookiesFor(url) : this.all();
    return list.find((c) => c.name === name);
  }

  all(): Cookie[] {
    const now = Date.now();
    return this.#cookies.filter((c) => c.expires === undefined || c.expires > now).map((c) => ({ ...c }));
  }

  /** Remove cookies (all, or by name, optionally limited to a host). */
  clear(name?: string, host?: string): void {
    this.#cookies = this.#cookies.filter((c) => (name !== undefined && c.name !== name) || (host !== undefined && c.domain !== host));
  }
}

// ---------------------------------------------------------------------------
// site / origin helpers

/** Approximate "site" (scheme + registrable domain): IPs and single-label hosts are their own site. */
export function siteOf(url: string | URL): string {
  const u = new URL(url);
  const host = hostnameOf(u);
  const labels = host.split('.');
  const registrable = isIP(host) || labels.length <= 2 ? host : labels.slice(-2).join('.');
  return `${u.protocol}//${registrable}`;
}

function fetchSite(nav: Navigation, target: string): FetchSite {
  if (nav.initiator === undefined) return 'none';
  const urls = [...nav.urls, target];
  const origin = new URL(nav.initiator).origin;
  if (urls.every((u) => new URL(u).origin === origin)) return 'same-origin';
  const site = siteOf(nav.initiator);
  if (urls.every((u) => siteOf(u) === site)) return 'same-site';
  return 'cross-site';
}

/** SameSite context: same-site when the initiator (or the first URL of a typed navigation) and every hop share a site. */
function isSameSiteContext(nav: Navigation, target: string): boolean {
  const urls = [...nav.urls, target];
  const site = siteOf(nav.initiator ?? urls[0]!);
  return urls.every((u) => siteOf(u) === site);
}

function refererFor(initiator: string | undefined, target: string): string | undefined {
  if (!initiator) return undefined;
  const from = new URL(initiator);
  from.hash = '';
  // strict-origin-when-cross-origin
  return from.origin === new URL(target).origin ? from.href : `${from.origin}/`;
}

// ---------------------------------------------------------------------------
// the browser

const DEFAULT_HEADERS: Record<string, string> = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 TestBrowser/1.0',
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'Accept-Language': 'en-US,en;q=0.9',
  'Upgrade-Insecure-Requests': '1',
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'document',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(page: Pick<Page, 'status' | 'location'>): boolean {
  return REDIRECT_STATUSES.has(page.status) && page.location !== undefined;
}

interface SendOptions {
  method: string;
  url: string;
  form?: Record<string, string>;
  headers?: Record<string, string | null>;
  navigation: Navigation;
  chain: Hop[];
}

export class TestBrowser {
  readonly cookies = new CookieJar();
  /** Every request this browser ever made. */
  readonly history: Hop[] = [];
  readonly options: Required<Pick<BrowserOptions, 'maxRedirects' | 'autoSubmit'>> & Pick<BrowserOptions, 'headers'>;

  constructor(options: BrowserOptions = {}) {
    this.options = { maxRedirects: 20, autoSubmit: true, ...options };
  }

  /** One GET request (no redirect following), as if typed in the address bar unless `initiator` is given. */
  get(url: string | URL, opts: RequestOptions = {}): Promise<Page> {
    return this.#send({
      method: 'GET',
      url: String(url),
      ...(opts.headers ? { headers: opts.headers } : {}),
      navigation: { ...(opts.initiator ? { initiator: opts.initiator } : {}), urls: [], userActivated: true },
      chain: [],
    });
  }

  /** One urlencoded POST request (no redirect following). */
  post(url: string | URL, form: Record<string, string> | URLSearchParams, opts: RequestOptions = {}): Promise<Page> {
    return this.#send({
      method: 'POST',
      url: String(url),
      form: form instanceof URLSearchParams ? Object.fromEntries(form) : form,
      ...(opts.headers ? { headers: opts.headers } : {}),
      navigation: { ...(opts.initiator ? { initiator: opts.initiator } : {}), urls: [], userActivated: true },
      chain: [],
    });
  }

  /** GET + follow (redirects and auto-submitted form_post pages). */
  async navigate(url: string | URL, opts: RequestOptions & FollowOptions = {}): Promise<Page> {
    return this.follow(await this.get(url, opts), opts);
  }

  /**
   * Follow redirects (303/302/301 → GET; 307/308 keep method and body) and, by
   * default, auto-submit JavaScript auto-post pages, up to `max` steps.
   */
  async follow(page: Page, opts: FollowOptions = {}): Promise<Page> {
    const max = opts.max ?? this.options.maxRedirects;
    const autoSubmit = opts.autoSubmit ?? this.options.autoSubmit;
    let current = page;
    for (let steps = 0; ; steps++) {
      const redirect = isRedirect(current);
      const autoForm = !redirect && autoSubmit ? findAutoSubmitForm(current.body, current.url) : undefined;
      if (!redirect && !autoForm) return current;
      if (steps >= max) {
        throw new Error(`Too many redirects/auto-submits (max ${max}):\n${formatChain(current.chain)}`);
      }
      if (redirect) {
        const keepMethod = current.status === 307 || current.status === 308;
        const method = keepMethod || current.method === 'HEAD' ? current.method : 'GET';
        const lastForm = current.chain[current.chain.length - 1]?.form;
        current = await this.#send({
          method,
          url: current.location!,
          ...(keepMethod && lastForm ? { form: lastForm } : {}),
          navigation: { ...current.navigation, urls: [...current.navigation.urls, current.url] },
          chain: current.chain,
        });
      } else {
        current = await this.#submitParsed(current, autoForm!, undefined, {}, false);
      }
    }
  }

  /**
   * Submit a form on `page` (one request, not followed). Select it by action,
   * id or the button to click; `fields` override/add values.
   */
  submitForm(page: Page, selector: FormSelector = {}, fields: Record<string, string> = {}): Promise<Page> {
    const { form, button } = selectForm(page, selector);
    return this.#submitParsed(page, form, button, fields, true);
  }

  /** `submitForm` + `follow`. */
  async submit(page: Page, selector: FormSelector = {}, fields: Record<string, string> = {}, opts: FollowOptions = {}): Promise<Page> {
    return this.follow(await this.submitForm(page, selector, fields), opts);
  }

  #submitParsed(page: Page, form: ParsedForm, button: FormButton | undefined, fields: Record<string, string>, userActivated: boolean): Promise<Page> {
    const data: Record<string, string> = { ...form.fields };
    if (button?.name) data[button.name] = button.value;
    Object.assign(data, fields);
    const navigation: Navigation = { initiator: page.url, urls: [], userActivated };
    if (form.method === 'GET') {
      const url = new URL(form.action);
      url.search = new URLSearchParams(data).toString();
      return this.#send({ method: 'GET', url: url.href, navigation, chain: page.chain });
    }
    return this.#send({ method: 'POST', url: form.action, form: data, navigation, chain: page.chain });
  }

  async #send(opts: SendOptions): Promise<Page> {
    const { method, navigation } = opts;
    const url = new URL(opts.url);
    url.hash = '';
    const target = url.href;

    const site = fetchSite(navigation, target);
    const sameSiteContext = isSameSiteContext(navigation, target);
    const cookies = this.cookies.cookiesFor(url, { sameSiteContext, method, topLevel: true });

    const headers: Record<string, string> = { ...DEFAULT_HEADERS, 'Sec-Fetch-Site': site };
    if (navigation.userActivated) headers['Sec-Fetch-User'] = '?1';
    const referer = refererFor(navigation.initiator, target);
    if (referer) headers.Referer = referer;
    if (cookies.length) headers.Cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');

    let body: string | undefined;
    if (opts.form !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = new URLSearchParams(opts.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      // Browsers send Origin on POST navigations; "null" after a cross-origin redirect.
      const crossOriginRedirect = navigation.urls.some((u) => new URL(u).origin !== new URL(navigation.urls[0]!).origin);
      headers.Origin = navigation.initiator && !crossOriginRedirect ? new URL(navigation.initiator).origin : 'null';
    }
    applyOverrides(headers, this.options.headers);
    applyOverrides(headers, opts.headers);

    const res = await rawRequest(method, url, headers, body);

    for (const setCookie of res.headers.getSetCookie()) this.cookies.setCookie(setCookie, url);

    const locationHeader = res.headers.get('location');
    const location = locationHeader !== null ? new URL(locationHeader, url).href : undefined;
    const hop: Hop = {
      method,
      url: target,
      status: res.status,
      ...(location !== undefined ? { location } : {}),
      ...(body !== undefined ? { form: { ...opts.form } } : {}),
      cookiesSent: cookies.map((c) => c.name),
      site,
    };
    this.history.push(hop);

    return {
      url: target,
      method,
      status: res.status,
      headers: res.headers,
      body: res.body,
      ...(location !== undefined ? { location } : {}),
      chain: [...opts.chain, hop],
      navigation,
    };
  }
}

function applyOverrides(headers: Record<string, string>, overrides: Record<string, string | null> | undefined): void {
  if (!overrides) return;
  for (const [name, value] of Object.entries(overrides)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    if (value !== null) headers[name] = value;
  }
}

function rawRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: Headers; body: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers: body !== undefined ? { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } : headers,
        agent: false, // no pooled sockets left behind between tests
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          const raw = res.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!);
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`Request timed out: ${method} ${url.href}`)));
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------
// chain helpers for assertions

/** Human-readable chain, handy in assertion messages. */
export function formatChain(chain: Hop[]): string {
  return chain
    .map((h, i) => `  ${i + 1}. ${h.method} ${h.url} → ${h.status}${h.location ? ` → ${h.location}` : ''}${h.form ? ` form=${JSON.stringify(h.form)}` : ''}`)
    .join('\n');
}

/** Hops whose URL pathname equals `pathname` (optionally restricted to an origin). */
export function hopsTo(chain: Hop[], pathname: string, origin?: string): Hop[] {
  return chain.filter((h) => {
    const u = new URL(h.url);
    return u.pathname === pathname && (origin === undefined || u.origin === origin);
  });
}

/**
 * The authorization response parameters a hop carried: the query string for a
 * GET, the urlencoded body for a POST (form_post).
 */
export function responseParams(hop: Hop): Record<string, string> {
  if (hop.method === 'POST' && hop.form) return { ...hop.form };
  return Object.fromEntries(new URL(hop.url).searchParams);
}
