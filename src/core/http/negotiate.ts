/**
 * What kind of client is on the other end: a top-level browser navigation (which may be redirected), or
 * a script that wants JSON (which must never be bounced through a sign-in page).
 * @module
 */

/** q-value the Accept header gives `type` (most specific matching range wins; absent → 0). */
function qualityOf(accept: string, type: string, subtype: string): number {
  let best = -1;
  let bestSpecificity = -1;
  for (const range of accept.split(',')) {
    // Stryker disable next-line StringLiteral: split() always returns at least one element, so the default is never used
    const [mediaRange = '', ...params] = range.split(';');
    // Stryker disable next-line StringLiteral: the defaults apply only without a '/', where '' and any other filler match no subtype and no '*'
    const [t = '', s = ''] = mediaRange.trim().toLowerCase().split('/');
    const specificity = t === type && s === subtype ? 2 : t === type && s === '*' ? 1 : t === '*' && s === '*' ? 0 : -1;
    if (specificity < bestSpecificity || specificity === -1) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      // Stryker disable next-line OptionalChaining: k is always a string (split() returns at least one element)
      if (k?.trim().toLowerCase() === 'q') {
        const n = Number(v);
        q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
      }
    }
    if (specificity > bestSpecificity || q > best) {
      best = q;
      bestSpecificity = specificity;
    }
  }
  // Stryker disable next-line EqualityOperator: best <= 0 also returns 0 when best is 0
  return best < 0 ? 0 : best;
}

/**
 * True when `application/json` or `application/problem+json` ranks above `text/html` by q-value.
 * A missing Accept or `*\/*` prefers HTML: on the callback, that is a browser following a redirect.
 * @group Reading
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: slicing a string of 1,024 characters or fewer to 1,024 leaves it unchanged
  const capped = accept.length > 1024 ? accept.slice(0, 1024) : accept;
  const json = Math.max(qualityOf(capped, 'application', 'json'), qualityOf(capped, 'application', 'problem+json'));
  return json > 0 && json > qualityOf(capped, 'text', 'html');
}

/**
 * True when `text/html` ranks strictly above JSON: a browser asking for a page. A missing Accept or
 * `*\/*` is an API client, which gets problem+json.
 * @group Reading
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: slicing a string of 1,024 characters or fewer to 1,024 leaves it unchanged
  const capped = accept.length > 1024 ? accept.slice(0, 1024) : accept;
  const json = Math.max(qualityOf(capped, 'application', 'json'), qualityOf(capped, 'application', 'problem+json'));
  return qualityOf(capped, 'text', 'html') > json;
}

/**
 * Request headers as Node gives them: lower-case names, repeated ones as arrays.
 * @group Reading
 */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** One header's value, repeated headers joined as HTTP joins them. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The request headers that tell a navigation from a script.
 * @group Reading
 */
export interface ClientHints {
  readonly accept?: string | undefined;
  readonly secFetchMode?: string | undefined;
  readonly xRequestedWith?: string | undefined;
}

/**
 * Reads the {@link ClientHints} from request headers.
 * @group Reading
 */
export function clientHints(headers: RequestHeaders): ClientHints {
  return {
    accept: headerValue(headers, 'accept'),
    secFetchMode: headerValue(headers, 'sec-fetch-mode'),
    xRequestedWith: headerValue(headers, 'x-requested-with'),
  };
}

/**
 * A top-level navigation is `Sec-Fetch-Mode: navigate`; when the browser does not send that header, any
 * request that does not say it is XHR and does not prefer JSON. `jsonPreferred` passes in a
 * {@link prefersJson} result the caller already has.
 * @group Reading
 */
export function isNavigation(hints: ClientHints, jsonPreferred?: boolean): boolean {
  if (hints.secFetchMode) return hints.secFetchMode.toLowerCase() === 'navigate';
  if (hints.xRequestedWith && hints.xRequestedWith.toLowerCase() === 'xmlhttprequest') return false;
  return !(jsonPreferred ?? prefersJson(hints.accept));
}
