/**
 * The one response shape every core handler returns, and how each kind is built: the security headers
 * every answer carries, a 303, a page, problem+json. Adapters only copy it onto their framework's response.
 * @module
 */
import { deepFreeze } from '../../catalog/freeze.js';
import { html } from '../render/html.js';
import { PROBLEM_JSON, type ProblemDetails } from './problem.js';

/**
 * What an adapter writes. Header names are lower-case.
 * @group Pipeline
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** `Set-Cookie` values, kept apart because a header map cannot hold several. */
  readonly cookies: readonly string[];
  readonly body: string;
}

/** Headers on every answer of this library: nothing here may be cached, sniffed or leak the URL onwards. */
export const SECURITY_HEADERS = deepFreeze({
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

/** Extra headers for one answer (`retry-after`, `content-language`, …). */
export type ExtraHeaders = Readonly<Record<string, string | undefined>>;

function respond(status: number, contentType: string, body: string, extra: ExtraHeaders = {}, cookies: readonly string[] = []): HttpResponse {
  const headers: Record<string, string> = { ...SECURITY_HEADERS };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
  headers['content-type'] = contentType;
  return { status, headers, cookies, body };
}

/** A 303 to `location` (same-origin: the callers checked it), with `cookie` when given. */
export function seeOther(location: string, cookie?: string): HttpResponse {
  return respond(303, 'text/plain; charset=utf-8', `See Other: ${location}`, { location }, cookie === undefined ? [] : [cookie]);
}

/** An HTML page. */
export function htmlResponse(status: number, body: string, extra?: ExtraHeaders): HttpResponse {
  return respond(status, 'text/html; charset=utf-8', body, extra);
}

/** RFC 9457 problem details. */
export function problemResponse(status: number, problem: ProblemDetails, extra?: ExtraHeaders): HttpResponse {
  return respond(status, `${PROBLEM_JSON}; charset=utf-8`, JSON.stringify(problem), extra);
}

/**
 * A request this library would not read (too large, too slow): a minimal page, and `Connection: close`
 * so the rest of the body is never read.
 */
export function unreadResponse(status: number, title: string, text: string): HttpResponse {
  return htmlResponse(status, html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`.toString(), { connection: 'close' });
}
