/**
 * The error a call gets when the limiter will not wait for it: the same `UpstreamError` an Okta
 * E0000047 (rate limit) becomes, so `oktaApiErrorHandler` answers it exactly as it answers Okta's own
 * wrapped in an `UpstreamError` (503 with `Retry-After`), and `withOktaRetry` treats it the same way.
 * Okta was not called, so there is no request id and no upstream status.
 * @module
 */
import { UpstreamError } from '../core/upstream/errors.js';
import { normalizeOktaError } from '../core/upstream/normalize.js';
import { MAX_RETRY_AFTER, MIN_RETRY_AFTER } from '../core/upstream/retry-after.js';
import { OKTA_CODE } from '../catalog/codes.js';

const BODY = Object.freeze({
  errorCode: OKTA_CODE.E0000047,
  errorSummary: 'Held by the shared rate limiter: the bucket is at its reserve until its reset, or the org is at its concurrency cap (Okta was not called).',
  errorLink: OKTA_CODE.E0000047,
  errorCauses: Object.freeze([]),
});

/** Seconds for `Retry-After` from a wait in ms: whole seconds, rounded up, 1–3600. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.min(MAX_RETRY_AFTER, Math.max(MIN_RETRY_AFTER, Math.ceil(waitMs / 1000)));
}

/** The `UpstreamError` (E0000047, 503, `Retry-After: retryAfter`) for a call the limiter refused. */
export function rateLimitedError(retryAfter: number): UpstreamError {
  const normalized = normalizeOktaError(BODY, { headers: { 'retry-after': String(retryAfterSeconds(retryAfter * 1000)) } });
  // E0000047 is a catalog row: normalizing it cannot come back empty.
  return new UpstreamError(normalized!);
}
