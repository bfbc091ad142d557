/**
 * The limiter as an `@okta/okta-sdk-nodejs` 8 request executor:
 * `new okta.Client({ orgUrl, token, requestExecutor: limiter.requestExecutor() })`.
 *
 * The SDK calls `requestExecutor.fetch(request)` with node-fetch options (`url`, `method`, `headers`,
 * `body`, `timeout`, `agent`) and reads the answer as a node-fetch `Response` (`status`, `headers`,
 * `text()`, `json()`, `buffer()`, `clone()`). This executor sends the request with the global `fetch`
 * (adding `buffer()`), or through `transport`, such as the SDK's own `new okta.RequestExecutor()` for
 * an https proxy or multipart uploads. It replaces the SDK's `DefaultRequestExecutor`, whose own 429
 * retries would hold a request for a whole reset behind the limiter's back.
 *
 * Like the SDK's `RequestExecutor` it is an EventEmitter and emits `request` before each call is sent
 * and `response` after.
 * @module
 */
import { isObject } from '../core/objects.js';
import { assertOption } from '../core/options/checks.js';
import { EventEmitter } from 'node:events';
import { answerOfResponse } from './answer.js';
import type { Engine } from './limiter.js';
import type { FetchLike } from './options.js';

/** The request the Okta SDK hands its executor (node-fetch options plus `url`). */
export interface OktaSdkRequest {
  url?: string;
  method?: string;
  headers?: Record<string, unknown> | undefined;
  body?: unknown;
  /** node-fetch's timeout in ms (0 = none). */
  timeout?: number;
  /** An http(s) agent: the SDK sets one for `httpsProxy`. */
  agent?: unknown;
  signal?: AbortSignal | null;
}

/** Anything that sends an SDK request: the SDK's own `RequestExecutor`, for instance. */
export interface OktaSdkTransport {
  fetch(request: OktaSdkRequest): Promise<unknown>;
}

/** Options of `limiter.requestExecutor()`. */
export interface OktaRequestExecutorOptions {
  /**
   * Sends the request instead of the global `fetch`: pass `new okta.RequestExecutor()` when the SDK
   * uses an https proxy (`agent`) or uploads files (multipart bodies), which the global fetch cannot send.
   */
  readonly transport?: OktaSdkTransport;
}


function unsupported(what: string): TypeError {
  return Object.assign(
    new TypeError(`okta-error-handler/rate-limit: the request has ${what}, which the global fetch cannot send; use limiter.requestExecutor({ transport: new okta.RequestExecutor() })`),
    { code: 'ERR_INVALID_ARG_VALUE' },
  );
}

/** Headers as fetch takes them: strings only; repeated values joined. */
function toHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(headers)) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** Whether the global fetch can send (and resend) this body. */
function plainBody(body: unknown): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams || ArrayBuffer.isView(body) || body instanceof ArrayBuffer;
}

/** A fetch `Response` that also answers node-fetch's `buffer()`, which the SDK calls for binary bodies. */
function withBuffer(res: Response): Response {
  if (!('buffer' in res)) {
    Object.defineProperty(res, 'buffer', { value: async () => Buffer.from(await res.arrayBuffer()), configurable: true });
  }
  return res;
}

/** The executor `limiter.requestExecutor()` returns. */
export class OktaRequestExecutor extends EventEmitter {
  readonly #engine: Engine;
  readonly #fetch: () => FetchLike;
  readonly #transport: OktaSdkTransport | undefined;

  /** @internal Made by `limiter.requestExecutor()`. */
  constructor(engine: Engine, fetchImpl: () => FetchLike, options: OktaRequestExecutorOptions = {}) {
    super();
    const transport: unknown = isObject(options) ? options.transport : undefined;
    assertOption(isObject(options), 'requestExecutor(options)', options, 'an object');
    assertOption(transport === undefined || (isObject(transport) && typeof transport.fetch === 'function'), 'transport', transport, 'an object with a fetch(request) method, such as new okta.RequestExecutor()');
    this.#engine = engine;
    this.#fetch = fetchImpl;
    this.#transport = transport as OktaSdkTransport | undefined;
  }

  /**
   * Sends one SDK request under the limiter. Resolves with the answer as the SDK reads it (a 429
   * included, which the SDK turns into an `OktaApiError`); rejects with the limiter's `UpstreamError`
   * when the wait needed is past `maxWaitMs`.
   */
  // The SDK types this as node-fetch's Response, a type this package does not depend on.
  fetch(request: OktaSdkRequest): Promise<any> {
    const url = String(request.url ?? '');
    const method = String(request.method ?? 'GET').toUpperCase();
    const transport = this.#transport;
    if (!transport) {
      if (request.agent) return Promise.reject(unsupported('an agent (the SDK is configured with an https proxy)'));
      if (!plainBody(request.body)) return Promise.reject(unsupported('a stream or multipart body'));
    }
    this.emit('request', request);
    const send = (): Promise<unknown> => {
      if (transport) return transport.fetch(request);
      const timeout = typeof request.timeout === 'number' && request.timeout > 0 ? AbortSignal.timeout(request.timeout) : undefined;
      const signals = [timeout, request.signal ?? undefined].filter((s): s is AbortSignal => s !== undefined);
      const init: RequestInit = { method, headers: toHeaders(request.headers), redirect: 'follow' };
      if (request.body !== undefined && request.body !== null) init.body = request.body as BodyInit;
      if (signals.length) init.signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
      return this.#fetch()(url, init).then(withBuffer);
    };
    return this.#engine
      .run(this.#engine.refFor(url, method), send, {
        inspect: answerOfResponse,
        retry: plainBody(request.body),
        discard: (res) => {
          const body = isObject(res) ? res.body : undefined;
          if (isObject(body) && typeof body.cancel === 'function') void (body.cancel as () => Promise<void>)().catch(() => {});
          else if (isObject(body) && typeof body.resume === 'function') (body.resume as () => void)();
        },
        signal: request.signal,
      })
      .then((res) => {
        this.emit('response', res);
        return res;
      });
  }
}
