/**
 * A request on the callback path as an adapter reads it, for the unit tests of the callback pipeline
 * (`verify`, `decide`, `respond`): a top-level navigation GET of `/cb` unless `over` says otherwise.
 */
import { parseCallback } from '../../src/core/callback/parse.js';
import type { CallbackRequest } from '../../src/core/callback/request.js';
import { readTransport } from '../../src/core/http/transport.js';

/** A browser navigation's client hints. */
export const NAVIGATION: CallbackRequest<null>['hints'] = Object.freeze({ secFetchMode: 'navigate', accept: 'text/html' });

/** The request for `query`; `headers` decide the transport (https, the requesting site). */
export function callbackRequest(query: string, over: Partial<CallbackRequest<null>> = {}, headers: Record<string, string> = {}): CallbackRequest<null> {
  return { method: 'GET', path: '/cb', parsed: parseCallback(query), hints: NAVIGATION, transport: readTransport(headers, false), req: null, ...over };
}
