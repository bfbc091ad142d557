/**
 * The doctor's only way to call Okta: Node's own fetch, never following redirects (a redirect is
 * often the finding), with a cap on the body read and errors turned into one readable sentence.
 * @module
 */
import { isAllowedUrl } from './options.js';

/** A response with its body read (up to the cap). */
export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Local time (ms since the epoch) halfway between sending and the response headers: what `Date` is compared with. */
  readonly localTime: number;
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** A form body (sent as `application/x-www-form-urlencoded`). */
  readonly form?: URLSearchParams;
  readonly signal: AbortSignal;
  /** Most bytes of body kept. Default 1 MiB. */
  readonly maxBytes?: number;
}

/** A request that got no HTTP answer; the message says why in one line. */
export class NetworkError extends Error {
  /** The system or undici error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …) when there is one. */
  readonly errno?: string;
  constructor(message: string, errno?: string) {
    super(message);
    this.name = 'NetworkError';
    this.errno = errno;
  }
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const USER_AGENT = 'okta-error-handler-doctor';

/** Readable causes for the codes fetch reports most. */
const CAUSES: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed before a complete answer',
  UND_ERR_HEADERS_OVERFLOW: 'the response headers are too large',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the TLS chain (a TLS-inspecting proxy? set NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate cannot be verified (a TLS-inspecting proxy? set NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the TLS certificate cannot be verified (a TLS-inspecting proxy? set NODE_EXTRA_CA_CERTS)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate is for another host name',
});

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
  }
  return undefined;
}

/** One line for a failed request, naming the host and the cause. */
export function describeNetworkError(err: unknown, url: string): NetworkError {
  const code = errorCode(err);
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the text as given
  }
  const cause = code ? (CAUSES[code] ?? code) : 'no answer';
  return new NetworkError(`could not reach ${host}: ${cause}${code && CAUSES[code] ? ` (${code})` : ''}`, code);
}

const isAbort = (err: unknown) => err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');

/**
 * Sends one request. Throws {@link NetworkError} when there is no HTTP answer, and the signal's
 * reason when aborted. Refuses URLs that are neither https nor loopback http: discovery documents
 * are upstream data, and a credential must not travel in clear text.
 */
export async function request(url: string, init: HttpRequest): Promise<HttpResponse> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new NetworkError('the URL is not valid');
  }
  if (!isAllowedUrl(target)) throw new NetworkError(`refusing ${target.protocol}//${target.host}: only https (or http to a loopback host) is used`);
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT, ...init.headers };
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const sent = Date.now();
  let res: Response;
  try {
    res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form?.toString(),
      redirect: 'manual',
      signal: init.signal,
    });
  } catch (err) {
    if (init.signal.aborted || isAbort(err)) throw init.signal.reason ?? err;
    throw describeNetworkError(err, url);
  }
  const received = Date.now();
  let text: string;
  try {
    text = await readCapped(res, init.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (err) {
    if (init.signal.aborted || isAbort(err)) throw init.signal.reason ?? err;
    throw describeNetworkError(err, url);
  }
  return { url: target.href, status: res.status, headers: res.headers, text, localTime: Math.round((sent + received) / 2) };
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size >= maxBytes) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

type Json = Record<string, unknown>;

/** The body as a JSON object, or undefined. */
export function jsonObject(res: HttpResponse): Json | undefined {
  const value = parseJson(res.text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The body as JSON (any value), or undefined. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Own property of a parsed JSON object (inherited keys never answer). */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Json)[key] : undefined;
}
