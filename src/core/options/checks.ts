/**
 * The one way this library refuses a bad argument: an {@link InvalidOptionError} naming the option, the
 * value (as JSON) and what was expected, with "did you mean" for an unknown key.
 * @module
 */
import { InvalidOptionError } from '../errors.js';

/** The value as an error message shows it. */
export function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Throws for keys of `object` not in `known`, suggesting the closest known key. */
export function rejectUnknownKeys(object: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const best = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0];
    const close = best && (distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) || best.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
    const hint = close ? ` Did you mean "${prefix}${best}"? Known options: ${known.join(', ')}.` : ` Known options: ${known.join(', ')}.`;
    throw new InvalidOptionError(`${prefix}${key}`, `is not a known option.${hint}`);
  }
}

/** Throws an {@link InvalidOptionError} unless `ok`: "option X must be EXPECTED, got VALUE." */
export function assertOption(ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) throw new InvalidOptionError(option, `must be ${expected}, got ${show(value)}.`);
}

/** An object that is not an array (an options object, a table keyed by code). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string, or a non-empty array of strings, each passing `check`. */
export function stringList(value: unknown, option: string, check: (s: string) => boolean, expected: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  assertOption(Array.isArray(list) && list.length > 0, option, value, `${expected}, or a non-empty array of them`);
  for (const [i, item] of (list as unknown[]).entries()) {
    assertOption(typeof item === 'string' && check(item), Array.isArray(value) ? `${option}[${i}]` : option, item, expected);
  }
  return list as string[];
}

/** A copy of an object keyed by code, each value checked by `check` (nothing when absent). */
export function checkRecord<T>(value: unknown, option: string, check: (v: unknown, path: string) => void): Record<string, T> {
  if (value === undefined) return {};
  assertOption(isRecord(value), option, value, 'an object keyed by error code');
  for (const [key, v] of Object.entries(value as object)) check(v, `${option}.${key}`);
  return { ...(value as Record<string, T>) };
}

/** An integer from `min` to `max`, or `fallback` when absent. */
export function integerIn(value: unknown, option: string, fallback: number, min: number, max: number, unit = ''): number {
  if (value === undefined) return fallback;
  assertOption(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, option, value, `an integer${unit} from ${min} to ${max}`);
  return value as number;
}
