/**
 * Bounding the app's own hooks: a promise that never settles must not hold a request forever.
 * @module
 */

/** What {@link within} resolves to when `ms` passed first. */
export const TIMED_OUT: unique symbol = Symbol('okta-error-handler.timed-out');

/**
 * Calls `fn` and settles with its result, or with {@link TIMED_OUT} after `ms` milliseconds, whichever
 * comes first. A synchronous throw becomes a rejection. The timer never keeps the process alive.
 */
export async function within<T>(ms: number, fn: () => T | PromiseLike<T>): Promise<Awaited<T> | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(fn) as Promise<Awaited<T>>, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
