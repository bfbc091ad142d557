/** The README's table of codes is checked against the catalog, so docs and behaviour cannot drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

it.each(Object.entries(CALLBACK_ERRORS))('README documents %s as in the catalog', (code, row) => {
  const prompt = 'prompt' in row && row.prompt ? ` (\`prompt=${row.prompt}\`)` : '';
  expect(readme).toContain(`| \`${code}\` | ${row.action}${prompt} | ${row.status} | ${row.category} |`);
});
