/**
 * Reading a form_post body from Nest middleware, then leaving it in the request stream for the route.
 *
 * On platform-fastify, Nest middleware runs in @fastify/middie's `onRequest` hook, before Fastify reads the
 * body: a body the middleware consumed never reaches Fastify's content-type parser, which then waits for an
 * `'end'` the stream has already emitted (the request hangs). So the body is read in paused mode
 * (`'readable'` and `read()`), and once the message is complete it is put back, whole, with `unshift()`, in
 * the same tick as the last `read()`: Node's stream schedules `'end'` for the next tick and does not emit it
 * while the stream holds data again (`endReadableNT` checks `state.length === 0`), so Fastify reads the body
 * as if nobody had. A body larger than the core's cap is not kept (the core answers 413 and closes).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { MAX_FORM_BYTES } from '../core/http/read-body.js';

/** Thrown into the core's read when the request ends before its body did. */
class RequestAborted extends Error {
  override readonly name = 'RequestAborted';
}

/**
 * The body of `req` as chunks, for the core's capped reader, and the whole body unshifted back into `req`
 * once `req.complete`. Nothing is read when the body is already complete and empty.
 */
export async function* readAndHandBack(req: IncomingMessage): AsyncGenerator<Buffer> {
  const settled = () => req.complete && req.readableLength === 0;
  if (settled()) return;
  const queue: Buffer[] = [];
  const kept: Buffer[] = [];
  let size = 0;
  let state = 'reading' as 'reading' | 'complete' | RequestAborted;
  let wake: (() => void) | undefined;
  const detach = () => {
    req.off('readable', onReadable).off('error', onAbort).off('close', onAbort);
  };
  function onReadable(): void {
    for (let chunk: Buffer | null; !settled() && (chunk = req.read() as Buffer | null) !== null; ) {
      queue.push(chunk);
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) kept.push(chunk);
    }
    if (settled()) {
      detach();
      // Synchronously, before the 'end' the last read() scheduled: see the module's comment.
      if (size > 0 && size <= MAX_FORM_BYTES) req.unshift(kept.length === 1 ? kept[0]! : Buffer.concat(kept));
      state = 'complete';
    }
    wake?.();
  }
  function onAbort(): void {
    detach();
    if (state === 'reading') state = new RequestAborted('The request ended before its body did.');
    wake?.();
  }
  req.on('readable', onReadable).on('error', onAbort).on('close', onAbort);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk !== undefined) yield chunk;
      else if (state === 'complete') return;
      else if (state instanceof RequestAborted) throw state;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (state === 'reading') detach();
  }
}
