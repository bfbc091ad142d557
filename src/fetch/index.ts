/**
 * `okta-error-handler/fetch`: `Request` in, `Response` out, for Next.js, Bun, Deno, Workers. Nothing in its
 * import graph needs Node; `{ file }` templates (a file system) are refused at start-up: pass a function.
 * @module
 */
import { interceptCallback } from '../core/callback/handle.js';
import { mayBeErrorResponse } from '../core/callback/read.js';
import type { RequestFacts } from '../core/http/request.js';
import type { HttpResponse } from '../core/http/response.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options/index.js';
import { respondToUpstreamError } from '../core/upstream/respond.js';

export * from '../public.js';

/** Options of both Fetch handlers; `verifyState`, `loginUrl`, `actions` and `isSignedIn` receive the `Request`. */
export type FetchOktaErrorHandlerOptions<Req = Request> = OktaErrorHandlerOptions<Req>;
/** The same options, for `oktaApiErrorHandler`. */
export type FetchOktaApiErrorHandlerOptions<Req = Request> = FetchOktaErrorHandlerOptions<Req>;

/** Per request: the page's CSP nonce, what the hooks receive instead of the `Request` (Hono's `Context`), and the body when the `Request`'s was used. */
export interface FetchRequestInfo<Req = Request> {
  readonly nonce?: string | undefined;
  readonly req?: Req;
  readonly body?: () => Promise<unknown>;
}

/** The path and the path-plus-query of an absolute URL, as sent (no decoding, no normalisation). */
function split(url: string): { readonly path: string; readonly url: string } {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const rest = start === -1 ? '/' : url.slice(start);
  const end = rest.search(/[?#]/);
  return { path: end === -1 ? rest : rest.slice(0, end), url: rest };
}

function facts<Req>(request: Request, info: FetchRequestInfo<Req> | undefined): RequestFacts<Req> {
  const at = split(request.url);
  const headers: Record<string, string> = {}; // lower-case names, as the core expects
  request.headers.forEach((value, name) => void (headers[name] = value));
  return { method: request.method, path: at.path, url: at.url, headers, secure: request.url.startsWith('https:'), nonce: info?.nonce, req: (info?.req ?? request) as Req };
}

/** A body stream as async chunks, cancelled when the reader stops early (past the size cap). */
async function* chunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/** The core's answer as a `Response` (`Set-Cookie` values appended one by one; no body for HEAD). */
function toResponse(out: HttpResponse, method = 'GET'): Response {
  const headers = new Headers(out.headers);
  for (const cookie of out.cookies) headers.append('set-cookie', cookie);
  return new Response(method === 'HEAD' ? null : out.body, { status: out.status, headers });
}

/**
 * Callback interceptor: call it first in the route (or middleware) that owns the app's `redirect_uri`.
 * It answers an error response (a `Response`) and returns `undefined` for everything else, which the
 * route then handles as before. A form_post body is read from a clone, so the route can still read it.
 * @example
 * ```ts
 * const intercept = oktaErrorHandler({ loginPath: '/login', issuer: process.env.OKTA_ISSUER });
 * export async function GET(request: Request) {
 *   return (await intercept(request)) ?? completeSignIn(request);
 * }
 * ```
 * @throws InvalidOptionError when an option is wrong (at start-up, not per request).
 */
export function oktaErrorHandler<Req = Request>(options?: FetchOktaErrorHandlerOptions<Req>): (request: Request, info?: FetchRequestInfo<Req>) => Promise<Response | undefined> {
  const resolved = resolveOptions(options);
  return async function oktaErrorHandler(request, info) {
    const at = split(request.url);
    if (!isCallbackPath(resolved.callbackPaths, at.path) || !mayBeErrorResponse(request.method, at.url, request.headers.get('content-type') ?? undefined)) return undefined;
    const consumed = request.bodyUsed;
    const parsedBody = consumed ? await info?.body?.() : undefined;
    const result = await interceptCallback({ ...facts(request, info), parsedBody, consumed, stream: chunks(consumed ? null : request.clone().body) }, resolved);
    return result.pass ? undefined : toResponse(result.response, request.method);
  };
}

/**
 * Upstream handler: turns a failed call to Okta (or a sign-in library's callback failure) caught in a
 * route into a `Response`; `undefined` for an error it does not recognise (unless `handleAll`), which
 * the route rethrows or answers itself.
 * @example
 * ```ts
 * try { return Response.json(await listUsers()); } catch (err) { return (await respond(err, request)) ?? Promise.reject(err); }
 * ```
 */
export function oktaApiErrorHandler<Req = Request>(options?: FetchOktaApiErrorHandlerOptions<Req>): (error: unknown, request: Request, info?: FetchRequestInfo<Req>) => Promise<Response | undefined> {
  const resolved = resolveOptions(options, 'oktaApiErrorHandler');
  return async function oktaApiErrorHandler(error, request, info) {
    const out = await respondToUpstreamError(error, facts(request, info), resolved);
    return out ? toResponse(out.response, request.method) : undefined;
  };
}
