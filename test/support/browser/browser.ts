/** The test browser: navigations, redirects, form submissions and form_post pages, over node:http(s). */
import { type BrowserOptions, type FollowOptions, type FormButton, type FormSelector, type Hop, type Navigation, type Page, type ParsedForm, type RequestOptions } from './types.js';
import { findAutoSubmitForm, selectForm } from './html.js';
import { type Cookie, CookieJar } from './cookies.js';
import { formatChain } from './chain.js';
import { fetchSite, isSameSiteContext, refererFor } from './site.js';
import http from 'node:http';
import https from 'node:https';


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
