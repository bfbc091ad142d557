/**
 * Parsing of authorization responses as they reach the callback: from the raw query string (GET) or the
 * raw `application/x-www-form-urlencoded` body (form_post), never both, and never through a framework's
 * query parser (which turns `a[b]=c` into objects and repeated keys into arrays).
 * @module
 */

/** The parameters of an error response this library reads. Everything else is ignored. */
export interface CallbackParams {
  readonly error: string;
  readonly error_description?: string;
  readonly error_uri?: string;
  readonly state?: string;
  readonly iss?: string;
}

/** Why a callback could not be parsed. */
export type MalformedReason =
  | 'repeated_parameter'
  | 'invalid_encoding'
  | 'not_text'
  | 'invalid_error_code'
  | 'too_long'
  | 'too_many_parameters';

/** Result of {@link parseCallback}. */
export type ParsedCallback =
  | { readonly ok: true; readonly params: CallbackParams }
  | { readonly ok: false; readonly reason: MalformedReason; readonly parameter?: string };

const READ = new Set(['error', 'error_description', 'error_uri', 'state', 'iss']);

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

/**
 * Tells, cheaply and without decoding, whether a raw query or form string has an `error` parameter.
 * Used on every request to the callback path, so it must not allocate.
 */
export function hasErrorParameter(raw: string): boolean {
  let from = 0;
  for (;;) {
    const at = raw.indexOf('error', from);
    if (at === -1) return false;
    const end = at + 5;
    if ((at === 0 || raw.charCodeAt(at - 1) === 38) /* & */ && (end === raw.length || raw.charCodeAt(end) === 61 || raw.charCodeAt(end) === 38)) {
      return true;
    }
    from = end;
  }
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
 */
export function parseCallback(raw: string): ParsedCallback {
  const found: Record<string, string> = {};
  let count = 0;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    if (++count > MAX_PARAMETERS) return { ok: false, reason: 'too_many_parameters' };
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    if (name === undefined) return { ok: false, reason: 'invalid_encoding' };
    if (!READ.has(name)) continue;
    if (Object.hasOwn(found, name)) return { ok: false, reason: 'repeated_parameter', parameter: name };
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (value === undefined) return { ok: false, reason: 'invalid_encoding', parameter: name };
    found[name] = value;
  }
  return validate(found);
}

/**
 * Same as {@link parseCallback} for a body a framework's parser already read (`req.body`): values that
 * are arrays (repeated keys) or objects (`a[b]=c` with an extended parser) are malformed.
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
  const { error, state, iss, error_uri, error_description } = found;
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
