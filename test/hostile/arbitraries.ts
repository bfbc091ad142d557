/**
 * Generators of hostile callback requests: any query or form bytes (repeated keys, `a[b]=c`, invalid
 * percent-encoding, CR/LF, NUL, unicode, HTML/JS payloads, 100 KB values, hundreds of parameters),
 * hostile headers and cookies, under every option profile.
 *
 * Every free-text value an attacker controls carries a *taint marker* (`QZ` + 8 alphanumerics), so an
 * oracle can tell an echo of generated input from text the library wrote itself.
 */
import fc from 'fast-check';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { CALLBACK, FRAMEWORKS, GOOD_STATE, ISSUER, PROFILES, TRUSTED_HOST, type AppKey, type Profile, type WireRequest } from './harness.js';

export const MARKER = /QZ[A-Za-z0-9]{8}/g;
const marker = fc.stringMatching(/^[A-Za-z0-9]{8}$/).map((s) => `QZ${s}`);

export const KNOWN_CODES = Object.keys(CALLBACK_ERRORS);
export const REPROMPT_OR_RETRY = KNOWN_CODES.filter((c) => {
  const action = CALLBACK_ERRORS[c as keyof typeof CALLBACK_ERRORS].action;
  return action === 'reprompt' || action === 'retry';
});

// ---------------------------------------------------------------------------------------------------
// Payloads

/** Payloads by class, each a function of the taint marker. */
const PAYLOADS: readonly ((m: string) => string)[] = [
  // Reflected XSS in element content, attributes, title and style (CVE-2021-32702 class).
  (m) => `<script>alert("${m}")</script>`,
  (m) => `"><img src=x onerror=alert('${m}')>`,
  (m) => `'><svg/onload=alert(\`${m}\`)>`,
  (m) => `</title><script>${m}</script>`,
  (m) => `</style><script>${m}</script><style>`,
  (m) => `</code></p><a href="javascript:alert(1)">${m}</a>`,
  (m) => `<!--${m}--><iframe srcdoc="x">`,
  (m) => `" autofocus onfocus="alert('${m}')`,
  (m) => `<base href="//evil.example/">${m}`,
  (m) => `<meta http-equiv="refresh" content="0;url=//evil.example">${m}`,
  // Scheme payloads (error_uri, return paths).
  (m) => `javascript:alert('${m}')`,
  (m) => `JaVaScRiPt:alert(1)//${m}`,
  (m) => `data:text/html,<script>${m}</script>`,
  (m) => `https://${TRUSTED_HOST}@evil.example/${m}`,
  (m) => `https://${TRUSTED_HOST}.evil.example/${m}`,
  (m) => `https://evil.example/#${TRUSTED_HOST}/${m}`,
  (m) => `javascript://${TRUSTED_HOST}/%0aalert('${m}')`,
  // Template and expression engines (CVE-2016-4977 class).
  (m) => `\${7*7}${m}`,
  (m) => `#{7*7}${m}`,
  (m) => `{{7*7}}${m}`,
  (m) => `{{constructor.constructor('return process')()}}${m}`,
  (m) => `<%= 7*7 %>${m}`,
  (m) => `\${T(java.lang.Runtime).getRuntime().exec('id')}${m}`,
  // Header and log injection (CWE-113, CWE-117).
  (m) => `a\r\nSet-Cookie: pwn=${m}`,
  (m) => `x\r\n\r\n<html>${m}`,
  (m) => `${m}\nFAKE 2026-01-01T00:00:00Z level=error user=admin`,
  (m) => `${m}\u2028\u2029\u0085line`,
  (m) => `\u001b[31m${m}\u001b[0m\u001b]0;title\u0007`,
  (m) => `${m}\u0000\u0001\u007f`,
  (m) => `\u202egnp.${m}\u202c\u200f`,
  // Unicode oddities.
  (m) => `${m}\ufeff\ufffd\u{1f4a5}\u{10ffff}`,
  (m) => `ﬀ${m}İı`,
  (m) => `\uff1cscript\uff1e${m}`,
  // Pre-escaped text (must stay as typed, not be unescaped).
  (m) => `&lt;script&gt;${m}&amp;`,
  (m) => `%3Cscript%3E${m}`,
];

