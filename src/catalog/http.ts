/**
 * Generic HTTP tables: reason phrases, the category a bare status means, and which statuses a retry can fix.
 * @module
 */
import { deepFreeze } from './freeze.js';
import type { OktaApiCategory, OktaApiPolicy } from './okta-api.js';

/** Reason phrases used as problem titles for the statuses this library answers with. */
export const HTTP_TITLES: Readonly<Record<number, string>> = deepFreeze({
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
});

/** Category of a bare HTTP status (an `http-errors` error, a status-only answer). */
export const CATEGORY_BY_STATUS: Readonly<Record<number, OktaApiCategory>> = deepFreeze({
  400: 'validation',
  401: 'authentication',
  403: 'permission',
  404: 'not_found',
  405: 'configuration',
  409: 'conflict',
  410: 'not_found',
  415: 'configuration',
  422: 'validation',
  429: 'rate_limit',
});

/** Statuses where the same request may succeed after a wait. */
export const RETRYABLE_STATUSES: readonly number[] = deepFreeze([408, 429, 500, 502, 503, 504]);

/** The title for `status`: its reason phrase, or the generic one of its class. */
export const titleOf = (status: number): string => HTTP_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/** Statuses that always pass a `Retry-After` on, whatever the row says: the client is told when to come back. */
export const RETRY_AFTER_STATUSES: readonly number[] = deepFreeze([429, 503]);

/** For developers, on every http-errors error this library answers. */
export const HTTP_ERROR_HINT = 'An http-errors error raised by the app or a library; its message is shown only when expose is true.';

/** The policy for an http-errors error of `status`: its category by status, a retry if the status says so. */
export function httpErrorPolicy(status: number): OktaApiPolicy {
  return {
    status,
    category: CATEGORY_BY_STATUS[status] ?? (status >= 500 ? 'upstream_failure' : 'validation'),
    retryable: RETRYABLE_STATUSES.includes(status),
    hint: HTTP_ERROR_HINT,
  };
}
