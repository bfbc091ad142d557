/**
 * Reading Okta's answers: request ids, error bodies (through the library's own normalizer, so codes
 * and hints come from its catalogs), rate-limit headers, and the shapes of the two kinds of token.
 * @module
 */
import { normalizeOktaError } from '../../core/upstream/normalize.js';
import { field, jsonObject, type HttpResponse } from './http.js';

const ID = /^[A-Za-z0-9._-]{1,128}/;

/** `X-Okta-Request-Id`, cut to the characters an id has. */
export function requestIdOf(res: HttpResponse | undefined): string | undefined {
  const raw = res?.headers.get('x-okta-request-id');
  return raw ? ID.exec(raw.trim())?.[0] : undefined;
}

/** What an error answer says, from the library's catalogs; `summary` is Okta's own text, redacted. */
export interface OktaFailure {
  /** `E0000011`, an OAuth `error`, or `http_<status>` when the body has no code. */
  readonly code: string;
  readonly hint: string;
  readonly summary?: string;
  readonly requestId?: string;
}

export function oktaFailure(res: HttpResponse): OktaFailure {
  const normalized = normalizeOktaError(res.text, { status: res.status, headers: res.headers });
  const code = normalized && /^(E\d{7}|[a-z][a-z0-9_]{0,63})$/.test(normalized.code) ? normalized.code : `http_${res.status}`;
  return {
    code,
    hint: normalized?.hint ?? `Okta answered ${res.status}.`,
    summary: normalized?.summary,
    requestId: requestIdOf(res),
  };
}

/** OAuth `error` of a JSON error body, when it is a well-formed code. */
export function oauthError(res: HttpResponse): { error?: string; description?: string } {
  const body = jsonObject(res);
  const error = field(body, 'error') ?? field(body, 'errorCode');
  const description = field(body, 'error_description') ?? field(body, 'errorSummary');
  return {
    error: typeof error === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(error) ? error : undefined,
    description: typeof description === 'string' ? description : undefined,
  };
}

/** A JWT or JWE in compact form (`eyJ…`, three or five parts). */
export function looksLikeJwt(value: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){2}((\.[A-Za-z0-9_-]*){2})?$/.test(value);
}

/** An Okta API token: `00` and about 40 base64url characters, no dots. */
export function looksLikeSsws(value: string): boolean {
  return /^00[A-Za-z0-9_-]{36,48}$/.test(value);
}

/** A JWT's payload, decoded without any verification (only to name its issuer). */
export function jwtPayload(value: string): Record<string, unknown> | undefined {
  if (!looksLikeJwt(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value.split('.')[1]!, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `Authorization: Basic` for client credentials, form-encoding both parts first (RFC 6749 §2.3.1). */
export function basicAuth(clientId: string, secret: string): string {
  const enc = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

/** The two ways of sending a client secret to a token or introspection endpoint. */
export type SecretMethod = 'client_secret_basic' | 'client_secret_post';

/** The form and headers of a request authenticated with `method`. */
export function authenticate(form: URLSearchParams, method: SecretMethod, clientId: string, secret: string): { form: URLSearchParams; headers: Record<string, string> } {
  const out = new URLSearchParams(form);
  if (method === 'client_secret_basic') return { form: out, headers: { authorization: basicAuth(clientId, secret) } };
  out.set('client_id', clientId);
  out.set('client_secret', secret);
  return { form: out, headers: {} };
}

/** Okta's clock: the response's `Date` header in ms, or undefined. */
export function oktaTime(res: HttpResponse | undefined): number | undefined {
  const raw = res?.headers.get('date');
  const ms = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A whole number from a header such as `X-Rate-Limit-Remaining` (the first value when repeated). */
export function intHeader(res: HttpResponse, name: string): number | undefined {
  const raw = res.headers.get(name)?.split(',')[0]?.trim();
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** "1 min 5 s", "3 h 2 min", "12 s". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}
