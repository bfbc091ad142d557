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
    const [rangeRaw = '', ...params] = part.split(';');
    const range = rangeRaw.trim().toLowerCase();
    if (!range) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
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
