/**
 * Parsing of authorization responses as they reach the callback: from the raw query string (GET) or the
 * raw `application/x-www-form-urlencoded` body (form_post), never both, and never through a framework's
 * query parser (which turns `a[b]=c` into objects and repeated keys into arrays).
 * @module
 */

/**
 * The parameters of an error response this library reads. Everything else is ignored.
 * @group Reading
 */
export interface CallbackParams {
  readonly error: string;
  readonly error_description?: string;
  readonly error_uri?: string;
  readonly state?: string;
  readonly iss?: string;
  /**
   * Set on a GET to the callback path that this library redirected a browser to, to read the loop guard
   * where its cookie comes along (`oeh_continue=<action>:<code>[:<detail>]`): a form_post error response
   * that a cross-site POST over plain http brought without the cookie (state and iss already checked), or
   * a restart of sign-in that `oktaApiErrorHandler` decided on such a POST. Only names from this library's
   * vocabularies are carried, never the provider's text; `error` is then the carried code.
   */
  readonly continued?: { readonly action: string; readonly code: string; readonly detail?: string };
}

/** Name of the parameter of a continuation (see {@link CallbackParams.continued}). */
export const CONTINUE_PARAMETER = 'oeh_continue';

/**
 * Why a callback could not be parsed.
 * @group Reading
 */
export type MalformedReason =
  | 'repeated_parameter'
  | 'invalid_encoding'
  | 'not_text'
  | 'invalid_error_code'
  | 'too_long'
  | 'too_many_parameters';

/**
 * Result of {@link parseCallback}.
 * @group Reading
 */
export type ParsedCallback =
  | { readonly ok: true; readonly params: CallbackParams }
  | { readonly ok: false; readonly reason: MalformedReason; readonly parameter?: string };

const READ = new Set(['error', 'error_description', 'error_uri', 'state', 'iss', CONTINUE_PARAMETER]);

/** Longest value kept per parameter; past it the value is refused (`error`, `state`, `iss`) or cut. */
export const MAX_LENGTH = Object.freeze({
  error: 128,
  state: 2048,
  iss: 2048,
  error_uri: 2048,
  error_description: 1024,
});
const MAX_PARAMETERS = 256;

// RFC 6749 §4.1.2.1: error is %x20-21 / %x23-5B / %x5D-7E. Spaces are allowed by the grammar but no
// registered code has one, and a code is also used as a lookup key and a log field: keep it to a token.
const ERROR_CODE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;
const CONTINUATION = /^([a-z]{1,16}):([A-Za-z][A-Za-z0-9_.-]{0,63})(?::([A-Za-z][A-Za-z0-9_.-]{0,63}))?$/;

/** The parameter `name` stands for: itself, or `error` for `error[]` / `error[x]` (qs turns those into arrays and objects). */
function readName(name: string): string {
  const bracket = name.indexOf('[');
  return bracket > 0 && READ.has(name.slice(0, bracket)) ? name.slice(0, bracket) : name;
}

const TRIGGERS = ['error', CONTINUE_PARAMETER] as const;

/** Whether a raw name (undecoded, up to `end`) is `error` or `oeh_continue`, maybe followed by `[…]`. */
function isTrigger(raw: string, start: number, end: number): boolean {
  for (const name of TRIGGERS) {
    if (!raw.startsWith(name, start)) continue;
    const after = start + name.length;
    if (after === end || raw.charCodeAt(after) === 91 /* [ */) return true;
  }
  return false;
}

/**
 * Tells, cheaply, whether a raw query or form string has an `error` parameter (or a continuation,
 * `oeh_continue`) as the app's own parser would see it: `error`, `error[]`, and percent-encoded names such as
 * `%65rror` all count. Used on every request to the callback path: without a `%` it does not allocate.
 */
export function hasErrorParameter(raw: string): boolean {
  const length = raw.length;
  // The next `=` is looked up again only once passed: linear even for `a&a&a&…` without any `=`.
  let eq = raw.indexOf('=');
  for (let from = 0; from <= length; ) {
    let amp = raw.indexOf('&', from);
    if (amp === -1) amp = length;
    if (eq !== -1 && eq < from) eq = raw.indexOf('=', from);
    const nameEnd = eq === -1 || eq > amp ? amp : eq;
    if (nameEnd > from && isTrigger(raw, from, nameEnd)) return true;
    from = amp + 1;
  }
  return raw.includes('%') && hasEncodedErrorParameter(raw);
}

