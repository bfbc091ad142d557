/**
 * The `docsUrl` option: where each event, and the development page, point for the code's entry in the
 * generated `docs/errors.md`. Only catalog codes and fixed group names ever reach it (never text from a
 * request or an upstream answer), and every URL it yields is checked: `http(s):` or a relative path.
 * @module
 */
import type { OktaErrorEvent } from '../events.js';
import { assertOption } from './checks.js';

/**
 * Default base: the generated page inside the installed package, relative to the app's root (where
 * `npm start` runs), so a developer can open it from a log line or the development page in an editor.
 * @group Options
 */
export const DEFAULT_DOCS_URL = 'node_modules/okta-error-handler/docs/errors.md';

/**
 * What a `docsUrl` function is told besides the code: the entry's anchor in `docs/errors.md` and the
 * event's type.
 * @group Options
 */
export interface DocsUrlInfo {
  readonly anchor: string;
  readonly type: OktaErrorEvent['type'];
}

/**
 * The `docsUrl` option: a base URL (the anchor is appended as `#anchor`), a function of the code, or
 * `false` to leave `docsUrl` out of events and pages.
 * @group Options
 */
export type DocsUrlOption = string | ((code: string, info: DocsUrlInfo) => string | undefined) | false;

/** Resolved `docsUrl`: the URL for an entry, or `undefined` for none. */
export type DocsUrlResolver = (code: string, info: DocsUrlInfo) => string | undefined;

const MAX_LENGTH = 2048;
// An absolute http(s) URL, or a relative path that cannot be read as a scheme (`javascript:`) or as
// protocol-relative (`//host`). No whitespace, controls, quotes, angle brackets or backslashes anywhere.
const ABSOLUTE = /^https?:\/\/[^\s"'<>\\#]+(#[^\s"'<>\\#]*)?$/i;
const RELATIVE = /^(?!\/\/)[^\s"'<>\\:#]+(#[^\s"'<>\\#]*)?$/;

/** Whether `value` may be used as a docs URL (with a fragment when `fragment`). */
function isDocsUrl(value: unknown, fragment: boolean): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return false;
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return false;
  if (!fragment && value.includes('#')) return false;
  if (RELATIVE.test(value)) return true;
  if (!ABSOLUTE.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const EXPECTED =
  'an http(s) URL or a relative path without "#" (the anchor is appended), a function (code, { anchor, type }) => string, or false';

/** Checks the `docsUrl` option and resolves it to a function. */
export function resolveDocsUrl(value: unknown): DocsUrlResolver {
  if (value === undefined) value = DEFAULT_DOCS_URL;
  if (value === false) return () => undefined;
  if (typeof value === 'function') {
    const fn = value as (code: string, info: DocsUrlInfo) => unknown;
    return (code, info) => {
      try {
        const url = fn(code, info);
        return isDocsUrl(url, true) ? url : undefined;
      } catch {
        return undefined;
      }
    };
  }
  assertOption(isDocsUrl(value, false), 'docsUrl', value, EXPECTED);
  const base = value as string;
  return (_code, info) => `${base}#${info.anchor}`;
}
