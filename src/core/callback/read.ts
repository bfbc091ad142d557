/**
 * Reading a request on the callback path: is it an error response at all, and what does it say? Read
 * from the right place (the query for GET, the form_post body for POST, never mixed), through this
 * library's own parser, never a framework's. Deciding is for `decide.ts`.
 * @module
 */
import { clientHints, headerValue } from '../http/negotiate.js';
import { decodeUtf8, formToObject, isFormContentType, MAX_FORM_BYTES, readFormBody, type FormBody } from '../http/read-body.js';
import { unreadResponse, type HttpResponse } from '../http/response.js';
import { readTransport } from '../http/transport.js';
import { pathOf, type RequestFacts } from '../http/request.js';
import { hasErrorParameter, parseCallback, parseCallbackObject, type ParsedCallback } from './parse.js';
import type { CallbackRequest } from './request.js';

/**
 * What an adapter hands in for a request on the callback path: the request, and how to reach its body.
 * @group Pipeline
 */
export interface CallbackSource<Req> extends RequestFacts<Req> {
  /** The body a framework parser already produced, or `undefined` when none ran. */
  readonly parsedBody: unknown;
  /** Whether something already read the request stream (a body parser). */
  readonly consumed: boolean;
  /** The raw request stream, read (capped) only when no parser ran. */
  readonly stream: AsyncIterable<unknown>;
}

/**
 * A form body the interceptor read itself, as `express.urlencoded({ extended: false })` would leave it.
 * @group Pipeline
 */
export type ReadBody = Record<string, string | string[]>;

/**
 * What reading found: not an error response, one that could not be read, or one to handle.
 * @group Pipeline
 */
export type ReadCallback<Req> =
  | { readonly kind: 'pass'; readonly body?: ReadBody }
  | { readonly kind: 'unread'; readonly response: HttpResponse }
  | { readonly kind: 'read'; readonly request: CallbackRequest<Req>; readonly body?: ReadBody };

const PASS = Object.freeze({ kind: 'pass' }) as ReadCallback<never>;

const UNREAD: Readonly<Record<(FormBody & { ok: false })['reason'], HttpResponse>> = Object.freeze({
  too_large: unreadResponse(413, 'Request too large', `This sign-in response is larger than ${MAX_FORM_BYTES / 1024} KB and was not read. Please start again.`),
  timeout: unreadResponse(408, 'Request timeout', 'This sign-in response took too long to arrive and was not read. Please start again.'),
});

/** The raw query of a request URL (without `?` and fragment), or `undefined` when it has none. */
function queryOf(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash === -1 ? undefined : hash);
}

/**
 * Synchronous first look, before anything is allocated for the request: `false` means the request is
 * certainly not an error response (a GET without an `error` parameter, a non-form POST, another
 * method) and the adapter calls `next()` at once. `true` means {@link readCallback} must look.
 * @group Pipeline
 */
export function mayBeErrorResponse(method: string, url: string, contentType: string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD') {
    const query = queryOf(url);
    return query !== undefined && hasErrorParameter(query);
  }
  return method === 'POST' && isFormContentType(contentType);
}

/** The parsed response, from a GET's query or a POST's body (a parser's result, or the stream, capped). */
async function parse<Req>(source: CallbackSource<Req>): Promise<ReadCallback<Req> | { parsed: ParsedCallback; body?: ReadBody }> {
  if (source.method === 'GET' || source.method === 'HEAD') {
    const query = queryOf(source.url);
    return query === undefined || !hasErrorParameter(query) ? PASS : { parsed: parseCallback(query) };
  }
  if (source.method !== 'POST' || !isFormContentType(headerValue(source.headers, 'content-type'))) return PASS;
  const pre = source.consumed ? source.parsedBody : undefined;
  if (source.consumed && (pre === undefined || pre === null)) return PASS;
  if (pre !== undefined && pre !== null && typeof pre === 'object' && !(pre instanceof Uint8Array)) {
    return Object.hasOwn(pre, 'error') ? { parsed: parseCallbackObject(pre as Record<string, unknown>) } : PASS;
  }
  if (typeof pre === 'string' || pre instanceof Uint8Array) {
    // A raw body parser's Buffer (a Uint8Array), decoded as Buffer's toString() would.
    const raw = typeof pre === 'string' ? pre : decodeUtf8(pre);
    return hasErrorParameter(raw) ? { parsed: parseCallback(raw) } : PASS;
  }
  const read = await readFormBody(source.stream);
  if (!read.ok) return { kind: 'unread', response: UNREAD[read.reason] };
  const body = formToObject(read.text);
  return hasErrorParameter(read.text) ? { parsed: parseCallback(read.text), body } : { kind: 'pass', body };
}

/**
 * What the pipeline is given for a request on the callback path, and what it said (`parsed`).
 * @group Pipeline
 */
export function callbackRequest<Req>(facts: RequestFacts<Req>, parsed: ParsedCallback): CallbackRequest<Req> {
  return {
    method: facts.method,
    path: facts.path,
    originalPath: pathOf(facts.originalUrl ?? facts.url),
    parsed,
    hints: clientHints(facts.headers),
    cookie: headerValue(facts.headers, 'cookie'),
    transport: readTransport(facts.headers, facts.secure === true),
    nonce: facts.nonce,
    acceptLanguage: headerValue(facts.headers, 'accept-language'),
    renderView: facts.renderView,
    req: facts.req,
  };
}

/**
 * Reads a request on the callback path. Requests that are not error responses pass untouched; a GET
 * without an `error` parameter costs one string scan.
 * @group Pipeline
 */
export async function readCallback<Req>(source: CallbackSource<Req>): Promise<ReadCallback<Req>> {
  const found = await parse(source);
  if ('kind' in found) return found;
  const request = callbackRequest(source, found.parsed);
  return found.body ? { kind: 'read', request, body: found.body } : { kind: 'read', request };
}
