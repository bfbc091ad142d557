/**
 * What the limiter reads from an answer, whatever shape it came in: its status and headers, from a
 * fetch `Response` (or node-fetch's), an object with both, or a thrown error that carries them (the
 * Okta SDK's `OktaApiError` and `HttpError`). Nothing else of the answer is read.
 * @module
 */
import { isObject } from '../core/objects.js';

/** An answer's status and headers. */
export interface Answer {
  readonly status: number;
  readonly headers: unknown;
}


/** Status and headers of a fetch-like `Response`, or of any object with a numeric `status` and `headers`. */
export function answerOfResponse(value: unknown): Answer | undefined {
  if (!isObject(value) || typeof value.status !== 'number' || !isObject(value.headers)) return undefined;
  return { status: value.status, headers: value.headers };
}

/** Status and headers of a thrown error that carries an answer (the Okta SDK's `OktaApiError`, `HttpError`). */
export const answerOfError: (error: unknown) => Answer | undefined = answerOfResponse;
