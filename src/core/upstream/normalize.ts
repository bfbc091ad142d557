/**
 * One shape for every way a call to Okta can fail: `normalizeOktaError` for a thrown error or a body,
 * `normalizeOktaResponse` for a fetch `Response`. Shapes are recognised in `recognise.ts` and classified
 * in `classify.ts`.
 *
 * The result separates what is safe for anyone (`status`, `title`, `detail`, `causes`, all from the
 * catalogs or redacted) from what is for developers (`hint`, `summary`). Upstream text never reaches
 * `title` or `detail`.
 * @module
 */
import { readCapped } from '../http/read-body.js';
import { classify, rethrown } from './classify.js';
import { OEH_UPSTREAM_ERROR, UpstreamError } from './errors.js';
import type { NormalizeContext, NormalizedOktaError } from './model.js';
import { isObject } from '../objects.js';
import { fromText, isResponseLike, MAX_ERROR_BODY_BYTES, recognise, toStatus } from './recognise.js';

export type { NormalizeContext, NormalizedOktaError, UpstreamSource } from './model.js';
export { MAX_ERROR_BODY_BYTES } from './recognise.js';

/** How many `cause` links {@link normalizeOktaError} follows from an error it does not recognise. */
export const MAX_CAUSE_DEPTH = 5;

// Duck-typed as well as instanceof, so a second copy of this library (ESM and CJS) is still recognised.
function isUpstreamError(value: unknown): value is UpstreamError {
  // Stryker disable next-line ConditionalExpression: a real UpstreamError also passes the duck-typed check below; instanceof is the fast path
  if (value instanceof UpstreamError) return true;
  if (!isObject(value) || value.code !== OEH_UPSTREAM_ERROR || !isObject(value.normalized)) return false;
  return typeof value.normalized.status === 'number' && typeof value.normalized.code === 'string';
}

/**
 * Normalizes a failed upstream call, or returns `undefined` when `input` is not one this library
 * recognises (or is a 2xx `Response`). Pure and synchronous; never throws, whatever the input.
 *
 * Recognised: a raw Okta error body (object or JSON text), `@okta/okta-sdk-nodejs` `OktaApiError` and
 * `HttpError`, openid-client v6 errors (`OAUTH_*` codes) and v5 `OPError`/`RPError`, a non-2xx fetch
 * `Response` (status and headers only: use {@link normalizeOktaResponse} to read its body), http-errors
 * errors, and this library's own {@link UpstreamError}; also any of these as the `cause` of an error it
 * does not recognise (up to {@link MAX_CAUSE_DEPTH} levels, cycles ignored).
 *
 * @example
 * ```ts
 * const n = normalizeOktaError(err, { kind: 'refresh' })
 * if (n?.action === 'session_expired') return res.redirect('/login')
 * ```
 * @group Upstream
 */
export function normalizeOktaError(input: unknown, context: NormalizeContext = {}): NormalizedOktaError | undefined {
  try {
    // `new Error('loading user failed', { cause: oktaApiError })`: an unrecognised error is looked
    // through, by its `cause`, a few levels deep and never twice.
    const seen = new Set<unknown>();
    let current = input;
    for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth++) {
      if (isUpstreamError(current)) return rethrown(current.normalized, context);
      const facts = recognise(current, context);
      if (facts === null) return undefined;
      if (facts) return classify(facts, context);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a primitive has no cause, and a cycle only revisits what was not recognised until MAX_CAUSE_DEPTH ends the loop: the seen set saves work, not a different answer
      if (!isObject(current) || seen.has(current)) return undefined;
      seen.add(current);
      current = current.cause;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: the next turn of the loop recognises nothing in undefined or null and returns undefined too
      if (current === undefined || current === null) return undefined;
    }
    return undefined;
  } catch {
    // Hostile getters or proxies: treat as unrecognised rather than throw from an error path.
    return undefined;
  }
}

/** The chunks of a fetch body: a web `ReadableStream` (undici) or a Node stream (node-fetch v2, the Okta SDK's client). */
async function* chunksOf(body: unknown): AsyncIterable<unknown> {
  // Stryker disable next-line ConditionalExpression: a primitive body makes the 'in' below throw, and readResponseText's caller treats an unreadable body as no text
  if (!isObject(body)) return;
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<unknown>;
    return;
  }
  if (typeof body.getReader !== 'function') return;
  const reader = (body as unknown as ReadableStream<Uint8Array>).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    // Stopped early (past the cap): drop the rest rather than buffer a hostile or runaway body.
    void reader.cancel().catch(() => {});
  }
}

/** At most {@link MAX_ERROR_BODY_BYTES} of a response's body: the stream is closed past the cap. */
async function readResponseText(res: Response): Promise<string> {
  if (res.bodyUsed || !res.body) return '';
  const read = await readCapped(chunksOf(res.body), MAX_ERROR_BODY_BYTES, { overflow: 'truncate', timeoutMs: 30_000 });
  return read.ok ? read.text : '';
}

/**
 * Normalizes a fetch `Response` from Okta, reading its body once, at most 64 KiB of it (the stream is
 * cancelled past the cap). Returns `undefined` for a 2xx response. Never rejects: if the body cannot be
 * read, the status and headers alone decide.
 *
 * @example
 * ```ts
 * const res = await fetch(`${orgUrl}/api/v1/users/${id}`, { headers })
 * const problem = await normalizeOktaResponse(res)
 * if (problem) throw new UpstreamError(problem)
 * ```
 * @group Upstream
 */
export async function normalizeOktaResponse(res: Response, context: NormalizeContext = {}): Promise<NormalizedOktaError | undefined> {
  try {
    if (!isResponseLike(res)) return normalizeOktaError(res, context);
    const status = toStatus(res.status);
    if (status !== undefined && status >= 200 && status < 300) return undefined;
    let text = '';
    try {
      text = await readResponseText(res);
    } catch {
      // Unreadable body (reset connection, already locked): fall back on status and headers.
    }
    return classify(fromText(text, 'fetch', status, res.headers), context);
  } catch {
    return undefined;
  }
}
