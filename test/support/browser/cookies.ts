/** The test browser's cookie jar: Domain, Path, Secure, SameSite and expiry, as browsers apply them. */
import { isIP } from 'node:net';


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

export function hostnameOf(url: URL): string {
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
