/**
 * The callback pipeline, composed: read → verify (state, then iss) → decide → respond. The one entry
 * point both adapters call for a request on the callback path.
 * @module
 */
import { fixedTelemetry } from '../../catalog/telemetry.js';
import { emit, eventLabels, eventTime } from '../events.js';
import type { HttpResponse } from '../http/response.js';
import type { ResolvedOptions } from '../options/index.js';
import { sanitizeText } from '../text/redact.js';
import { decide } from './decide.js';
import { readCallback, type CallbackSource, type ReadBody } from './read.js';
import type { CallbackRequest } from './request.js';
import { respond } from './respond.js';
import { verify } from './verify.js';

/** Reports, once per handler, a cross-site POST callback reaching an app that does not see https. */
function warnInsecureFormPost<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): void {
  const { transport } = request;
  if (request.method !== 'POST' || transport.secure || transport.site !== 'cross-site' || !options.onError) return;
  const code = 'form_post_without_https';
  if (options.notices.has(code)) return;
  options.notices.add(code);
  emit(options.onError, {
    type: 'setup.warning',
    ...eventLabels(fixedTelemetry(code), 'setup.warning', options.docsUrl),
    code,
    message: transport.https
      ? 'A cross-site form_post callback arrived over https through a proxy, but the app does not see https: set Express\'s "trust proxy" (Koa: app.proxy = true). Until then the guard cookie is written for https from X-Forwarded-Proto.'
      : 'A cross-site form_post callback arrived over plain http: the guard cookie cannot be SameSite=None, so form_post error responses that redirect take one extra GET hop to the callback. Serve the app over https (behind a proxy: set "trust proxy" / app.proxy).',
    forwardedHttps: transport.https,
    path: sanitizeText(request.path, 256),
    time: eventTime(),
  });
}

/**
 * Handles an error response at the callback. Returns `undefined` when the decision is `pass` (the
 * adapter then calls the app's own route).
 * @group Pipeline
 */
export async function handleCallback<Req>(request: CallbackRequest<Req>, options: ResolvedOptions<Req>): Promise<HttpResponse | undefined> {
  const time = new Date();
  warnInsecureFormPost(request, options);
  const verified = await verify(request, options);
  return respond(decide(request, verified, options, Math.floor(time.getTime() / 1000)), request, options, time);
}

/**
 * `pass`: call the app's route (with `body` set when the interceptor consumed the stream).
 * @group Pipeline
 */
export type Intercepted = { readonly pass: true; readonly body?: ReadBody } | { readonly pass: false; readonly response: HttpResponse };

const PASS: Intercepted = Object.freeze({ pass: true });

/**
 * Reads a request on the callback path and, when it is an error response, handles it.
 * @group Pipeline
 */
export async function interceptCallback<Req>(source: CallbackSource<Req>, options: ResolvedOptions<Req>): Promise<Intercepted> {
  const read = await readCallback(source);
  if (read.kind === 'unread') return { pass: false, response: read.response };
  if (read.kind === 'pass') return read.body ? { pass: true, body: read.body } : PASS;
  const response = await handleCallback(read.request, options);
  return response ? { pass: false, response } : read.body ? { pass: true, body: read.body } : PASS;
}
