/** Generated documentation must match the catalogs it is generated from. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CALLBACK_TABLES_PATH, ERROR_TABLES_PATH, renderCallbackTables, renderErrorTables } from '../../scripts/error-tables.js';

it('docs/okta-api-errors.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(ERROR_TABLES_PATH, 'utf8')).toBe(renderErrorTables());
});

it('docs/callback-errors.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(CALLBACK_TABLES_PATH, 'utf8')).toBe(renderCallbackTables());
});