/** Secret-looking values: what must never reach an `onError` event in raw form. */
export interface Secret {
  /** The text placed in the request. */
  readonly text: string;
  /** The part that identifies the secret: it must not appear in the event. */
  readonly core: string;
}

const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
const b64url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));

/** Credential names in the spellings apps and libraries use: snake_case, camelCase, kebab-case. */
const SECRET_NAMES = [
  'secret', 'password', 'passwd', 'passcode', 'token', 'apiKey', 'api_key', 'x-api-key', 'client_secret', 'clientSecret',
  'refresh_token', 'refreshToken', 'access_token', 'accessToken', 'id_token', 'idToken', 'code', 'code_verifier', 'codeVerifier',
  'assertion', 'client_assertion', 'apiToken', 'sessionToken', 'session_token', 'privateKey', 'private_key',
] as const;

/**
 * A secret written the ways logs, inspected objects and echoed requests write them (issue 9, item 3):
 * `name=v`, `name: v`, `name = 'v'`, `"name":"v"`, escaped JSON `{\"name\":\"v\"}`, any of them
 * percent-encoded once or twice.
 */
export const secretSyntax = (value: fc.Arbitrary<string>): fc.Arbitrary<Secret> =>
  fc
    .record({
      name: fc.constantFrom(...SECRET_NAMES),
      keyQuote: fc.constantFrom('', '"', "'", '\\"'),
      separator: fc.constantFrom('=', ':', ' = ', ': ', ' : '),
      quote: fc.constantFrom('', '"', "'"),
      value,
      encoding: fc.constantFrom('none', 'none', 'none', 'percent', 'percent twice'),
      before: fc.constantFrom('', 'failed: ', '{ ', 'x&', 'GET /cb?', '\n'),
      after: fc.constantFrom('', ' (retry later)', ', ', '&y=1', ' }', '\n'),
    })
    .map(({ name, keyQuote, separator, quote, value: v, encoding, before, after }) => {
      // Escaped JSON quotes its value the same way as its name.
      const q = keyQuote === '\\"' ? '\\"' : quote;
      let text = `${keyQuote}${name}${keyQuote}${separator}${q}${v}${q}`;
      if (encoding !== 'none') text = encodeURIComponent(text);
      if (encoding === 'percent twice') text = encodeURIComponent(text);
      return { text: `${before}${text}${after}`, core: v };
    });

export const secretArb: fc.Arbitrary<Secret> = fc.oneof(
  alnum(40, 40).map((t) => ({ text: `SSWS 00${t}`, core: `00${t}` })),
  alnum(40, 40).map((t) => ({ text: `00${t}`, core: `00${t}` })),
  fc.tuple(b64url(10, 40), b64url(10, 80), b64url(20, 43)).map(([h, p, s]) => {
    const jwt = `eyJ${h}.eyJ${p}.${s}`;
    return { text: `Bearer ${jwt}`, core: jwt };
  }),
  fc.tuple(b64url(10, 40), b64url(10, 80)).map(([h, p]) => ({ text: `eyJ${h}.eyJ${p}.`, core: `eyJ${h}.eyJ${p}` })),
  alnum(24, 48).map((t) => ({ text: `client_secret=${t}`, core: t })),
  alnum(24, 48).map((t) => ({ text: `{"client_secret":"${t}"}`, core: t })),
  alnum(16, 32).map((t) => ({ text: `password=${t}&x=1`, core: t })),
  alnum(32, 64).map((t) => ({ text: `https://example.okta.com/cb?code=${t}&state=x`, core: t })),
  alnum(32, 64).map((t) => ({ text: `access_token=${t}`, core: t })),
  { weight: 6, arbitrary: fc.constant(null).chain(() => secretSyntax(alnum(16, 40))) },
);

