/**
 * One shape for every way a call to Okta can fail: a raw error body, an Okta SDK error, an
 * openid-client error (v5 or v6), a fetch `Response`, or an http-errors error. Shapes are recognised by
 * duck typing; none of those libraries is imported.
 *
 * The result separates what is safe for anyone (`status`, `title`, `detail`, `causes`, all from the
 * catalogs or redacted) from what is for developers (`hint`, `summary`). Upstream text never reaches
 * `title` or `detail`.
 * @module
 */
import { CATEGORY_BY_STATUS, RETRYABLE_STATUSES, titleOf } from '../../catalog/http.js';
import {
  OKTA_API_CATEGORY_DETAIL,
  lookupOktaApiError,
  oktaApiFallback,
  type OktaApiCategory,
  type OktaApiPolicy,
} from '../../catalog/okta-api.js';
import {
  UNKNOWN_OAUTH_TOKEN_ERROR,
  lookupOAuthTokenError,
  lookupOpenIdClientError,
  type OAuthGrantKind,
  type UpstreamAction,
} from '../../catalog/oauth-token.js';
import { OEH_UPSTREAM_ERROR, UpstreamError } from './errors.js';
import { getHeader, type HeadersLike } from './headers.js';
import { redactSecrets, sanitizeText } from '../text/redact.js';
import { DEFAULT_RATE_LIMIT_RETRY_AFTER, parseRetryAfter } from './retry-after.js';
import { CLIENT_CODE } from '../../catalog/codes.js';

/** Which kind of value the error was recognised from. */
export type UpstreamSource = 'okta' | 'okta-sdk' | 'openid-client' | 'fetch' | 'http-errors';

/** Context for {@link normalizeOktaError}: what the caller knows that the error itself may not carry. */
export interface NormalizeContext {
  /** Upstream HTTP status, for inputs that do not carry one (a raw body, a body string). */
  readonly status?: number;
  /** Upstream response headers, for inputs that do not carry them. */
  readonly headers?: HeadersLike;
  /** The back-channel call that failed; decides what `invalid_grant` means. Default `code_exchange`. */
  readonly kind?: OAuthGrantKind;
  /**
   * Per-code status overrides, such as `{ E0000047: 429 }` to pass the org rate limit on as 429.
   * Values outside 400–599 are ignored.
   */
  readonly statusFor?: Readonly<Record<string, number>>;
  /** Local time for `Retry-After` when the response has no `Date` header (tests). */
  readonly now?: number | Date;
}

/** A failed upstream call, normalized. Every string is redacted, stripped of control characters and capped. */
export interface NormalizedOktaError {
  /** Status the app should answer with. */
  readonly status: number;
  /** Okta E-code, OAuth error code, openid-client code (`OAUTH_TIMEOUT`), `http_<status>` or `upstream_<status>`. */
  readonly code: string;
  /** HTTP reason phrase of `status`. Safe for production. */
  readonly title: string;
  /** One sentence from the catalogs. Safe for production; never upstream text. */
  readonly detail: string;
  /** `X-Okta-Request-Id`, for support tickets. */
  readonly requestId?: string;
  /** Okta's `errorId`, for support tickets. */
  readonly errorId?: string;
  /** Seconds to wait before retrying. Always set for rate limits (60 when headers give nothing). */
  readonly retryAfter?: number;
  /**
   * Okta's `errorCauses[].errorSummary` (at most 20, redacted, capped). For validation errors these
   * explain to the user which field is wrong; show them only when `status` < 500.
   */
  readonly causes: readonly string[];
  /** Status the upstream answered with, when there was an answer. */
  readonly upstreamStatus?: number;
  readonly category: OktaApiCategory;
  /** Whether the same call may succeed later unchanged. */
  readonly retryable: boolean;
  /** For developers: likely cause and fix. */
  readonly hint: string;
  /** What the app should do for the user, for OAuth grant failures. */
  readonly action?: UpstreamAction;
  /** Raw upstream summary or description, redacted and capped: for development mode only. */
  readonly summary?: string;
  /** Okta's `errorLink`. */
  readonly errorLink?: string;
  readonly source: UpstreamSource;
}