function hasEncodedErrorParameter(raw: string): boolean {
  for (const pair of raw.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!name.includes('%')) continue;
    const decoded = decode(name);
    if (decoded !== undefined && isTrigger(decoded, 0, decoded.length)) return true;
  }
  return false;
}

function decode(component: string): string | undefined {
  const plus = component.includes('+') ? component.replace(/\+/g, ' ') : component;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return undefined;
  }
}

/**
 * Parses a raw `application/x-www-form-urlencoded` string (a query without its `?`, or a form_post body).
 * Any of the five parameters appearing twice, undecodable percent-encoding, an `error` that is not an
 * RFC 6749 code, or an over-long `state`/`iss` makes the whole response malformed: a response that
 * cannot be read exactly must not be acted on.
 * @group Reading
 */
export function parseCallback(raw: string): ParsedCallback {
  const found: Record<string, string> = {};
  let count = 0;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    if (++count > MAX_PARAMETERS) return { ok: false, reason: 'too_many_parameters' };
    const eq = pair.indexOf('=');
    const decoded = decode(eq === -1 ? pair : pair.slice(0, eq));
    if (decoded === undefined) return { ok: false, reason: 'invalid_encoding' };
    const name = readName(decoded);
    if (!READ.has(name)) continue;
    if (Object.hasOwn(found, name)) return { ok: false, reason: 'repeated_parameter', parameter: name };
    // `error[]=x`: what a qs parser makes an array or an object of is not a value this library reads.
    if (name !== decoded) return { ok: false, reason: 'not_text', parameter: name };
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (value === undefined) return { ok: false, reason: 'invalid_encoding', parameter: name };
    found[name] = value;
  }
  return validate(found);
}

/**
 * Same as {@link parseCallback} for a body a framework's parser already read (`req.body`): values that
 * are arrays (repeated keys) or objects (`a[b]=c` with an extended parser) are malformed.
 * @group Reading
 */
export function parseCallbackObject(body: Record<string, unknown>): ParsedCallback {
  const found: Record<string, string> = {};
  for (const name of READ) {
    if (!Object.hasOwn(body, name)) continue;
    const value = body[name];
    if (Array.isArray(value)) return { ok: false, reason: 'repeated_parameter', parameter: name };
    if (typeof value !== 'string') return { ok: false, reason: 'not_text', parameter: name };
    found[name] = value;
  }
  return validate(found);
}

function validate(found: Record<string, string>): ParsedCallback {
  const { state, iss, error_uri, error_description } = found;
  const continuation = found[CONTINUE_PARAMETER];
  if (continuation !== undefined && found.error === undefined) {
    const m = CONTINUATION.exec(continuation);
    if (!m) return { ok: false, reason: 'invalid_error_code', parameter: CONTINUE_PARAMETER };
    return { ok: true, params: { error: m[2]!, continued: m[3] === undefined ? { action: m[1]!, code: m[2]! } : { action: m[1]!, code: m[2]!, detail: m[3] } } };
  }
  const error = found.error;
  if (error === undefined || !ERROR_CODE.test(error)) {
    return { ok: false, reason: error !== undefined && error.length > MAX_LENGTH.error ? 'too_long' : 'invalid_error_code', parameter: 'error' };
  }
  if (state !== undefined && state.length > MAX_LENGTH.state) return { ok: false, reason: 'too_long', parameter: 'state' };
  if (iss !== undefined && iss.length > MAX_LENGTH.iss) return { ok: false, reason: 'too_long', parameter: 'iss' };
  return {
    ok: true,
    params: {
      error,
      // Free text only ever reaches a development page (escaped) or a log event: cut, don't refuse.
      error_description: error_description === undefined ? undefined : error_description.slice(0, MAX_LENGTH.error_description),
      error_uri: error_uri === undefined || error_uri.length > MAX_LENGTH.error_uri ? undefined : error_uri,
      state,
      iss,
    },
  };
}
