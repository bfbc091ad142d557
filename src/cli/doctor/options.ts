/**
 * Checking `runDoctor()`'s options once, before any request: the issuer URL, the timeout, the
 * `only` list and the shape of each input. The command line maps the same errors to exit status 64.
 * @module
 */
import { createScrubber, type Scrubber } from './scrub.js';
import { CHECK_IDS, type CheckId, type DoctorCheck, type DoctorOptions } from './types.js';

/** Code of {@link DoctorOptionError}. */
export const OEH_DOCTOR_OPTION = 'OEH_DOCTOR_OPTION';

/** A wrong option (a usage error on the command line). The message is one line and never holds a secret. */
export class DoctorOptionError extends TypeError {
  readonly code = OEH_DOCTOR_OPTION;
  /** The option, as its camelCase name (`issuer`, `timeout`, …). */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.name = 'DoctorOptionError';
    this.option = option;
  }
}

/** Default `timeout`, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** Largest `timeout`, in seconds. */
export const MAX_TIMEOUT_SECONDS = 300;

/** The options after checking: trimmed, parsed, with the scrubber for everything the run prints. */
export interface ResolvedDoctorOptions {
  /** The issuer exactly as given. */
  readonly issuerInput: string;
  readonly issuer: URL;
  /** The org URL: the issuer's origin. */
  readonly org: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  readonly token?: string;
  readonly oauthToken?: string;
  readonly user?: string;
  readonly timeoutMs: number;
  readonly only: readonly CheckId[];
  readonly onCheck?: (check: DoctorCheck) => void;
  readonly scrub: Scrubber;
}

const KNOWN_KEYS = ['issuer', 'clientId', 'clientSecret', 'redirectUri', 'token', 'oauthToken', 'user', 'timeout', 'only', 'onCheck'] as const;
const SECRET_KEYS = new Set(['clientSecret', 'token', 'oauthToken']);

/** Whether `hostname` (as `URL.hostname` gives it) is a loopback host: `localhost`, 127.0.0.0/8 or `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Whether a URL may be called: https, or http to a loopback host. */
export function isAllowedUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Edit distance, for "did you mean". Inputs are short names. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest of `candidates` to `input` when it is a plausible typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** A short, printable rendering of a non-secret value for an error message. */
const show = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
};

// Header values (a token, a secret) must not carry control characters; neither should anything printed.
const CONTROL = /[\u0000-\u001F\u007F]/;

function optionalString(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DoctorOptionError(key, `"${key}" must be a string (got ${typeof value})`);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (CONTROL.test(trimmed)) {
    // Never echo a secret, even a malformed one.
    throw new DoctorOptionError(key, `"${key}" contains control characters${SECRET_KEYS.has(key) ? '' : `: ${show(trimmed)}`}`);
  }
  return trimmed;
}

function parseIssuer(value: unknown): URL {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new DoctorOptionError('issuer', 'missing issuer: pass --issuer URL or set OKTA_ISSUER (e.g. https://example.okta.com/oauth2/default)');
  }
  if (typeof value !== 'string') throw new DoctorOptionError('issuer', `"issuer" must be a string (got ${typeof value})`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DoctorOptionError('issuer', `the issuer is not an absolute URL: ${show(value)} (e.g. https://example.okta.com/oauth2/default)`);
  }
  if (url.username || url.password) throw new DoctorOptionError('issuer', 'the issuer URL must not contain a user name or password');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DoctorOptionError('issuer', `the issuer must be an https: URL (got ${show(url.protocol)})`);
  }
  if (!isAllowedUrl(url)) {
    throw new DoctorOptionError('issuer', `refusing the http: issuer ${show(url.origin)}: Okta issuers are https; plain http is accepted only for loopback hosts (127.0.0.1, ::1, localhost)`);
  }
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new DoctorOptionError('issuer', 'an issuer has no query or fragment (RFC 8414 §2): drop everything from "?" or "#"');
  }
  return url;
}

function parseTimeout(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_SECONDS) {
    throw new DoctorOptionError('timeout', `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (got ${show(value)})`);
  }
  return Math.max(1, Math.round(n * 1000));
}

function parseOnly(value: unknown): CheckId[] {
  if (value === undefined || value === null) return [...CHECK_IDS];
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!parts || parts.some((p) => typeof p !== 'string')) {
    throw new DoctorOptionError('only', `"only" must be check ids, as an array or a comma-separated string (got ${show(value)})`);
  }
  const ids = (parts as string[]).map((p) => p.trim()).filter((p) => p !== '');
  if (ids.length === 0) throw new DoctorOptionError('only', `--only needs at least one check id: ${CHECK_IDS.join(', ')}`);
  for (const id of ids) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      const hint = didYouMean(id, CHECK_IDS);
      throw new DoctorOptionError('only', `unknown check id ${show(id)} in --only${hint ? ` (did you mean ${hint}?)` : ''}; the ids are ${CHECK_IDS.join(', ')}`);
    }
  }
  // Report order, not the order given.
  return CHECK_IDS.filter((id) => ids.includes(id));
}

/**
 * Checks `runDoctor()`'s options. Throws {@link DoctorOptionError} naming the option, the value (never
 * a secret's) and the fix; unknown keys get a "did you mean".
 */
export function resolveDoctorOptions(input: DoctorOptions): ResolvedDoctorOptions {
  if (input === null || typeof input !== 'object') {
    throw new DoctorOptionError('options', 'runDoctor() needs an options object: runDoctor({ issuer: "https://example.okta.com/oauth2/default" })');
  }
  const options = input as unknown as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      const hint = didYouMean(key, KNOWN_KEYS);
      throw new DoctorOptionError(key, `unknown option ${show(key)}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  const onCheck = options.onCheck;
  if (onCheck !== undefined && typeof onCheck !== 'function') throw new DoctorOptionError('onCheck', '"onCheck" must be a function');

  const issuer = parseIssuer(options.issuer);
  const timeoutMs = parseTimeout(options.timeout);
  const only = parseOnly(options.only);
  const clientId = optionalString(options, 'clientId');
  const clientSecret = optionalString(options, 'clientSecret');
  const token = stripScheme(optionalString(options, 'token'));
  const oauthToken = stripScheme(optionalString(options, 'oauthToken'));
  const scrub = createScrubber([clientSecret, token, oauthToken, options.clientSecret as string, options.token as string, options.oauthToken as string], clientId);

  return Object.freeze({
    issuerInput: options.issuer as string,
    issuer,
    org: issuer.origin,
    clientId,
    clientSecret,
    redirectUri: optionalString(options, 'redirectUri'),
    token,
    oauthToken,
    user: optionalString(options, 'user'),
    timeoutMs,
    only: Object.freeze(only),
    onCheck: onCheck as ResolvedDoctorOptions['onCheck'],
    scrub,
  });
}

/** A header value pasted whole (`SSWS 00ab…`, `Bearer eyJ…`) counts as its credential. */
function stripScheme(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:SSWS|Bearer)\s+(\S+)$/i.exec(value);
  return match ? match[1] : value;
}