/** A hostile free-text value carrying a taint marker: payload classes, random unicode, secret-looking text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...PAYLOADS), marker).map(([p, m]) => p(m)) },
  { weight: 6, arbitrary: fc.tuple(marker, fc.string({ unit: 'binary', maxLength: 40 })).map(([m, s]) => `${m}${s}`) },
  { weight: 4, arbitrary: fc.tuple(marker, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('<', '>', '"', "'", '`', '&', '\r\n', '\u0000')).map(([m, s, c]) => `${c}${s}${m}${c}`) },
  { weight: 4, arbitrary: fc.tuple(secretArb, marker).map(([s, m]) => `${m} ${s.text}`) },
);

/** Long values, up to 100 KB (the form_post cap is 64 KB; Node refuses request heads over 16 KB). */
const hugeText: fc.Arbitrary<string> = fc
  .tuple(marker, fc.constantFrom('A', 'A', 'A', '<', '%', '\u00e9', '\u{1f4a5}'), fc.integer({ min: 1_000, max: 102_400 }))
  .map(([m, c, n]) => `${m}${c.repeat(Math.ceil(n / Buffer.byteLength(c)))}`);

/** Hostile text, now and then a long one. */
const hostileOrHuge: fc.Arbitrary<string> = fc.oneof({ weight: 30, arbitrary: hostileText }, { weight: 1, arbitrary: hugeText });

