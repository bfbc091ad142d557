/**
 * Classifying what was recognised: a table lookup keyed by what the facts hold (an http-errors status,
 * an Okta E-code, an OAuth code, an openid-client code, or only a status), then the catalogs' wording,
 * status, `Retry-After` and hint. Upstream text never reaches `title` or `detail`.
 * @module
 */
import { OKTA_API_CATEGORY_DETAIL, OKTA_API_CATEGORY_RULES, lookupOktaApiError, oktaApiFallback, type OktaApiPolicy } from '../../catalog/okta-api.js';
import { UNKNOWN_OAUTH_TOKEN_ERROR, lookupOAuthTokenError, lookupOpenIdClientError, type UpstreamAction } from '../../catalog/oauth-token.js';
import { httpErrorPolicy, RETRY_AFTER_STATUSES, titleOf } from '../../catalog/http.js';
import { redactSecrets, sanitizeText } from '../text/redact.js';
import { getHeader } from './headers.js';
import type { NormalizeContext, NormalizedOktaError } from './model.js';
import { own } from '../objects.js';
import { OAUTH_CODE, type Facts } from './recognise.js';
import { DEFAULT_RATE_LIMIT_RETRY_AFTER, parseRetryAfter } from './retry-after.js';

const MAX_CAUSES = 20;
const OKTA_CODE = /^E\d{7}$/;
const OAUTH_IN_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const ID = /^[A-Za-z0-9._-]+/;

/**
 * An id for support tickets: the leading run of `[A-Za-z0-9._-]`, capped at 128, after redaction. Cutting
 * at the first other character (rather than deleting them) stops `abc\r\nSet-Cookie: …` at `abc`, and
 * redacting first turns a token planted as an id into nothing.
 */
function sanitizeId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return ID.exec(redactSecrets(value.slice(0, 1024).trim()))?.[0].slice(0, 128);
}

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
export function rethrown(n: NormalizedOktaError, ctx: NormalizeContext): NormalizedOktaError {
  const status = statusOverride(ctx, n.code);
  return status === undefined || status === n.status ? n : Object.freeze({ ...n, status, title: titleOf(status) });
}

/** What the facts hold that decides the catalog: the key of {@link CLASSIFIERS}. */
type Kind = 'http' | 'okta' | 'oauth' | 'client' | 'status';

interface Identified {
  readonly facts: Facts;
  readonly oktaCode: string | undefined;
  readonly oauthCode: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly ctx: NormalizeContext;
}

type Policy = OktaApiPolicy & { readonly summary?: string; readonly action?: UpstreamAction };

/** Upstream 5xx with a code that would say less than the status does: the status decides. */
const serverFailure = (upstreamStatus: number | undefined) => (upstreamStatus ?? 0) >= 500;

/** Which catalog answers, by what was recognised. */
const CLASSIFIERS: Readonly<Record<Kind, (id: Identified) => { code: string; policy: Policy }>> = Object.freeze({
  // http-errors (and Koa's ctx.throw): its own status, and its message only when it is exposed.
  http: ({ facts }) => ({ code: `http_${facts.http!.status}`, policy: httpErrorPolicy(facts.http!.status) }),
  okta: ({ oktaCode, upstreamStatus }) => ({ code: oktaCode!, policy: lookupOktaApiError(oktaCode!) ?? oktaApiFallback(upstreamStatus, true) }),
  oauth: ({ oauthCode, upstreamStatus, ctx }) => {
    const row = lookupOAuthTokenError(oauthCode!, ctx.kind);
    // An unknown OAuth code on a 5xx is better described by the status than by "unknown code".
    return { code: oauthCode!, policy: row === UNKNOWN_OAUTH_TOKEN_ERROR && serverFailure(upstreamStatus) ? oktaApiFallback(upstreamStatus, false) : row };
  },
  // An openid-client failure that carries an upstream 5xx: the status fallback wins (503 stays 503).
  client: ({ facts, upstreamStatus }) => ({ code: facts.clientCode!, policy: serverFailure(upstreamStatus) ? oktaApiFallback(upstreamStatus, false) : lookupOpenIdClientError(facts.clientCode!)! }),
  status: ({ upstreamStatus }) => ({ code: upstreamStatus === undefined ? 'upstream_error' : `upstream_${upstreamStatus}`, policy: oktaApiFallback(upstreamStatus, false) }),
});

/** The catalog decision for recognised facts. */
export function classify(facts: Facts, ctx: NormalizeContext): NormalizedOktaError {
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

  const kind: Kind = facts.http ? 'http' : oktaCode ? 'okta' : oauthCode ? 'oauth' : facts.clientCode ? 'client' : 'status';
  const { code, policy } = CLASSIFIERS[kind]({ facts, oktaCode, oauthCode, upstreamStatus, ctx });

  const status = statusOverride(ctx, code) ?? policy.status;
  const category = policy.category;
  const client = status < 500;

  const exposedMessage = facts.http?.expose ? sanitizeText(facts.text, 300) : '';
  const detail =
    exposedMessage || (client ? policy.summary ?? OKTA_API_CATEGORY_DETAIL[category].client : OKTA_API_CATEGORY_DETAIL[category].server);

  const parsedRetryAfter = parseRetryAfter(headers, { now: ctx.now });
  const when = OKTA_API_CATEGORY_RULES[category].retryAfter;
  const retryAfter =
    when === 'always' ? parsedRetryAfter ?? DEFAULT_RATE_LIMIT_RETRY_AFTER : policy.retryable || RETRY_AFTER_STATUSES.includes(status) ? parsedRetryAfter : undefined;

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

