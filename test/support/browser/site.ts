/** Sites and origins: Sec-Fetch-Site, SameSite contexts and Referer, as browsers compute them. */
import { isIP } from 'node:net';
import { type FetchSite, type Navigation } from './types.js';
import { hostnameOf } from './cookies.js';


/** Approximate "site" (scheme + registrable domain): IPs and single-label hosts are their own site. */
export function siteOf(url: string | URL): string {
  const u = new URL(url);
  const host = hostnameOf(u);
  const labels = host.split('.');
  const registrable = isIP(host) || labels.length <= 2 ? host : labels.slice(-2).join('.');
  return `${u.protocol}//${registrable}`;
}

export function fetchSite(nav: Navigation, target: string): FetchSite {
  if (nav.initiator === undefined) return 'none';
  const urls = [...nav.urls, target];
  const origin = new URL(nav.initiator).origin;
  if (urls.every((u) => new URL(u).origin === origin)) return 'same-origin';
  const site = siteOf(nav.initiator);
  if (urls.every((u) => siteOf(u) === site)) return 'same-site';
  return 'cross-site';
}

/** SameSite context: same-site when the initiator (or the first URL of a typed navigation) and every hop share a site. */
export function isSameSiteContext(nav: Navigation, target: string): boolean {
  const urls = [...nav.urls, target];
  const site = siteOf(nav.initiator ?? urls[0]!);
  return urls.every((u) => siteOf(u) === site);
}

export function refererFor(initiator: string | undefined, target: string): string | undefined {
  if (!initiator) return undefined;
  const from = new URL(initiator);
  from.hash = '';
  // strict-origin-when-cross-origin
  return from.origin === new URL(target).origin ? from.href : `${from.origin}/`;
}
