/**
 * Choosing the language of a page: `Accept-Language` (RFC 9110 §12.5.4) negotiated over the locales the
 * app supplies, with English built in.
 * @module
 */

/**
 * Picks the best of `available` (lower-case BCP 47 tags, such as `fr` or `pt-br`) for an Accept-Language
 * header. A range matches a tag exactly or as its prefix (`fr` matches `fr-ca`), and a tag matches a range
 * that is more specific (`fr-CA` in the header matches an app's `fr`). Returns `undefined` for English.
 * @group Reading
 */
export function negotiateLocale(header: string | undefined, available: readonly string[]): string | undefined {
  if (!header || available.length === 0) return undefined;
  let best: string | undefined;
  let bestQ = 0;
  for (const part of header.slice(0, 512).split(',').slice(0, 32)) {
    // Stryker disable next-line StringLiteral: split() always returns at least one element, so the default is never used
    const [rangeRaw = '', ...params] = part.split(';');
    const range = rangeRaw.trim().toLowerCase();
    // Stryker disable next-line ConditionalExpression: a blank range matches no tag and is not English, so skipping it early changes nothing
    if (!range) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      // Stryker disable next-line OptionalChaining: k is always a string (split() returns at least one element)
      if (k?.trim() === 'q') q = Number(v);
    }
    if (!(q > bestQ) || !(q <= 1)) continue;
    if (range === 'en' || range.startsWith('en-')) {
      // English is always available: an earlier or higher-ranked English beats a later locale.
      best = undefined;
      bestQ = q;
      continue;
    }
    const match =
      available.find((tag) => tag === range) ??
      available.find((tag) => tag.startsWith(`${range}-`)) ??
      available.find((tag) => range.startsWith(`${tag}-`));
    if (match) {
      best = match;
      bestQ = q;
    }
  }
  return best;
}
