/**
 * `createOktaRateLimiter`: `fetch`, the Okta SDK executor and `schedule`, three doors to one {@link Engine}.
 * @module
 */
import { InvalidOptionError } from '../core/errors.js';
import { answerOfResponse } from './answer.js';
import { cleanBucketName, orgOf } from './bucket.js';
import { OktaRequestExecutor, type OktaRequestExecutorOptions } from './executor.js';
import { Engine } from './limiter.js';
import { resolveRateLimiterOptions, type FetchLike, type OktaRateLimiterOptions } from './options.js';

/** Options of {@link OktaRateLimiter.schedule}. */
export interface ScheduleOptions {
  /** The bucket the call counts against, such as `GET /api/v1/users`. */
  readonly bucket: string;
  /** The org, such as `https://acme.okta.com` (default: the limiter's `orgUrl`). */
  readonly org?: string;
  /** Stops waiting; the abort reason is thrown. */
  readonly signal?: AbortSignal;
}

/** What `createOktaRateLimiter` returns. */
export interface OktaRateLimiter {
  /**
   * A drop-in `fetch`: waits for the call's bucket, calls, learns from the answer. A 429 is retried
   * (at most twice) when the request can be sent again and the reset fits in `maxWaitMs`; otherwise
   * the 429 is returned as Okta sent it.
   * @throws UpstreamError (E0000047, 503 with `Retry-After`) when the wait needed is past `maxWaitMs`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** A request executor for `@okta/okta-sdk-nodejs` 8: `new okta.Client({ orgUrl, token, requestExecutor })`. */
  requestExecutor(options?: OktaRequestExecutorOptions): OktaRequestExecutor;
  /**
   * Runs any call under the limiter, counted against `options.bucket`. It learns when `fn` returns a
   * fetch `Response` (or an object with `status` and `headers`) or throws an error that carries them,
   * such as the Okta SDK's `OktaApiError`; other results leave the bucket gated by concurrency only.
   * @throws UpstreamError (E0000047, 503 with `Retry-After`) when the wait needed is past `maxWaitMs`.
   */
  schedule<T>(fn: () => T | Promise<T>, options: ScheduleOptions): Promise<T>;
}

/** Whether a fetch request can be sent a second time (its body is not a one-shot stream). */
function replayable(input: string | URL | Request, init: RequestInit | undefined): boolean {
  if (init?.body !== undefined && init.body !== null) {
    const body: unknown = init.body;
    return typeof body === 'string' || body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob || body instanceof FormData;
  }
  return !(input instanceof Request) || input.body === null;
}

/**
 * A rate limiter for calls to Okta that every instance of the app can share. It learns each bucket's
 * limit, remaining calls and reset from Okta's headers on every answer, waits (with jitter) when a
 * bucket is down to its reserve, and refuses with the same `UpstreamError` an Okta rate limit gives
 * when the wait would be longer than `maxWaitMs`.
 *
 * @example
 * ```ts
 * import { createOktaRateLimiter } from 'okta-error-handler/rate-limit';
 * const limiter = createOktaRateLimiter({ reserve: 0.1, maxWaitMs: 10_000 });
 * const res = await limiter.fetch('https://acme.okta.com/api/v1/users?limit=200', { headers: { authorization: 'SSWS …' } });
 * ```
 * @throws InvalidOptionError when an option is wrong (when created, never on a call).
 */
export function createOktaRateLimiter(options?: OktaRateLimiterOptions): OktaRateLimiter {
  const engine = new Engine(resolveRateLimiterOptions(options));
  const fetchImpl = (): FetchLike => engine.options.fetch ?? (globalThis.fetch as FetchLike);
  return Object.freeze({
    fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
      const url = input instanceof Request ? input.url : String(input);
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      return engine.run(engine.refFor(url, method), () => fetchImpl()(input, init), {
        inspect: answerOfResponse,
        retry: replayable(input, init),
        discard: (res) => void res.body?.cancel().catch(() => {}),
        signal: init?.signal ?? (input instanceof Request ? input.signal : undefined),
      });
    },
    requestExecutor(executorOptions?: OktaRequestExecutorOptions): OktaRequestExecutor {
      return new OktaRequestExecutor(engine, fetchImpl, executorOptions);
    },
    schedule<T>(fn: () => T | Promise<T>, scheduleOptions: ScheduleOptions): Promise<T> {
      const bucket = cleanBucketName(scheduleOptions?.bucket);
      if (bucket === undefined) return Promise.reject(new InvalidOptionError('bucket', 'must be a bucket name such as "GET /api/v1/users".'));
      const org = scheduleOptions.org === undefined ? engine.options.org : orgOf(scheduleOptions.org) || (cleanBucketName(scheduleOptions.org) ?? '');
      return engine.run({ org, bucket }, async () => fn(), {
        inspect: (value) => answerOfResponse(value) ?? { status: 200, headers: undefined },
        retry: false,
        signal: scheduleOptions.signal,
      });
    },
  });
}
