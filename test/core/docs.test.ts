/** Generated documentation must match the catalogs it is generated from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALLBACK_TABLES_PATH, ERROR_TABLES_PATH, ERRORS_PATH, renderCallbackTables, renderErrorsPage, renderErrorTables, slug } from '../../scripts/error-tables.js';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS } from '../../src/catalog/oauth-token.js';
import { OKTA_API_ERRORS } from '../../src/catalog/okta-api.js';
import { callbackTelemetry, FIXED_ENTRIES, upstreamTelemetry } from '../../src/catalog/telemetry.js';

it('docs/okta-api-errors.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(ERROR_TABLES_PATH, 'utf8')).toBe(renderErrorTables());
});

it('docs/callback-errors.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(CALLBACK_TABLES_PATH, 'utf8')).toBe(renderCallbackTables());
});

it('docs/errors.md is up to date (run `npm run docs`)', () => {
  expect(readFileSync(ERRORS_PATH, 'utf8')).toBe(renderErrorsPage());
});

describe('docs/errors.md anchors', () => {
  const page = renderErrorsPage();
  const headings = [...page.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!);
  const anchors = headings.map(slug);

  it('slugs headings as GitHub does', () => {
    expect(slug('`access_denied`')).toBe('access_denied');
    expect(slug('`E0000047`')).toBe('e0000047');
    expect(slug('token: `invalid_grant`')).toBe('token-invalid_grant');
    expect(slug('client: `OAUTH_TIMEOUT`')).toBe('client-oauth_timeout');
    expect(slug('`http_<status>`')).toBe('http_status');
    expect(slug('Okta: unknown code')).toBe('okta-unknown-code');
  });

  it('has no two headings with the same anchor (GitHub would number the second)', () => {
    expect(anchors.length).toBeGreaterThan(100);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  it('has an entry for every code of every catalog, at the anchor events link to', () => {
    const expected = [
      ...Object.entries(CALLBACK_ERRORS).map(([code, row]) => [code, callbackTelemetry(code, row, code).anchor]),
      ...Object.entries(OKTA_API_ERRORS).map(([code, row]) => [code, upstreamTelemetry({ code, source: 'okta', category: row.category, status: row.status }).anchor]),
      ...Object.entries(OAUTH_TOKEN_ERRORS).map(([code, row]) => [code, upstreamTelemetry({ code, source: 'okta', category: row.category, status: row.status }).anchor]),
      ...Object.entries(OPENID_CLIENT_ERRORS).map(([code, row]) => [code, upstreamTelemetry({ code, source: 'openid-client', category: row.category, status: row.status }).anchor]),
      ...Object.entries(FIXED_ENTRIES).map(([code, entry]) => [code, entry.anchor]),
    ];
    expect(expected.length).toBe(Object.keys(CALLBACK_ERRORS).length + Object.keys(OKTA_API_ERRORS).length + Object.keys(OAUTH_TOKEN_ERRORS).length + Object.keys(OPENID_CLIENT_ERRORS).length + Object.keys(FIXED_ENTRIES).length);
    for (const [code, anchor] of expected) {
      expect(anchor, code).toMatch(/^[a-z0-9_-]+$/);
      expect(anchors, `${code} → #${anchor}`).toContain(anchor);
    }
    expect(new Set(expected.map(([, a]) => a)).size).toBe(expected.length);
  });

  it('says, for each entry, what it means, what the user sees and what to check', () => {
    const sections = page.split(/^### /m).slice(1);
    for (const section of sections) {
      expect(section, section.slice(0, 60)).toContain('**What it means:**');
      expect(section, section.slice(0, 60)).toContain('**What to check:**');
      expect(section, section.slice(0, 60)).toMatch(/errorType `[a-z_]+\.[A-Za-z0-9_<>]+`/);
    }
    expect(sections.filter((s) => s.includes('**What the user sees:**')).length).toBe(Object.keys(CALLBACK_ERRORS).length + Object.keys(OKTA_API_ERRORS).length + Object.keys(OAUTH_TOKEN_ERRORS).length + Object.keys(OPENID_CLIENT_ERRORS).length);
  });
});
