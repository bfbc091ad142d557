/** Helpers for assertions on a navigation's chain of requests. */
import { type Hop } from './types.js';


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
