/**
 * Keeping secrets out of anything derived from an upstream error. Okta's summaries, SDK messages and
 * proxy pages can echo request URLs, headers and form bodies; whatever we keep from them goes through
 * {@link sanitizeText} first.
 *
 * Every pattern here is linear (no nested quantifiers) and the input is capped before matching, so a
 * hostile multi-megabyte body costs microseconds, not seconds.
 * @module
 */

/** What a removed secret is replaced with. */
export const REDACTED = '[REDACTED]';

// Parameter names whose values are credentials, in `k=v` (query, form, cookie) or `"k": "v"` (JSON).
// Okta's own cookies (sid, idx, DT, JSESSIONID) are included because proxies echo Cookie headers.
const SECRET_NAMES =
  'client_secret|client_assertion|access_token|id_token|refresh_token|device_code|code_verifier|code|' +
  'password|passcode|api_?key|apikey|secret|token|assertion|session_?token|state|nonce|sid|idx|dt|jsessionid|xsrf-token';

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Whole header lines whose value is a credential.
  [/\b(set-cookie|cookie|authorization|proxy-authorization|x-api-key)\s*:\s*[^\r\n]*/gi, `$1: ${REDACTED}`],
  // Authorization schemes followed by their credential, wherever they appear.
  [/\b(SSWS|Bearer|DPoP|Basic|Negotiate)\s+[^\s,;"'&]+/gi, `$1 ${REDACTED}`],
  // JSON members holding a secret.
  [new RegExp(`"(${SECRET_NAMES})"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `"$1":"${REDACTED}"`],
  // k=v pairs (query strings, form bodies, cookies). \b keeps `errorCode=` from matching `code=`.
  [new RegExp(`(^|[^A-Za-z0-9_-])(${SECRET_NAMES})=[^\\s&#,;"'<>]*`, 'gi'), `$1$2=${REDACTED}`],
  // JWTs, JWEs and truncated ones: base64url of `{"` is `eyJ`.
  [/\beyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){0,4}/g, REDACTED],
  // Okta API tokens (`00` + 40 base64url characters) that lost their `SSWS` prefix.
  [/\b00[A-Za-z0-9_-]{38,}/g, REDACTED],
];

/**
 * Removes credentials from `text`: `SSWS`/`Bearer`/`Basic` credentials, `client_secret`, token and
 * `code` parameters (query, form or JSON), Cookie and Authorization header values, JWT-looking strings,
 * Okta API tokens, and the query string and fragment of every URL or path (anything with a `/`).
 *
 * It over-redacts rather than under-redacts: the output is meant for logs and developer pages, where a
 * missing detail costs little and a leaked token costs a lot.
 *
 * @example
 * ```ts
 * redactSecrets('GET https://x.okta.com/api/v1/users?q=ann with SSWS 00abc…')
 * // 'GET https://x.okta.com/api/v1/users with SSWS [REDACTED]'
 * ```
 */
export function redactSecrets(text: string): string {
  // Every rule needs one of these to match; Okta's usual summaries have none, and skip seven passes.
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.replace(TOKEN, stripQuery);
}

const MAY_HOLD_SECRET = /[:="\/#?]|eyJ|\b00[\w-]{38}|ssws|bearer|dpop|basic|negotiate/i;

// Query strings are cut per whitespace- or quote-delimited token rather than with one URL regex: any
// regex that finds URLs inside arbitrary text can be driven quadratic by runs like `://://://…`.
const TOKEN = /[^\s"'<>]+/g;

/** Drops everything from the first `?` or `#` that follows a `/` (URLs, absolute and relative paths). */
function stripQuery(token: string): string {
  const slash = token.indexOf('/');
  if (slash === -1) return token;
  const query = token.slice(slash).search(/[?#]/);
  return query === -1 ? token : token.slice(0, slash + query);
}

// C0/C1 controls (CR/LF against log injection, CWE-117), DEL, line/paragraph separators, and bidi
// overrides that could make a log line read differently from what it contains.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;

/** Default cap of {@link sanitizeText}, in characters. */
export const DEFAULT_TEXT_MAX = 500;

/**
 * Makes untrusted upstream text safe to keep: redacts secrets ({@link redactSecrets}), turns control
 * characters into spaces, collapses whitespace and caps the length at `max` characters (an ellipsis
 * marks a cut). Non-strings give `''`.
 *
 * The input is cut to a working size before matching; a secret straddling that cut is still caught
 * because every rule keys on a prefix (`SSWS `, `token=`, `eyJ`, `?`).
 */
export function sanitizeText(text: unknown, max: number = DEFAULT_TEXT_MAX): string {
  if (typeof text !== 'string' || max <= 0) return '';
  const window = text.length > max * 4 + 256 ? text.slice(0, max * 4 + 256) : text;
  const clean = redactSecrets(window).replace(CONTROL, ' ').replace(/\s{2,}/g, ' ').trim();
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
