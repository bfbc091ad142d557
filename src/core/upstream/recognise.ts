/**
 * Recognising the shape of a failed upstream call by duck typing, none of the libraries imported: a raw
 * error body, an Okta SDK error, an openid-client error (v5 or v6), a fetch `Response`, an http-errors
 * error, or a network failure. A recogniser finds facts; `classify.ts` decides what they mean.
 * @module
 */
import { CLIENT_CODE } from '../../catalog/codes.js';
import { lookupOpenIdClientError } from '../../catalog/oauth-token.js';
import type { NormalizeContext, UpstreamSource } from './model.js';
import { isObject, own, type Obj } from '../objects.js';

/** Most bytes of an error body read or parsed (64 KiB). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
// RFC 6749 allows more characters, but every real code fits this, and it keeps markup and
// prototype keys (`__proto__`) out.
export const OAUTH_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** What a recogniser found; `classify` turns it into the normalized error. */
export interface Facts {
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


export function isPlainObject(value: unknown): value is Obj {
  // Stryker disable next-line ConditionalExpression: without it a primitive still fails the prototype test, and null or undefined throw in getPrototypeOf, which every caller treats as not a body
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function toStatus(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

export function isResponseLike(value: unknown): value is Response {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: a real Response also passes the duck-typed check below (instanceof is the fast path), and Response is always defined on Node 20
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
  // Stryker disable next-line StringLiteral: JSON that parses to a plain object starts with '{' once trimmed; the test only saves a JSON.parse
  if (!trimmed.startsWith('{') || trimmed.length > MAX_ERROR_BODY_BYTES) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Facts for an error body given as text (a string input, an SDK HttpError, a fetched body). */
export function fromText(text: string, source: UpstreamSource, upstreamStatus: number | undefined, headers: unknown): Facts {
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
    // Stryker disable next-line ArrayDeclaration: an element in the fallback array has no parameters, so no error is found in it either way
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
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a value without a string name matches none of the names below, and null or undefined throw on the read, which normalizeOktaError treats as unrecognised (no later recogniser takes them)
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

/** The facts of the first recogniser that knows `input`; `null` for a 2xx `Response` (not an error). */
export function recognise(input: unknown, ctx: NormalizeContext): Facts | null | undefined {
  for (const recogniser of RECOGNISERS) {
    const facts = recogniser(input, ctx);
    if (facts !== undefined) return facts;
  }
  return undefined;
}