/** `error` values: mostly registered codes (so the response is acted on), otherwise hostile. */
const errorValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...KNOWN_CODES) },
  // Within RFC 6749's error charset (no space, `"` or `\`): accepted as an unknown code, shown escaped.
  { weight: 2, arbitrary: fc.tuple(marker, fc.constantFrom('<svg/onload=alert(1)>', "'><b>", '<script>', '`${x}`', '&lt;', '{{7*7}}')).map(([m, p]) => `${p}${m}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,140}$/) },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constant('') },
);

const stateValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(GOOD_STATE) },
  { weight: 2, arbitrary: alnum(1, 64) },
  { weight: 1, arbitrary: fc.constantFrom('reject', 'throw-me', '') },
  { weight: 2, arbitrary: hostileOrHuge },
  { weight: 1, arbitrary: fc.integer({ min: 2_040, max: 2_100 }).map((n) => 's'.repeat(n)) },
);

const issValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(ISSUER) },
  { weight: 1, arbitrary: fc.constantFrom(`${ISSUER}/`, ISSUER.toUpperCase(), 'https://example.okta.com.evil.example/oauth2/default', 'https://evil.example', '') },
  { weight: 2, arbitrary: hostileText },
);

const uriValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(`https://${TRUSTED_HOST}/docs/errors`, 'https://evil.example/x', 'javascript:alert(1)', ` javascript:alert(1)`, 'java\tscript:alert(1)', 'vbscript:x', `https://${TRUSTED_HOST}:443/x`, `HTTPS://${TRUSTED_HOST.toUpperCase()}/x`),
  hostileText,
);

// ---------------------------------------------------------------------------------------------------
// Parameters and their encodings

/** How a name or value goes on the wire. */
type Encoding = 'strict' | 'form' | 'raw' | 'broken' | 'all';
const encoding: fc.Arbitrary<Encoding> = fc.oneof({ weight: 6, arbitrary: fc.constant<Encoding>('strict') }, { weight: 2, arbitrary: fc.constant<Encoding>('form') }, { weight: 2, arbitrary: fc.constant<Encoding>('raw') }, { weight: 1, arbitrary: fc.constant<Encoding>('broken') });

type Value = { readonly text: string } | { readonly bytes: Uint8Array };

export interface Param {
  readonly name: string;
  readonly value?: Value | undefined;
  readonly nameEncoding: Encoding;
  readonly valueEncoding: Encoding;
}

const BROKEN = ['%', '%Z', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%%', '%u0041', '%FF', '%0', '%G0'];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function pct(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/../g, '%$&');
}

/**
 * Serializes one component for the query (bytes 0x21–0xFF only: what a raw `node:http` request can
 * carry) or a form body (any byte). Returns latin1 text: one char per byte.
 */
function encodeComponent(value: Value, how: Encoding, target: 'query' | 'body', salt: number): string {
  if ('bytes' in value) {
    if (how !== 'raw') return pct(value.bytes);
    // Raw bytes: any byte in a body (but the separators), 0x21–0xFF in a request line.
    let out = '';
    for (const b of value.bytes) out += b === 0x26 || b === 0x3d || b === 0x2b || (target === 'query' && (b < 0x21 || b === 0x23)) ? pct(Uint8Array.of(b)) : String.fromCharCode(b);
    return out;
  }
  // A lone surrogate goes out as U+FFFD, as a browser would send it.
  const text = value.text.replace(LONE_SURROGATE, '\ufffd');
  let out: string;
  if (how === 'all') out = pct(Buffer.from(text, 'utf8'));
  else if (how === 'raw') {
    // Raw bytes where the target can carry them: any byte in a body, 0x21–0xFF in a request line.
    out = target === 'body'
      ? Buffer.from(text.replace(/[&=+]/g, (c) => encodeURIComponent(c)), 'utf8').toString('latin1')
      : text.replace(/[^\x21-\xff]|[&=#+]/gu, (c) => pct(Buffer.from(c, 'utf8')));
  } else {
    out = encodeURIComponent(text);
    if (how === 'form') out = out.replace(/%20/g, '+');
  }
  if (how === 'broken') {
    const at = salt % (out.length + 1);
    out = out.slice(0, at) + BROKEN[salt % BROKEN.length]! + out.slice(at);
  }
  return out;
}

export function serializeParams(params: readonly Param[], target: 'query' | 'body', separators: readonly string[]): string {
  return params
    .map((p, i) => {
      const name = encodeComponent({ text: p.name }, p.nameEncoding, target, i * 7 + 3);
      return p.value === undefined ? name : `${name}=${encodeComponent(p.value, p.valueEncoding, target, i * 13 + 5)}`;
    })
    .reduce((acc, part, i) => (i === 0 ? part : `${acc}${separators[i % separators.length] ?? '&'}${part}`), '');
}

const READ = ['error', 'error_description', 'error_uri', 'state', 'iss'] as const;

/** Parameters besides the five: duplicates, bracket syntax, prototype keys, encoded look-alikes, random names. */
const extraParam: fc.Arbitrary<Param> = fc.record({
  name: fc.oneof(
    fc.constantFrom(...READ),
    fc.constantFrom('error[]', 'error[a]', 'state[a]', 'state[]', 'iss[x][y]', 'error_description[]', 'a[b]', 'a[b][c][d][e][f]', '__proto__', '__proto__[error]', 'constructor[prototype][error]', 'hasOwnProperty', 'toString', 'returnTo', 'code', 'ERROR', 'Error', 'error ', ' error', 'error\u0000', 'e\u0301rror', 'ｅrror'),
    fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  ),
  value: fc.option(fc.oneof(errorValue.map((text) => ({ text })), hostileText.map((text) => ({ text })), fc.uint8Array({ maxLength: 24 }).map((bytes) => ({ bytes }))), { nil: undefined, freq: 8 }),
  nameEncoding: encoding,
  valueEncoding: encoding,
});

/** `%65%72%72%6F%72=…`: the literal text differs, the decoded name is `error`. */
const encodedErrorName: fc.Arbitrary<Param> = fc.constantFrom(...KNOWN_CODES).map((code): Param => ({ name: 'error', value: { text: code }, nameEncoding: 'all', valueEncoding: 'all' }));

const HEADERS = {
  accept: ['text/html,application/xhtml+xml,*/*;q=0.8', 'application/json', 'application/problem+json', '*/*', 'text/html;q=0.1, application/json;q=0.2', 'application/json;q=abc', 'application/json;q=0, text/html;q=0', ',,,;;;==', `${'application/json;q=0.9,'.repeat(200)}text/html`],
  'sec-fetch-mode': ['navigate', 'cors', 'no-cors', 'same-origin', 'NAVIGATE', 'navigate\t', 'websocket'],
  'x-requested-with': ['XMLHttpRequest', 'xmlhttprequest', 'fetch'],
} as const;

const guardCookie = fc.oneof(
  fc.nat({ max: 12 }).chain((n) => fc.constantFrom(`oeh_guard=v1.${n % 3}.${n % 4}.${Math.floor(Date.now() / 1000) - n}`, `oeh_guard=v1.0.0.${Math.floor(Date.now() / 1000) + 3600}`, 'oeh_guard=v1.99.99.1', `oeh_guard=v1.-1.-1.${Math.floor(Date.now() / 1000)}`)),
  fc.constantFrom('oeh_guard=', 'oeh_guard', 'oeh_guard=%00<script>', 'oeh_guard=v1.0.0.0; oeh_guard=v1.5.5.9999999999', `oeh_guard=v1.0.0.${'9'.repeat(30)}`, '=;;;=', 'a=b; oeh_guard=v2.0.0.1'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
);

/** Header values a `node:http` client can send (no CR, LF or NUL; latin1 only). */
const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      accept: fc.oneof(fc.constantFrom(...HEADERS.accept), fc.string({ unit: 'grapheme-ascii', maxLength: 80 })),
      'sec-fetch-mode': fc.constantFrom(...HEADERS['sec-fetch-mode']),
      'x-requested-with': fc.constantFrom(...HEADERS['x-requested-with']),
      cookie: guardCookie,
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, headerSafe(v)])));

