/**
 * The only way this library builds HTML: a tagged template that escapes every interpolated value,
 * so no attacker-controlled text can reach a page unescaped by accident.
 * @module
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};
const ESCAPE_PATTERN = /[&<>"'`]/g;

/**
 * Escapes text for use in HTML element content and in quoted attribute values.
 * @group Rendering
 */
export function escapeHtml(value: string): string {
  return ESCAPE_PATTERN.test(value) ? value.replace(ESCAPE_PATTERN, (ch) => ESCAPES[ch]!) : value;
}

const RAW = Symbol('okta-error-handler.raw-html');

/**
 * HTML that is already safe; produced only by {@link html} and {@link unsafeRaw}.
 * @group Rendering
 */
export interface SafeHtml {
  readonly [RAW]: string;
  toString(): string;
}

function safe(value: string): SafeHtml {
  return { [RAW]: value, toString: () => value };
}

/**
 * Marks a string as trusted HTML. Only for constants written in this library's source
 * (or by the app's own templates); never for request data.
 */
export function unsafeRaw(value: string): SafeHtml {
  return safe(value);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && RAW in value;
}

function interpolate(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (isSafe(value)) return value[RAW];
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` fragments and arrays of
 * them are inserted as they are; `undefined`, `null` and `false` render as nothing.
 * @group Rendering
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]) + strings[i + 1]!;
  return safe(out);
}
