/**
 * What the request says about how it reached the app: over https or not, and from which site. The loop
 * guard's cookie depends on both (see `guard.ts`).
 * @module
 */
import { headerValue, type RequestHeaders } from './negotiate.js';

/**
 * How a request reached the app, as far as the loop guard cares.
 * @group Reading
 */
export interface Transport {
  /** The app's own view: `req.secure` (Express, with `trust proxy`) or `ctx.secure` (Koa, with `app.proxy`). */
  readonly secure: boolean;
  /**
   * Whether the browser is on https: `secure`, or a TLS-terminating proxy says so in `X-Forwarded-Proto` or
   * `Forwarded: proto=https`. A client that forges the header only gets a `Secure` cookie its own plain-http
   * connection will not store: the guard then works as over http.
   */
  readonly https: boolean;
  /**
   * `cross-site` (`Sec-Fetch-Site: cross-site`, or an `Origin` other than the `Host`), `same-site` (the
   * browser sent its same-site cookies), or `unknown` (neither header).
   */
  readonly site: 'cross-site' | 'same-site' | 'unknown';
}

function firstToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim().toLowerCase();
}

/** `proto=https` in the first element of an RFC 7239 `Forwarded` header. */
function forwardedHttps(value: string | undefined): boolean {
  const first = firstToken(value?.slice(0, 1024));
  return first !== undefined && /(?:^|;)\s*proto\s*=\s*"?https"?\s*(?:;|$)/.test(first);
}

function siteOf(headers: RequestHeaders): Transport['site'] {
  const fetchSite = headerValue(headers, 'sec-fetch-site')?.trim().toLowerCase();
  if (fetchSite === 'cross-site') return 'cross-site';
  if (fetchSite === 'same-origin' || fetchSite === 'same-site' || fetchSite === 'none') return 'same-site';
  const origin = headerValue(headers, 'origin')?.trim();
  if (origin === undefined || origin === '') return 'unknown';
  // Stryker disable next-line ConditionalExpression,StringLiteral: new URL('null') throws, so the catch below answers cross-site for it too
  if (origin === 'null') return 'cross-site';
  const host = headerValue(headers, 'host')?.trim().toLowerCase();
  try {
    return host !== undefined && new URL(origin).host.toLowerCase() === host ? 'same-site' : 'cross-site';
  } catch {
    return 'cross-site';
  }
}

/**
 * Reads the {@link Transport} of a request from its headers and the framework's `secure`.
 * @group Reading
 */
export function readTransport(headers: RequestHeaders, secure: boolean): Transport {
  const https = secure || firstToken(headerValue(headers, 'x-forwarded-proto')?.slice(0, 256)) === 'https' || forwardedHttps(headerValue(headers, 'forwarded'));
  return { secure, https, site: siteOf(headers) };
}
