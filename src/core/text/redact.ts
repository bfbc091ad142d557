/**
 * Keeping secrets out of anything derived from an upstream error. Okta's summaries, SDK messages and
 * proxy pages can echo request URLs, headers and form bodies; whatever we keep from them goes through
 * {@link sanitizeText} first.
 *
 * Every pattern here is linear (no nested quantifiers, bounded look-arounds) and the input is capped
 * before matching, so a hostile multi-megabyte body costs microseconds, not seconds.
 * @module
 */

/** What a removed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Names whose value is a credential, compared lower-case with `_`, `-` and `.` removed (so `client_secret`,
 * `clientSecret` and `client-secret` are one name). Okta's own cookies (sid, idx, DT, JSESSIONID) are here
 * because proxies echo Cookie headers.
 */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'code', 'state', 'nonce', 'sid', 'idx', 'dt', 'jsessionid', 'csrf', 'xsrf',
  'password', 'passwd', 'pwd', 'passcode', 'passphrase', 'secret', 'token', 'apikey', 'assertion', 'otp',
  'cookie', 'setcookie', 'authorization', 'proxyauthorization', 'credential', 'credentials', 'privatekey',
  'samlresponse', 'authcode', 'authorizationcode', 'devicecode', 'usercode', 'activationcode', 'recoverycode',
]);
/** Endings that make any name a credential: `apiToken`, `refresh_token`, `x-api-key`, `code_verifier`, … */
const SECRET_SUFFIX = /(?:secret|password|passwd|passcode|token|tokenhint|apikey|assertion|verifier|credentials?|privatekey|sessionid|cookie)$/;

function isSecretName(name: string): boolean {
  const key = name.toLowerCase().replace(/[_.-]/g, '');
  return SECRET_NAMES.has(key) || SECRET_SUFFIX.test(key);
}

