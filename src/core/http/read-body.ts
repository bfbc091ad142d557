/**
 * Reading a form_post body when no body parser ran: size-capped, so a hostile client cannot make the
 * interceptor buffer more than the cap.
 * @module
 */

/** Largest form_post body read, in bytes (64 KiB). Past it the callback answers 413. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Longest a form_post body may take to arrive, in ms. A browser sends one at once. */
export const FORM_READ_TIMEOUT_MS = 10_000;

/** What a capped read got: the text, or why it gave up. */
export type CappedBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too_large' | 'timeout' };
/** What {@link readFormBody} read. */
export type FormBody = CappedBody;

/** Options of {@link readCapped}. */
export interface ReadCappedOptions {
  /**
   * Past the cap: `refuse` (drain a little, then `too_large`: a form_post body), or `truncate` (keep the
   * first `limit` bytes, stop reading: an upstream error body, where the start is enough).
   */
  readonly overflow: 'refuse' | 'truncate';
  /** Longest the body may take to arrive, in ms; `timeout` past it. Default {@link FORM_READ_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

// Web APIs, not Buffer: the core also runs where Node's globals are missing (Fetch API runtimes).
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });
/** Decodes as Buffer's `toString('utf8')` does: invalid bytes become U+FFFD, a leading BOM is kept. */
export const decodeUtf8 = (bytes: Uint8Array): string => DECODER.decode(bytes);

/**
 * The one capped body reader: at most `limit` bytes of `stream`, into a buffer of that size (so nothing
 * past the cap can be kept), decoded as UTF-8. A refused body is drained to `limit * 16` bytes at most
 * (so a client that sent a modest excess reads the 413 rather than a reset socket); a client streaming
 * without end gets its stream closed there.
 */
export async function readCapped(stream: AsyncIterable<unknown>, limit: number, options: ReadCappedOptions): Promise<CappedBody> {
  let body: Uint8Array | undefined;
  let size = 0;
  let kept = 0;
  const iterator = stream[Symbol.asyncIterator]();
  const stop = () => void Promise.resolve(iterator.return?.()).catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? FORM_READ_TIMEOUT_MS);
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), timeout]);
      // A form_post adapter answers 408 with `Connection: close`, which ends the socket and the pending read.
      if (next === 'timeout') return { ok: false, reason: 'timeout' };
      if (next.done) break;
      const chunk = typeof next.value === 'string' ? ENCODER.encode(next.value) : (next.value as Uint8Array);
      const fits = options.overflow === 'truncate' ? Math.min(chunk.length, limit - kept) : size + chunk.length <= limit ? chunk.length : 0;
      if (fits > 0) {
        body ??= new Uint8Array(limit);
        // A typed-array copy that cannot grow: a chunk past the cap would throw, not be kept.
        body.set(fits === chunk.length ? chunk : chunk.subarray(0, fits), kept);
        kept += fits;
      }
      size += chunk.length;
      if (options.overflow === 'truncate' ? kept >= limit : size > limit * 16) {
        stop();
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  if (options.overflow === 'refuse' && size > limit) return { ok: false, reason: 'too_large' };
  return { ok: true, text: body === undefined ? '' : decodeUtf8(body.subarray(0, kept)) };
}

/**
 * Reads a urlencoded body of at most `limit` bytes, refusing a larger one (`too_large`) or one still
 * arriving after `timeoutMs` (`timeout`). See {@link readCapped}.
 */
export function readFormBody(stream: AsyncIterable<unknown>, limit = MAX_FORM_BYTES, timeoutMs = FORM_READ_TIMEOUT_MS): Promise<FormBody> {
  return readCapped(stream, limit, { overflow: 'refuse', timeoutMs });
}

/** Whether a Content-Type is `application/x-www-form-urlencoded` (parameters ignored). */
export function isFormContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Decodes a urlencoded body to the object `express.urlencoded({ extended: false })` would give. */
export function formToObject(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = out[k];
    // Appending in place keeps this linear: copying the array per repeat made `a&a&a&…` quadratic.
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}