/** Open-redirect payloads for `returnTo` (the naive `loginUrl` profile) (CVE-2022-24794 class). */
export const redirectPayload: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '//evil.example',
    '//evil.example/login',
    '/\\evil.example',
    '\\/evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ /evil.example',
    ' //evil.example',
    '///evil.example',
    '/.//evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    'https://evil.example',
    'https:evil.example',
    'https:/evil.example',
    'HTTPS://evil.example',
    '//evil.example@app.test',
    '/@evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    '/login\r\nLocation: //evil.example',
    '/login\r\nSet-Cookie: pwn=1',
    '/\u3002evil.example',
    '/\uff0fevil.example',
    '/\u2215evil.example',
    '/dashboard',
    '/login?next=%2F%2Fevil.example',
    '/caf\u00e9',
    '/\u4e2d\u6587',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `/${s}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
);

// ---------------------------------------------------------------------------------------------------
// Whole requests

/** A generated callback request, kept structured so that oracles know what was sent. */
export interface CallbackCase {
  readonly key: AppKey;
  readonly method: 'GET' | 'POST' | 'HEAD';
  readonly params: readonly Param[];
  readonly fillers: number;
  readonly separators: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly returnTo?: string | undefined;
  readonly contentType: string;
  /** Secret-looking values placed in the parameters. */
  readonly secrets: readonly Secret[];
  /** How the callback path is spelled on the wire. */
  readonly path: string;
}

/**
 * The callback path as the app's router still routes it (issue 9, item 5): letters in another case, a
 * trailing slash. (Express and @koa/router do not decode a path before matching it: `%63allback` is
 * another path to them, and to the interceptor.)
 */
export const pathVariant: fc.Arbitrary<string> = fc
  .record({ upper: fc.array(fc.boolean(), { minLength: CALLBACK.length, maxLength: CALLBACK.length }), slash: fc.boolean() })
  .map(({ upper, slash }) => [...CALLBACK].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('') + (slash ? '/' : ''));

/** Decoded values of the parameters that carry text (for oracles). */
export function textValues(c: CallbackCase): string[] {
  return c.params.flatMap((p) => (p.value && 'text' in p.value ? [p.value.text] : []));
}

/** Builds the wire request of a case. */
export function toWire(c: CallbackCase): WireRequest {
  const fill: Param[] = Array.from({ length: c.fillers }, (_, i) => ({ name: `f${i}`, value: { text: String(i) }, nameEncoding: 'strict', valueEncoding: 'strict' }));
  const params = [...c.params, ...fill];
  const extra = c.returnTo === undefined ? '' : `returnTo=${encodeComponent({ text: c.returnTo }, 'strict', 'query', 0)}`;
  if (c.method === 'POST') {
    const body = Buffer.from(serializeParams(params, 'body', c.separators), 'latin1');
    return { method: 'POST', path: extra ? `${c.path}?${extra}` : c.path, headers: { ...c.headers, 'content-type': c.contentType }, body };
  }
  const query = serializeParams(params, 'query', c.separators);
  return { method: c.method, path: `${c.path}?${[query, extra].filter(Boolean).join('&')}`, headers: c.headers };
}

export interface CaseOptions {
  readonly profiles?: readonly Profile[];
  readonly frameworks?: readonly (typeof FRAMEWORKS)[number][];
  /** Bias towards errors that redirect (re-prompt, retry) and navigations. */
  readonly redirecting?: boolean;
  /** Where secret-looking values go (replacing hostile text in these parameters). */
  readonly secrets?: fc.Arbitrary<Partial<Record<(typeof READ)[number], Secret>>>;
  /** Well-formed responses only (a registered code, no extra parameters, strict encoding): they reach every later check. */
  readonly clean?: boolean;
}

/** Secret-looking values in one or more of the parameters the event reports on (and `state`). */
export const secretPlacement = fc
  .record({ state: secretArb, iss: secretArb, error_description: secretArb, error_uri: secretArb }, { requiredKeys: [] })
  .filter((r) => Object.keys(r).length > 0);

/**
 * How far a case strays from a well-formed response: `clean` (a registered code, strict encoding, no
 * other parameters), `tidy` (well-formed bytes around hostile values, harmless extra parameters: the
 * response is read and acted on) or `wild` (repeated keys, broken encodings, raw bytes, odd separators).
 */
type Shape = 'clean' | 'tidy' | 'wild';

/** Extra parameters that leave the five alone: bracket syntax, prototype keys, look-alikes, random names. */
const tidyExtra: fc.Arbitrary<Param> = fc.record({
  name: fc.oneof(
    fc.constantFrom('error[]', 'error[a]', 'state[a]', 'iss[x][y]', 'a[b]', 'a[b][c][d][e][f]', '__proto__', '__proto__[error]', 'constructor[prototype][error]', 'hasOwnProperty', 'toString', 'code', 'ERROR', 'Error', 'ｅrror', 'error_'),
    fc.stringMatching(/^[a-z_]{1,12}$/).filter((n) => !(READ as readonly string[]).includes(n)),
  ),
  value: fc.option(hostileText.map((text) => ({ text })), { nil: undefined, freq: 8 }),
  nameEncoding: fc.constant<Encoding>('strict'),
  valueEncoding: fc.constant<Encoding>('strict'),
});

/** Any callback request: tidy and wild ones (or only clean ones, with `clean`). */
export function callbackCase(options: CaseOptions = {}): fc.Arbitrary<CallbackCase> {
  if (options.clean) return caseOf(options, 'clean');
  return fc.oneof({ weight: 3, arbitrary: caseOf(options, 'tidy') }, { weight: 2, arbitrary: caseOf(options, 'wild') });
}

function caseOf(options: CaseOptions, shape: Shape): fc.Arbitrary<CallbackCase> {
  const profiles = options.profiles ?? PROFILES;
  const frameworks = options.frameworks ?? FRAMEWORKS;
  const error =
    shape === 'clean'
      ? fc.constantFrom(...KNOWN_CODES)
      : options.redirecting
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...REPROMPT_OR_RETRY) }, { weight: 1, arbitrary: errorValue })
        : errorValue;
  const valueEncoding = shape === 'wild' ? encoding : fc.constantFrom<Encoding>('strict', 'strict', 'form');
  const errorParam: fc.Arbitrary<Param> = fc.record({ name: fc.constant('error'), value: error.map((text) => ({ text })), nameEncoding: fc.constant<Encoding>('strict'), valueEncoding });
  // Wild cases also carry raw bytes (invalid UTF-8, NUL, CR/LF in a body) as values.
  const valueOf = (value: fc.Arbitrary<string>): fc.Arbitrary<Value> =>
    shape === 'wild' ? fc.oneof({ weight: 5, arbitrary: value.map((text) => ({ text })) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })) }) : value.map((text) => ({ text }));
  const param = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Param | undefined> =>
    fc.option(fc.record({ name: fc.constant(name), value: valueOf(value), nameEncoding: fc.constant<Encoding>('strict'), valueEncoding }), { nil: undefined, freq: 4 });
  const extras =
    shape === 'clean'
      ? fc.constant([])
      : shape === 'tidy'
        ? fc.array(tidyExtra, { maxLength: 3 })
        : fc.array(fc.oneof({ weight: 6, arbitrary: extraParam }, { weight: 1, arbitrary: encodedErrorName }), { minLength: 1, maxLength: 6 });
  const headers = options.redirecting ? headersArb.map((h) => ({ ...h, 'sec-fetch-mode': 'navigate' })) : headersArb;
  return fc
    .record({
      framework: fc.constantFrom(...frameworks),
      profile: fc.constantFrom(...profiles),
      parser: fc.constantFrom<'none' | 'before'>('none', 'none', 'before'),
      method: fc.constantFrom<'GET' | 'POST' | 'HEAD'>('GET', 'GET', 'GET', 'POST', 'POST', 'HEAD'),
      error: shape === 'wild' ? fc.option(errorParam, { nil: undefined, freq: 12 }) : errorParam,
      state: shape === 'wild' ? param('state', stateValue) : stateValue.map((text): Param => ({ name: 'state', value: { text }, nameEncoding: 'strict', valueEncoding: 'strict' })),
      iss: param('iss', issValue),
      description: param('error_description', hostileOrHuge),
      uri: param('error_uri', uriValue),
      extras,
      order: fc.nat(),
      fillers: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 240, max: 600 }) }),
      separators: shape !== 'wild' ? fc.constant(['&']) : fc.oneof({ weight: 4, arbitrary: fc.constant(['&']) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('&', '&&', '&=&', ';', '&amp;'), { minLength: 1, maxLength: 3 }) }),
      headers,
      returnTo: fc.option(redirectPayload, { nil: undefined, freq: 2 }),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8') }, { weight: 1, arbitrary: fc.constantFrom('APPLICATION/X-WWW-FORM-URLENCODED;charset=latin1', 'text/plain', 'multipart/form-data; boundary=x') }),
      secrets: options.secrets ?? fc.constant<Partial<Record<(typeof READ)[number], Secret>>>({}),
      path: shape === 'clean' ? fc.constant(CALLBACK) : fc.oneof({ weight: 6, arbitrary: fc.constant(CALLBACK) }, { weight: 2, arbitrary: pathVariant }),
    })
    .map((r): CallbackCase => {
      const withSecret = (p: Param | undefined, name: (typeof READ)[number]): Param | undefined => {
        const s = r.secrets[name];
        return s ? { name, value: { text: s.text }, nameEncoding: 'strict', valueEncoding: 'strict' } : p;
      };
      const core = [r.error, withSecret(r.state, 'state'), withSecret(r.iss, 'iss'), withSecret(r.description, 'error_description'), withSecret(r.uri, 'error_uri')].filter((p): p is Param => p !== undefined);
      const all = [...core, ...r.extras];
      // Rotate so that `error` is not always first: order matters to parsers that stop early.
      const at = all.length === 0 ? 0 : r.order % all.length;
      const params = [...all.slice(at), ...all.slice(0, at)];
      return {
        key: { framework: r.framework, profile: r.profile, parser: r.method === 'POST' ? r.parser : 'none' },
        method: r.method,
        params,
        fillers: r.fillers,
        separators: r.separators,
        headers: r.headers,
        returnTo: r.returnTo,
        contentType: r.contentType,
        secrets: Object.values(r.secrets).filter((x): x is Secret => x !== undefined),
        path: r.path,
      };
    });
}
