/**
 * Keeping the doctor's own secrets out of everything it prints. The library's `sanitizeText` removes
 * what looks like a credential; this removes what *is* one: the exact client secret, API token and
 * OAuth token given, in every form they can take on the wire (percent-encoded, form-encoded,
 * JSON-escaped, HTML-escaped, base64 in a Basic header), wherever an upstream echoed them.
 * @module
 */
import { REDACTED, sanitizeText } from '../../core/text/redact.js';

/** Removes the given secrets from text. */
export interface Scrubber {
  (text: string): string;
  /** Scrubs, then makes upstream text safe to print (`sanitizeText`: redaction, no control characters, capped). */
  clean(text: unknown, max?: number): string;
}

/** Shorter values are not treated as secrets: replacing every `ab` in a report would garble it and protect nothing. */
const MIN_SECRET_LENGTH = 4;

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const b64url = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
const htmlEscape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The forms a value takes in URLs, form bodies, JSON and HTML. */
function encodings(value: string): string[] {
  return [value, encodeURIComponent(value), encodeURI(value), formEncode(value), JSON.stringify(value).slice(1, -1), htmlEscape(value)];
}

/**
 * A scrubber for `secrets` (undefined and short values are ignored). `clientId` adds the Basic
 * credentials `base64(id:secret)` built from it and each secret, raw and form-encoded (RFC 6749 §2.3.1).
 */
export function createScrubber(secrets: ReadonlyArray<string | undefined>, clientId?: string): Scrubber {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodings(secret)) {
      variants.add(form);
      variants.add(b64(form));
      variants.add(b64url(form));
      // Base64 without padding, as some clients send it.
      variants.add(b64(form).replace(/=+$/, ''));
    }
    if (clientId !== undefined) {
      for (const pair of [`${clientId}:${secret}`, `${formEncode(clientId)}:${formEncode(secret)}`]) {
        variants.add(b64(pair));
        variants.add(b64url(pair));
        variants.add(b64(pair).replace(/=+$/, ''));
      }
    }
  }
  // Longest first, so a value containing another is removed whole.
  const ordered = [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);

  const scrub = ((text: string): string => {
    let out = text;
    for (const variant of ordered) if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    return out;
  }) as Scrubber;
  scrub.clean = (text, max) => (typeof text === 'string' ? sanitizeText(scrub(text), max) : '');
  return scrub;
}

/** Applies `scrub` to every string in a JSON-like value (a report). */
export function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubDeep(item, scrub);
    return out as T;
  }
  return value;
}
