/**
 * Reading a form_post body when no body parser ran: size-capped, so a hostile client cannot make the
 * interceptor buffer more than the cap.
 * @module
 */

/** Largest form_post body read, in bytes (64 KiB). Past it the callback answers 413. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Longest a form_post body may take to arrive, in ms. A browser sends one at once. */
export const FORM_READ_TIMEOUT_MS = 10_000;

/** What {@link readFormBody} read: the text, or why it gave up. */
export type FormBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too_large' | 'timeout' };

/**
 * Reads a urlencoded body of at most `limit` bytes into a buffer of that size (so nothing past the cap
 * can be kept). Past the cap it drains a little (so a client that sent a modest excess reads the 413
 * rather than a reset socket), then stops: a client streaming without end gets its connection closed
 * after `limit * 16` bytes. A body still arriving after `timeoutMs` is given up on too.
 */
export async function readFormBody(stream: AsyncIterable<unknown>, limit = MAX_FORM_BYTES, timeoutMs = FORM_READ_TIMEOUT_MS): Promise<FormBody> {
  let body: Buffer | undefined;
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), timeout]);
      // The adapter answers 408 with `Connection: close`, which ends the socket and the pending read.
      if (next === 'timeout') return { ok: false, reason: 'timeout' };
      if (next.done) break;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
      if (size + chunk.length <= limit) {
        body ??= Buffer.allocUnsafe(limit);
        // A typed-array copy that cannot grow: a chunk past the cap would throw, not be kept.
        body.set(chunk, size);
      }
      size += chunk.length;
      if (size > limit * 16) {
        void Promise.resolve(iterator.return?.()).catch(() => {});
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return size > limit ? { ok: false, reason: 'too_large' } : { ok: true, text: body === undefined ? '' : body.toString('utf8', 0, size) };
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
