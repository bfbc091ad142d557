/**
 * Recognising a sign-in library's own failure on a callback that looked successful, by the shapes in
 * `catalog/sign-in-libraries.ts` (no library is imported), so that `oktaApiErrorHandler` answers it as
 * the callback failure it is (restart, or home for a signed-in user), never as a 5xx of the provider.
 * @module
 */
import { SIGN_IN_FAILURE_SHAPES, type FailureShape } from '../../catalog/sign-in-libraries.js';
import { isObject, type Obj } from '../objects.js';
import { sanitizeText } from '../text/redact.js';
import type { LibraryFailure } from './decide.js';

const MAX_DEPTH = 5;

function text(value: unknown): string | undefined {
  // Stryker disable next-line MethodExpression: a time bound, every shape's message pattern is anchored at the start and matches far less than 1,024 characters
  return typeof value === 'string' ? value.slice(0, 1024) : undefined;
}

function matches(err: Obj, shape: FailureShape): boolean {
  if (shape.name !== undefined && err.name !== shape.name) return false;
  if (shape.code !== undefined && err.code !== shape.code) return false;
  if (shape.error !== undefined && err.error !== shape.error) return false;
  if (shape.status !== undefined && (err.status ?? err.statusCode) !== shape.status) return false;
  // Stryker disable next-line StringLiteral: equivalent, no shape's pattern matches any text in place of ''
  if (shape.message !== undefined && !shape.message.test(text(err.message) ?? '')) return false;
  // Stryker disable next-line StringLiteral: equivalent, no shape's pattern matches any text in place of ''
  if (shape.causeMessage !== undefined && !(isObject(err.cause) && shape.causeMessage.test(text(err.cause.message) ?? ''))) return false;
  return true;
}

/**
 * The library failure `err` is (or wraps, through `cause`, a few levels deep), or `undefined`. Never
 * throws, whatever the value. The library's message is kept, sanitized, for the development page.
 */
export function recogniseLibraryFailure(err: unknown): LibraryFailure | undefined {
  try {
    const seen = new Set<unknown>();
    let current = err;
    for (let depth = 0; depth <= MAX_DEPTH && isObject(current) && !seen.has(current); depth++) {
      seen.add(current);
      const row = SIGN_IN_FAILURE_SHAPES.find((r) => matches(current as Obj, r.shape));
      if (row) {
        // openid-client says which parameter was wrong in the cause ("invalid response encountered" alone says little).
        const cause = isObject(current.cause) ? text(current.cause.message) : undefined;
        const message = text(current.message);
        const said = sanitizeText(cause && message ? `${message}: ${cause}` : message ?? cause, 300);
        return { library: row.library, failure: row.failure, ...(said && { text: said }) };
      }
      current = current.cause;
    }
  } catch {
    // A hostile getter: not a failure this library can name.
  }
  return undefined;
}