// A name, optionally quoted (also `\"` in escaped JSON), then `=` or `:`. The look-behind keeps
// `errorCode=` from being read as `code=`; the value is read by `valueEnd`, not by the pattern.
const NAME_THEN_SEPARATOR = /(?<![A-Za-z0-9_.\\-])(\\{0,4}["'])?([A-Za-z][A-Za-z0-9_.-]{0,63})\1?[ \t]{0,16}[:=][ \t]{0,16}/g;
// An unquoted value ends at whitespace or a delimiter of the syntaxes above.
const UNQUOTED_VALUE = /[^\s&#,;"'<>(){}[\]\\]*/y;
const OPENING_QUOTE = /(\\{0,4})(["'])/y;

/** Start and end of the value that begins at `from` (quotes excluded), or undefined when there is none. */
function valueAt(text: string, from: number): { start: number; end: number } | undefined {
  OPENING_QUOTE.lastIndex = from;
  const open = OPENING_QUOTE.exec(text);
  if (!open) {
    UNQUOTED_VALUE.lastIndex = from;
    UNQUOTED_VALUE.exec(text);
    return UNQUOTED_VALUE.lastIndex > from ? { start: from, end: UNQUOTED_VALUE.lastIndex } : undefined;
  }
  const start = from + open[0].length;
  // m backslashes escaped the opening quote; the quote that closes the value is escaped the same way.
  const m = open[1]!.length;
  let at = start;
  for (;;) {
    const found = text.indexOf(open[2]!, at);
    // An unterminated value runs to the end: no part of it may survive.
    if (found === -1) return { start, end: text.length };
    // Each level of JSON encoding turns k backslashes before a quote into 2k + 1, so with m before the
    // opening quote the closing one has m modulo 2m + 2 (0 modulo 2 unescaped; 1 modulo 4 in `\"…\"`,
    // where `\\\"` is a quote inside the value). Any other run is part of the value.
    let slashes = 0;
    while (found - slashes - 1 >= start && text.charCodeAt(found - slashes - 1) === 92) slashes++;
    if (slashes % (2 * m + 2) === m) return { start, end: found - m };
    at = found + 1;
  }
}

/** Replaces the value of every secret-named `name=value` / `name: value` / `"name": "value"`. */
function redactNamedValues(text: string): string {
  let out = '';
  let copied = 0;
  NAME_THEN_SEPARATOR.lastIndex = 0;
  for (let m = NAME_THEN_SEPARATOR.exec(text); m; m = NAME_THEN_SEPARATOR.exec(text)) {
    const after = m.index + m[0].length;
    if (!isSecretName(m[2]!)) {
      // Go on from the separator, so `a=password=x` still finds `password`.
      NAME_THEN_SEPARATOR.lastIndex = m.index + (m[1]?.length ?? 0) + m[2]!.length;
      continue;
    }
    const value = valueAt(text, after);
    // `password: Password requirements were not met` (Okta's errorCauses) names the field, it holds no secret.
    if (!value || text.slice(value.start, value.end).toLowerCase() === m[2]!.toLowerCase()) continue;
    out += text.slice(copied, value.start) + REDACTED;
    copied = value.end;
    NAME_THEN_SEPARATOR.lastIndex = Math.max(value.end, after);
  }
  // Stryker disable next-line ConditionalExpression: with nothing copied, out is '' and out + text.slice(0) is text
  return copied === 0 ? text : out + text.slice(copied);
}

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Whole header lines whose value is a credential, whatever the scheme (`Digest …`) or cookie names.
  [/\b(set-cookie|cookie|authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-okta-api-token)[ \t]*:[^\r\n]*/gi, `$1: ${REDACTED}`],
  // Authorization schemes followed by their credential, wherever they appear.
  [/\b(SSWS|Bearer|DPoP|Basic|Negotiate|Digest)[ \t]+[^\s,;"'&]+/gi, `$1 ${REDACTED}`],
];
const AFTER_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs, JWEs and truncated ones: base64url of `{"` is `eyJ`. Every segment goes.
  [/\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,4}/g, REDACTED],
  // Okta API tokens (`00` + 40 base64url characters) that lost their `SSWS` prefix.
  [/(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{38,}/g, REDACTED],
];

/** Every credential rule; URL queries are left for {@link stripQueries}. */
function redactCredentials(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  out = redactNamedValues(out);
  for (const [pattern, replacement] of AFTER_NAMES) out = out.replace(pattern, replacement);
  return out;
}

const stripQueries = (text: string): string => text.replace(TOKEN, stripQuery);

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** Decodes every `%XX` run (bytes that are not UTF-8 as Latin-1), never throwing. */
function percentDecode(text: string): string {
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
  });
}

/**
 * Removes credentials from `text`: `SSWS`/`Bearer`/`Basic`/`DPoP`/`Digest` credentials; the value of every
 * secret-named parameter (`client_secret`, `clientSecret`, `password`, `apiToken`, `refresh_token`, `code`,
 * `code_verifier`, `assertion`, … see the README's Safety section) written `name=value`, `name: value`,
 * `name = 'value'` or `"name": "value"`, escaped JSON included; whole Cookie, Set-Cookie, Authorization and
 * API-key header lines; JWT-looking strings; Okta API tokens; and the query string and fragment of every URL
 * or path (anything with a `/`). A percent-encoded copy (`%22client_secret%22%3A…`, `SSWS%20…`) is checked
 * too: when it hides a secret, the decoded, redacted text is returned.
 *
 * It over-redacts rather than under-redacts: the output is meant for logs and developer pages, where a
 * missing detail costs little and a leaked token costs a lot.
 *
 * @example
 * ```ts
 * redactSecrets('GET https://x.okta.com/api/v1/users?q=ann with SSWS 00abc…')
 * // 'GET https://x.okta.com/api/v1/users with SSWS [REDACTED]'
 * ```
 * @group Rendering
 */
export function redactSecrets(text: string): string {
  // Every rule needs one of these to match; Okta's usual summaries have none, and skip every pass.
  // Stryker disable next-line ConditionalExpression: a speed shortcut: every rule below needs one of MAY_HOLD_SECRET's characters or words to match, so they leave such a text unchanged
  if (!MAY_HOLD_SECRET.test(text)) return text;
  const out = stripQueries(redactCredentials(text));
  // Stryker disable next-line ConditionalExpression,StringLiteral: a speed shortcut: without a %, decoding changes nothing and the next check returns out
  if (!text.includes('%')) return out;
  // The decoded copy is read from the input, not from `out`: cutting a query off can separate an encoded
  // name from its value. Double encoding (`%2522`) is undone too, at most three levels deep.
  let decoded = text;
  // Stryker disable next-line Regex: going on while a lone %X is left only runs percentDecode on text it leaves unchanged
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(decoded); i++) decoded = percentDecode(decoded);
  // Stryker disable next-line ConditionalExpression: when decoding changed nothing, redacting the decoded copy gives out again
  if (decoded === text) return out;
  const redacted = redactCredentials(decoded);
  return redacted === decoded ? out : stripQueries(redacted);
}

const MAY_HOLD_SECRET = /[:="\/#?%]|eyJ|00[\w-]{38}|ssws|bearer|dpop|basic|negotiate|digest/i;

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

/** Working size of {@link sanitizeText} for a cap of `max` characters: input past it is never read. */
export const workingSize = (max: number): number => max * 4 + 256;

const WORD_DELIMITERS: ReadonlySet<number> = new Set([...' \t\r\n\f\v"\'<>,;&'].map((c) => c.charCodeAt(0)));
/** Longest word read past the working size to see it whole. */
const MAX_WORD_OVERRUN = 8192;

/**
 * The first `size` characters of `text`, cut where a word ends: the word the cut falls in may be a
 * secret, too short to be recognised once halved. It is read whole (up to {@link MAX_WORD_OVERRUN} more
 * characters) or, when longer than that, dropped.
 */
function workingWindow(text: string, size: number): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a speed shortcut: for a text no longer than size, the code below returns it whole too
  if (text.length <= size) return text;
  const limit = Math.min(text.length, size + MAX_WORD_OVERRUN);
  let end = size;
  while (end < limit && !WORD_DELIMITERS.has(text.charCodeAt(end))) end++;
  if (end < limit || limit === text.length) return text.slice(0, end);
  while (end > 0 && !WORD_DELIMITERS.has(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * Makes untrusted upstream text safe to keep: redacts secrets ({@link redactSecrets}), turns control
 * characters into spaces, collapses whitespace and caps the length at `max` characters (an ellipsis
 * marks a cut). Non-strings give `''`.
 *
 * The input is cut to a working size ({@link workingSize}) before matching, at the end of a word (see
 * `workingWindow`), so a secret straddling the cut is seen whole. Redaction happens before the final cut
 * to `max`, so a secret never survives in part.
 * @group Rendering
 */
export function sanitizeText(text: unknown, max: number = DEFAULT_TEXT_MAX): string {
  if (typeof text !== 'string' || max <= 0) return '';
  const size = workingSize(max);
  const window = workingWindow(text, size);
  const clean = redactSecrets(window).replace(CONTROL, ' ').replace(/\s{2,}/g, ' ').trim();
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A sanitized one-line description of a thrown value, for events: `Name: message` for an Error, the
 * value as text otherwise. Never throws: a value that cannot be printed (`Object.create(null)`, an Error
 * whose `message` getter throws, a revoked Proxy) is described by its type.
 */
export function describeThrown(value: unknown, max = 300): string {
  try {
    const text = value instanceof Error ? `${String(value.name)}: ${String(value.message)}` : String(value);
    return sanitizeText(text, max);
  } catch {
    // Stryker disable next-line ConditionalExpression,StringLiteral: String(null) never throws, so null never reaches this catch
    return `an unprintable ${value === null ? 'null' : typeof value}`;
  }
}