/** How many `cause` links {@link normalizeOktaError} follows from an error it does not recognise. */
export const MAX_CAUSE_DEPTH = 5;

/** Most bytes of an error body read or parsed (64 KiB). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_CAUSES = 20;
const OKTA_CODE = /^E\d{7}$/;
// RFC 6749 allows more characters, but every real code fits this, and it keeps markup and
// prototype keys (`__proto__`) out.
const OAUTH_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const OAUTH_IN_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const ID = /^[A-Za-z0-9._-]+/;

/** What a recogniser found; {@link decide} turns it into the normalized error. */
interface Facts {
  readonly source: UpstreamSource;
  readonly upstreamStatus?: number;
  readonly headers?: unknown;
  /** Parsed error body (Okta or OAuth shape), or the error object holding the same fields. */
  readonly body?: unknown;
  /** OAuth `error`/`error_description` carried outside a body (openid-client errors). */
  readonly oauthError?: unknown;
  readonly oauthDescription?: unknown;
  /** openid-client failure code (OPENID_CLIENT_ERRORS key). */
  readonly clientCode?: string;
  /** http-errors' own status and `expose` (its message is in `text`). */
  readonly http?: { readonly status: number; readonly expose: boolean };
  /** Free text for the development `summary` when nothing better exists. */
  readonly text?: unknown;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null;
// Data bodies are read through own keys only, so a polluted Object.prototype cannot inject fields.
const own = (value: unknown, key: string): unknown =>
  isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;

function isPlainObject(value: unknown): value is Obj {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function toStatus(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/**
 * An id for support tickets: the leading run of `[A-Za-z0-9._-]`, capped at 128, after redaction. Cutting
 * at the first other character (rather than deleting them) stops `abc\r\nSet-Cookie: …` at `abc`, and
 * redacting first turns a token planted as an id into nothing.
 */
function sanitizeId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return ID.exec(redactSecrets(value.slice(0, 1024).trim()))?.[0].slice(0, 128);
}

function isResponseLike(value: unknown): value is Response {
  if (typeof Response === 'function' && value instanceof Response) return true;
  return (
    isObject(value) &&
    typeof value.status === 'number' &&
    typeof value.ok === 'boolean' &&
    typeof value.text === 'function' &&
    isObject(value.headers) &&
    typeof (value.headers as Obj).get === 'function'
  );
}

/** Parses an error body text: JSON object if it is one (within the cap), else undefined. */
function parseBody(text: string): Obj | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || trimmed.length > MAX_ERROR_BODY_BYTES) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Facts for an error body given as text (a string input, an SDK HttpError, a fetched body). */
function fromText(text: string, source: UpstreamSource, upstreamStatus: number | undefined, headers: unknown): Facts {
  const body = parseBody(text);
  return body ? { source, upstreamStatus, headers, body } : { source, upstreamStatus, headers, text };
}

const hasOktaFields = (value: Obj) => Object.hasOwn(value, 'errorCode') || Object.hasOwn(value, 'errorSummary');
const hasOAuthField = (value: Obj) => typeof own(value, 'error') === 'string' && OAUTH_CODE.test(own(value, 'error') as string);

const responseHeaders = (input: Obj) => (isObject(input.response) ? input.response.headers : undefined);

/** Where oauth4webapi's OAuth error classes keep the error code, description, status and headers. */
const OPENID_CLIENT_SHAPES: Readonly<Record<string, (input: Obj) => Facts>> = Object.freeze({
  // The redirect's own parameters: no status, no headers.
  OAUTH_AUTHORIZATION_RESPONSE_ERROR: (input) => ({
    source: 'openid-client',
    oauthError: input.error,
    oauthDescription: input.error_description,
  }),
  OAUTH_RESPONSE_BODY_ERROR: (input) => ({
    source: 'openid-client',
    upstreamStatus: toStatus(input.status),
    headers: responseHeaders(input),
    oauthError: input.error,
    oauthDescription: input.error_description,
  }),
  // `cause` is the parsed challenges: [{ scheme, parameters: { error, error_description, … } }].
  OAUTH_WWW_AUTHENTICATE_CHALLENGE: (input) => {
    const challenges: unknown[] = Array.isArray(input.cause) ? input.cause.slice(0, 10) : [];
    const params = challenges.map((c) => own(c, 'parameters')).find((p) => typeof own(p, 'error') === 'string');
    return {
      source: 'openid-client',
      upstreamStatus: toStatus(input.status),
      headers: responseHeaders(input),
      oauthError: own(params, 'error'),
      oauthDescription: own(params, 'error_description'),
    };
  },
});

/**
 * Recognisers, tried in order; the first to return facts wins. `null` means "recognised, and not an
 * error" (a 2xx Response), which stops the search.
 */
const RECOGNISERS: ReadonlyArray<(input: unknown, ctx: NormalizeContext) => Facts | null | undefined> = [
  // A fetch Response: status and headers only, as the body cannot be read synchronously.
  (input) => {
    if (!isResponseLike(input)) return undefined;
    const status = toStatus(input.status);
    if (status !== undefined && status >= 200 && status < 300) return null;
    return { source: 'fetch', upstreamStatus: status, headers: input.headers };
  },
  // @okta/okta-sdk-nodejs: OktaApiError carries the parsed body's fields on itself.
  (input) => {
    if (!isObject(input) || input.name !== 'OktaApiError') return undefined;
    return { source: 'okta-sdk', upstreamStatus: toStatus(input.status), headers: input.headers, body: input };
  },
  // @okta/okta-sdk-nodejs: HttpError's message is `HTTP <status> <body text>`.
  (input) => {
    if (!isObject(input) || input.name !== 'HttpError' || !('status' in input)) return undefined;
    const message = typeof input.message === 'string' ? input.message : '';
    const text = message.slice(0, MAX_ERROR_BODY_BYTES + 32).replace(/^HTTP \S+ ?/, '');
    return fromText(text, 'okta-sdk', toStatus(input.status), input.headers);
  },
  // openid-client v6 / oauth4webapi, by `code`.
  (input) => {
    if (!isObject(input) || typeof input.code !== 'string' || !input.code.startsWith('OAUTH_')) return undefined;
    if (Object.hasOwn(OPENID_CLIENT_SHAPES, input.code)) return OPENID_CLIENT_SHAPES[input.code]!(input);
    if (!lookupOpenIdClientError(input.code)) return undefined;
    // RESPONSE_IS_NOT_CONFORM / _NOT_JSON carry the Response itself as `cause`.
    const cause = isResponseLike(input.cause) ? input.cause : undefined;
    return {
      source: 'openid-client',
      clientCode: input.code,
      upstreamStatus: toStatus(cause?.status),
      headers: cause?.headers,
      text: input.message,
    };
  },
  // No answer at all. Only fetch clients' own errors count: a bare ECONNREFUSED may be the app's database.
  (input) => {
    if (!isObject(input) || typeof input.name !== 'string') return undefined;
    const cause = isObject(input.cause) ? input.cause : undefined;
    const nodeFetch = input.name === 'FetchError';
    const undici = input.name === 'TypeError' && input.message === 'fetch failed';
    if (!nodeFetch && !undici && input.name !== 'TimeoutError') return undefined;
    const timeout =
      input.name === 'TimeoutError' ||
      (nodeFetch && typeof input.type === 'string' && input.type.endsWith('timeout')) ||
      [input.code, cause?.code].some((c) => c === 'ETIMEDOUT' || c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT');
    return { source: 'fetch', clientCode: timeout ? CLIENT_CODE.upstream_timeout : CLIENT_CODE.network_error, text: input.message };
  },
  // openid-client v5: OPError (an OAuth error answer) and RPError (the client rejected a response).
  (input) => {
    if (!isObject(input) || (input.name !== 'OPError' && input.name !== 'RPError')) return undefined;
    const response = isObject(input.response) ? input.response : undefined;
    const common = { source: 'openid-client', upstreamStatus: toStatus(response?.statusCode), headers: response?.headers } as const;
    return input.name === 'OPError'
      ? { ...common, oauthError: input.error, oauthDescription: input.error_description }
      : { ...common, clientCode: CLIENT_CODE.rp_error, text: input.message };
  },
  // http-errors (and anything following its convention, such as Koa's ctx.throw).
  (input) => {
    if (!isObject(input) || typeof input.expose !== 'boolean') return undefined;
    if (typeof input.name !== 'string' || !input.name.endsWith('Error')) return undefined;
    const raw = toStatus(input.status) ?? toStatus(input.statusCode);
    if (raw === undefined) return undefined;
    const status = raw >= 400 ? raw : 500;
    return { source: 'http-errors', http: { status, expose: input.expose }, headers: input.headers, text: input.message };
  },
  // A raw Okta or OAuth error body.
  (input, ctx) => {
    if (!isPlainObject(input) || !(hasOktaFields(input) || hasOAuthField(input))) return undefined;
    return { source: 'okta', upstreamStatus: toStatus(ctx.status), body: input };
  },
  // A body as text: JSON of an error body, or anything at all when the caller gave the status.
  (input, ctx) => {
    if (typeof input !== 'string') return undefined;
    const facts = fromText(input, 'okta', toStatus(ctx.status), undefined);
    const body = facts.body as Obj | undefined;
    if (body && (hasOktaFields(body) || hasOAuthField(body))) return facts;
    return facts.upstreamStatus === undefined ? undefined : facts;
  },
];

function readCauses(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const causes: string[] = [];
  for (const cause of value.slice(0, MAX_CAUSES * 5)) {
    const text = sanitizeText(own(cause, 'errorSummary'), 300);
    if (text) causes.push(text);
    if (causes.length === MAX_CAUSES) break;
  }
  return causes;
}


/** The app's `statusFor` entry for `code`, when it is a valid error status. */
function statusOverride(ctx: NormalizeContext, code: string): number | undefined {
  const override = ctx.statusFor && Object.hasOwn(ctx.statusFor, code) ? ctx.statusFor[code] : undefined;
  return typeof override === 'number' && Number.isInteger(override) && override >= 400 && override <= 599 ? override : undefined;
}

/** An {@link UpstreamError}'s decision, with the app's `statusFor` applied to it too. */
function rethrown(n: NormalizedOktaError, ctx: NormalizeContext): NormalizedOktaError {
  const status = statusOverride(ctx, n.code);
  return status === undefined || status === n.status ? n : Object.freeze({ ...n, status, title: titleOf(status) });
}

/** The catalog decision for recognised facts. */
function decide(facts: Facts, ctx: NormalizeContext): NormalizedOktaError {
  const headers = facts.headers ?? ctx.headers;
  const upstreamStatus = facts.upstreamStatus;
  const body = facts.body;
  // The SDK's OktaApiError holds the body's fields as its own properties, like a parsed body.
  const field = (key: string) => own(body, key);

  const rawCode = field('errorCode');
  // Okta's OAuth endpoints sometimes answer in the Okta shape with an OAuth code: `errorCode: 'invalid_client'`.
  const oauthRaw = facts.oauthError ?? (typeof rawCode === 'string' && OAUTH_IN_ERROR_CODE.test(rawCode) ? rawCode : field('error'));
  const oktaCode = typeof rawCode === 'string' && OKTA_CODE.test(rawCode) ? rawCode : undefined;
  const oauthCode = typeof oauthRaw === 'string' && OAUTH_CODE.test(oauthRaw) ? oauthRaw : undefined;

  let code: string;
  let policy: OktaApiPolicy & { readonly summary?: string; readonly action?: UpstreamAction };
  if (facts.http) {
    const { status } = facts.http;
    code = `http_${status}`;
    policy = {
      status,
      category: CATEGORY_BY_STATUS[status] ?? (status >= 500 ? 'upstream_failure' : 'validation'),
      retryable: RETRYABLE_STATUSES.includes(status),
      hint: 'An http-errors error raised by the app or a library; its message is shown only when expose is true.',
    };
  } else if (oktaCode) {
    code = oktaCode;
    policy = lookupOktaApiError(oktaCode) ?? oktaApiFallback(upstreamStatus, true);
  } else if (oauthCode) {
    code = oauthCode;
    const row = lookupOAuthTokenError(oauthCode, ctx.kind);
    // An unknown OAuth code on a 5xx is better described by the status than by "unknown code".
    policy = row === UNKNOWN_OAUTH_TOKEN_ERROR && (upstreamStatus ?? 0) >= 500 ? oktaApiFallback(upstreamStatus, false) : row;
  } else if (facts.clientCode) {
    code = facts.clientCode;
    policy = (upstreamStatus ?? 0) >= 500 ? oktaApiFallback(upstreamStatus, false) : lookupOpenIdClientError(facts.clientCode)!;
  } else {
    code = upstreamStatus === undefined ? 'upstream_error' : `upstream_${upstreamStatus}`;
    policy = oktaApiFallback(upstreamStatus, false);
  }

  const status = statusOverride(ctx, code) ?? policy.status;
  const category = policy.category;
  const client = status < 500;

  const exposedMessage = facts.http?.expose ? sanitizeText(facts.text, 300) : '';
  const detail =
    exposedMessage || (client ? policy.summary ?? OKTA_API_CATEGORY_DETAIL[category].client : OKTA_API_CATEGORY_DETAIL[category].server);

  const parsedRetryAfter = parseRetryAfter(headers, { now: ctx.now });
  const retryAfter =
    category === 'rate_limit'
      ? parsedRetryAfter ?? DEFAULT_RATE_LIMIT_RETRY_AFTER
      : policy.retryable || status === 503 || status === 429
        ? parsedRetryAfter
        : undefined;

  const summary = sanitizeText(
    [field('errorSummary'), facts.oauthDescription, field('error_description'), facts.text].find(
      (t) => typeof t === 'string' && t.trim() !== '',
    ),
  );
  const errorLink = sanitizeText(field('errorLink'), 200);

  const result: { -readonly [K in keyof NormalizedOktaError]: NormalizedOktaError[K] } = {
    status,
    code,
    title: titleOf(status),
    detail,
    causes: Object.freeze(readCauses(field('errorCauses'))),
    category,
    retryable: policy.retryable,
    hint: policy.hint,
    source: facts.source,
  };
  const requestId = sanitizeId(getHeader(headers, 'x-okta-request-id'));
  const errorId = sanitizeId(field('errorId'));
  if (requestId) result.requestId = requestId;
  if (errorId) result.errorId = errorId;
  if (retryAfter !== undefined) result.retryAfter = retryAfter;
  if (upstreamStatus !== undefined) result.upstreamStatus = upstreamStatus;
  if (policy.action) result.action = policy.action;
  if (summary) result.summary = summary;
  if (errorLink) result.errorLink = errorLink;
  return Object.freeze(result);
}

// Duck-typed as well as instanceof, so a second copy of this library (ESM and CJS) is still recognised.
function isUpstreamError(value: unknown): value is UpstreamError {
  if (value instanceof UpstreamError) return true;
  if (!isObject(value) || value.code !== OEH_UPSTREAM_ERROR || !isObject(value.normalized)) return false;
  return typeof value.normalized.status === 'number' && typeof value.normalized.code === 'string';
}

function recognise(input: unknown, ctx: NormalizeContext): Facts | null | undefined {
  for (const recogniser of RECOGNISERS) {
    const facts = recogniser(input, ctx);
    if (facts !== undefined) return facts;
  }
  return undefined;
}

/**
 * Normalizes a failed upstream call, or returns `undefined` when `input` is not one this library
 * recognises (or is a 2xx `Response`). Pure and synchronous; never throws, whatever the input.
 *
 * Recognised: a raw Okta error body (object or JSON text), `@okta/okta-sdk-nodejs` `OktaApiError` and
 * `HttpError`, openid-client v6 errors (`OAUTH_*` codes) and v5 `OPError`/`RPError`, a non-2xx fetch
 * `Response` (status and headers only: use {@link normalizeOktaResponse} to read its body), http-errors
 * errors, and this library's own {@link UpstreamError}; also any of these as the `cause` of an error it
 * does not recognise (up to {@link MAX_CAUSE_DEPTH} levels, cycles ignored).
 *
 * @example
 * ```ts
 * const n = normalizeOktaError(err, { kind: 'refresh' })
 * if (n?.action === 'session_expired') return res.redirect('/login')
 * ```
 */
export function normalizeOktaError(input: unknown, context: NormalizeContext = {}): NormalizedOktaError | undefined {
  try {
    // `new Error('loading user failed', { cause: oktaApiError })`: an unrecognised error is looked
    // through, by its `cause`, a few levels deep and never twice.
    const seen = new Set<unknown>();
    let current = input;
    for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth++) {
      if (isUpstreamError(current)) return rethrown(current.normalized, context);
      const facts = recognise(current, context);
      if (facts === null) return undefined;
      if (facts) return decide(facts, context);
      if (!isObject(current) || seen.has(current)) return undefined;
      seen.add(current);
      current = current.cause;
      if (current === undefined || current === null) return undefined;
    }
    return undefined;
  } catch {
    // Hostile getters or proxies: treat as unrecognised rather than throw from an error path.
    return undefined;
  }
}

/** Reads at most `cap` bytes of a body, then cancels the rest of the stream. */
async function readCapped(res: Response, cap: number): Promise<string> {
  if (res.bodyUsed || !res.body) return '';
  const body: unknown = res.body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const take = (chunk: unknown): boolean => {
    const bytes =
      chunk instanceof Uint8Array ? chunk : typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array();
    const room = cap - size;
    chunks.push(bytes.byteLength > room ? bytes.subarray(0, room) : bytes);
    size += Math.min(bytes.byteLength, room);
    return size < cap;
  };
  if (isObject(body) && typeof body.getReader === 'function') {
    const reader = (body as unknown as ReadableStream<Uint8Array>).getReader();
    let more = true;
    while (more) {
      const { done, value } = await reader.read();
      if (done) break;
      more = take(value);
    }
    // Past the cap: drop the rest rather than buffer a hostile or runaway body.
    if (!more) void reader.cancel().catch(() => {});
    else reader.releaseLock();
  } else if (isObject(body) && Symbol.asyncIterator in body) {
    // node-fetch v2 (the Okta SDK's client) exposes a Node stream; breaking out destroys it.
    for await (const chunk of body as AsyncIterable<unknown>) if (!take(chunk)) break;
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * Normalizes a fetch `Response` from Okta, reading its body once, at most 64 KiB of it (the stream is
 * cancelled past the cap). Returns `undefined` for a 2xx response. Never rejects: if the body cannot be
 * read, the status and headers alone decide.
 *
 * @example
 * ```ts
 * const res = await fetch(`${orgUrl}/api/v1/users/${id}`, { headers })
 * const problem = await normalizeOktaResponse(res)
 * if (problem) throw new UpstreamError(problem)
 * ```
 */
export async function normalizeOktaResponse(res: Response, context: NormalizeContext = {}): Promise<NormalizedOktaError | undefined> {
  try {
    if (!isResponseLike(res)) return normalizeOktaError(res, context);
    const status = toStatus(res.status);
    if (status !== undefined && status >= 200 && status < 300) return undefined;
    let text = '';
    try {
      text = await readCapped(res, MAX_ERROR_BODY_BYTES);
    } catch {
      // Unreadable body (reset connection, already locked): fall back on status and headers.
    }
    return decide(fromText(text, 'fetch', status, res.headers), context);
  } catch {
    return undefined;
  }
}
