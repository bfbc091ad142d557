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
