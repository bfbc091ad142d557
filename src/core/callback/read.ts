/**
 * The one entry point both adapters call for a request on the callback path: decides whether the
 * request is an error response at all, reads it from the right place (the query for GET, the
 * form_post body for POST, never mixed), and hands it to {@link handleCallback}.
 * @module
 */
import { handleCallback, type CallbackResponse } from './decide.js';
import type { ResolvedOptions } from '../options.js';
import { hasErrorParameter, parseCallback, parseCallbackObject, type ParsedCallback } from './parse.js';
import { formToObject, isFormContentType, MAX_FORM_BYTES, readFormBody, type FormBody } from '../http/read-body.js';
import { html } from '../render/html.js';
import { clientHints, headerValue, type RequestHeaders } from '../http/negotiate.js';
import type { ViewRenderer } from '../render/templates.js';
import { readTransport } from '../http/transport.js';

/** What an adapter hands in. Header names lower-case, as Node gives them. */
export interface CallbackSource<Req> {
  readonly method: string;
  readonly path: string;
  /** The raw request URL (path and query) as received: the query is read from it, not from a parser. */
  readonly url: string;
  /** The URL as the browser sent it, a mounted router's prefix included (`req.originalUrl`). Default: `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: RequestHeaders;
  /** The body a framework parser already produced, or `undefined` when none ran. */
  readonly parsedBody: unknown;
  /** Whether something already read the request stream (a body parser). */
  readonly consumed: boolean;
  /** The raw request stream, read (capped) only when no parser ran. */
  readonly stream: AsyncIterable<unknown>;
  readonly secure: boolean;
  readonly nonce?: string | undefined;
  /** The framework's view rendering, for `{ view }` templates. */
  readonly renderView?: ViewRenderer | undefined;
  readonly req: Req;
}

/** `pass`: call the app's route (with `body` set when the interceptor consumed the stream). */
export type Intercepted =
  | { readonly pass: true; readonly body?: Record<string, string | string[]> }
  | { readonly pass: false; readonly response: CallbackResponse };

const PASS: Intercepted = Object.freeze({ pass: true });

const unread = (status: number, title: string, text: string): CallbackResponse =>
  Object.freeze({
    status,
    headers: Object.freeze({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', connection: 'close' }),
    cookies: [],
    body: html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`.toString(),
  });

const UNREAD: Readonly<Record<(FormBody & { ok: false })['reason'], CallbackResponse>> = Object.freeze({
  too_large: unread(413, 'Request too large', `This sign-in response is larger than ${MAX_FORM_BYTES / 1024} KB and was not read. Please start again.`),
  timeout: unread(408, 'Request timeout', 'This sign-in response took too long to arrive and was not read. Please start again.'),
});

/**
 * Synchronous first look, before anything is allocated for the request: `false` means the request is
 * certainly not an error response (a GET without an `error` parameter, a non-form POST, another
 * method) and the adapter calls `next()` at once. `true` means {@link interceptCallback} must look.
 */
export function mayBeErrorResponse(method: string, url: string, contentType: string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD') {
    const q = url.indexOf('?');
    if (q === -1) return false;
    const hash = url.indexOf('#', q);
    return hasErrorParameter(hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash));
  }
  return method === 'POST' && isFormContentType(contentType);
}

/**
 * Reads a request on the callback path. Requests that are not error responses pass untouched; GET
 * requests without an `error` parameter cost one string scan.
 */
export async function interceptCallback<Req>(source: CallbackSource<Req>, options: ResolvedOptions<Req>): Promise<Intercepted> {
  let parsed: ParsedCallback;
  let body: Record<string, string | string[]> | undefined;
  if (source.method === 'GET' || source.method === 'HEAD') {
    const q = source.url.indexOf('?');
    if (q === -1) return PASS;
    const hash = source.url.indexOf('#', q);
    const raw = source.url.slice(q + 1, hash === -1 ? undefined : hash);
    if (!hasErrorParameter(raw)) return PASS;
    parsed = parseCallback(raw);
  } else if (source.method === 'POST' && isFormContentType(headerValue(source.headers, 'content-type'))) {
    const pre = source.consumed ? source.parsedBody : undefined;
    if (source.consumed && (pre === undefined || pre === null)) return PASS;
    if (pre !== undefined && pre !== null && typeof pre === 'object' && !Buffer.isBuffer(pre)) {
      if (!Object.hasOwn(pre, 'error')) return PASS;
      parsed = parseCallbackObject(pre as Record<string, unknown>);
    } else if (typeof pre === 'string' || Buffer.isBuffer(pre)) {
      const raw = pre.toString();
      if (!hasErrorParameter(raw)) return PASS;
      parsed = parseCallback(raw);
    } else {
      const read = await readFormBody(source.stream);
      if (!read.ok) return { pass: false, response: UNREAD[read.reason] };
      const raw = read.text;
      if (!hasErrorParameter(raw)) return { pass: true, body: formToObject(raw) };
      parsed = parseCallback(raw);
      body = formToObject(raw);
    }
  } else {
    return PASS;
  }
  const original = source.originalUrl ?? source.url;
  const response = await handleCallback(
    {
      method: source.method,
      path: source.path,
      originalPath: original.slice(0, original.search(/[?#]|$/)),
      parsed,
      hints: clientHints(source.headers),
      cookie: headerValue(source.headers, 'cookie'),
      transport: readTransport(source.headers, source.secure),
      nonce: source.nonce,
      acceptLanguage: headerValue(source.headers, 'accept-language'),
      renderView: source.renderView,
      req: source.req,
    },
    options,
  );
  return response ? { pass: false, response } : body ? { pass: true, body } : PASS;
}
