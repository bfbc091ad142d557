/**
 * A code's behaviour is its catalog row (issue 10): no string literal naming a catalog code appears in
 * `src/` outside `src/catalog/`. Code elsewhere reads the rows, or a constant the catalog exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { MESSAGE_VARIANTS } from '../../src/catalog/entra.js';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS } from '../../src/catalog/oauth-token.js';
import { OKTA_API_ERRORS } from '../../src/catalog/okta-api.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CODES = new Set([CALLBACK_ERRORS, OKTA_API_ERRORS, OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, MESSAGE_VARIANTS].flatMap((table) => Object.keys(table)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(join(ROOT, 'src'), f).startsWith('catalog'));
}

/** The source without comments (enough for this code base: no `//` or `/*` inside its string literals). */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

it('the catalogs list codes for the check to look for', () => {
  expect(CODES.has('login_required')).toBe(true);
  expect(CODES.has('E0000047')).toBe(true);
  expect(CODES.size).toBeGreaterThan(100);
});

it.each(sources(join(ROOT, 'src')).map((f) => [relative(ROOT, f), f] as const))('%s names no catalog code in a string literal', (_name, file) => {
  const found = [...withoutComments(readFileSync(file, 'utf8')).matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2]!).filter((s) => CODES.has(s));
  expect(found).toEqual([]);
});
