/**
 * Reading a form_post body when no body parser ran: size-capped, so a hostile client cannot make the
 * interceptor buffer more than the cap.
 * @module
 */

/** Largest form_post body read, in bytes (64 KiB). Past it the callback answers 413. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Result of {@link readFormBody}: the text, or `undefined` when the body exceeded the cap. */
export async function readFormBody(stream: AsyncIterable<unknown>, limit = MAX_FORM_BYTES): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    // Past the cap, drain a little (so a client that sent a modest excess reads our 413 rather than a
    // reset socket), then stop: a client streaming without end gets its connection closed.
    if (size > limit * 16) break;
    if (size > limit) continue;
    chunks.push(buf);
  }
  return size > limit ? undefined : Buffer.concat(chunks).toString('utf8');
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
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
