import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../../src/core/http/locale.js';

describe('negotiateLocale', () => {
  const available = ['fr', 'pt-br', 'de'];
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['fr', 'fr'],
    ['FR-ca', 'fr'],
    ['pt', 'pt-br'],
    ['pt-BR', 'pt-br'],
    ['en, fr', undefined],
    ['fr, en', 'fr'],
    ['en;q=0.5, fr;q=0.9', 'fr'],
    ['fr;q=0.4, en-GB;q=0.8', undefined],
    ['de;q=0, fr;q=0.1', 'fr'],
    ['de;q=2, fr;q=0.1', 'fr'],
    ['es, it', undefined],
    ['*', undefined],
  ])('%j → %j', (header, expected) => expect(negotiateLocale(header, available)).toBe(expected));
  it('an app without locales is English', () => expect(negotiateLocale('fr', [])).toBeUndefined());
  it('reads 32 ranges of the first 512 characters at most', () => {
    expect(negotiateLocale(`${'xx, '.repeat(40)}fr`, available)).toBeUndefined();
    expect(negotiateLocale(`${'x'.repeat(600)}, fr`, available)).toBeUndefined();
  });
});

describe('negotiateLocale: parameters and ranks (issue 16)', () => {
  const available = ['fr', 'de'];
  it.each([
    // Only `q` is a q-value: `fr;level=0.5` is still q=1 and beats de;q=0.8.
    ['fr;level=0.5, de;q=0.8', 'fr'],
    // `; q=` with spaces around the name is read.
    ['fr; q=0.1, de; q=0.5', 'de'],
    ['fr ;q=0.1 , de ;q=0.5', 'de'],
    // A range the app does not have takes no rank from a later one it has.
    ['xx, fr;q=0.5', 'fr'],
    ['es;q=0.9, it, de;q=0.2', 'de'],
    // Equal q: the first one listed wins.
    ['de;q=0.5, fr;q=0.5', 'de'],
  ])('%j → %j', (header, expected) => expect(negotiateLocale(header, available)).toBe(expected));
});
