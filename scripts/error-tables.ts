/**
 * Generates docs/okta-api-errors.md from the catalogs, so the documentation is the data.
 * `npm run docs` writes it; test/core/docs.test.ts fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OKTA_API_ERRORS, OKTA_API_NO_CODE_BY_STATUS, OKTA_API_UNKNOWN_CODE_BY_STATUS } from '../src/catalog/okta-api.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, type OAuthTokenCatalogEntry } from '../src/catalog/oauth-token.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderErrorTables(): string {
  const out: string[] = [
    '# Upstream error policy, per code',
    '',
    '<!-- Generated from src/catalog/okta-api.ts and src/catalog/oauth-token.ts by `npm run docs`. Do not edit. -->',
    '',
    'What `oktaApiErrorHandler` / `normalizeOktaError` answer for each failure of a call to Okta. "Okta" is the',
    'status Okta documents; "answer" is the status the app sends its own client (override with `statusFor`).',
    '',
    '## Okta API error codes',
    '',
    '| code | Okta | answer | category | retry helps | Okta summary | hint for developers |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [code, r] of Object.entries(OKTA_API_ERRORS)) {
    out.push(`| \`${code}\` | ${r.oktaStatus} | ${r.status} | ${r.category} | ${r.retryable ? 'yes' : 'no'} | ${cell(r.summary)} | ${cell(r.hint)} |`);
  }
  out.push('', '## Unknown `E0…` codes, by upstream status', '', '| upstream | answer | category | retry helps |', '| --- | --- | --- | --- |');
  for (const [status, r] of Object.entries(OKTA_API_UNKNOWN_CODE_BY_STATUS)) out.push(`| ${status} | ${r.status} | ${r.category} | ${r.retryable ? 'yes' : 'no'} |`);
  out.push('', '## No Okta error code at all, by upstream status', '', '| upstream | answer | category | retry helps |', '| --- | --- | --- | --- |');
  for (const [status, r] of Object.entries(OKTA_API_NO_CODE_BY_STATUS)) out.push(`| ${status} | ${r.status} | ${r.category} | ${r.retryable ? 'yes' : 'no'} |`);
  out.push('', '## OAuth errors from token, userinfo and other back-channel endpoints', '', '| error | answer | category | hint for developers |', '| --- | --- | --- | --- |');
  for (const [code, row] of Object.entries(OAUTH_TOKEN_ERRORS)) {
    const r = row as OAuthTokenCatalogEntry;
    out.push(`| \`${code}\` | ${r.status}${r.action ? ` (${r.action})` : ''} | ${r.category} | ${cell(r.hint)} |`);
    if ('onRefresh' in r && r.onRefresh) out.push(`| \`${code}\` on refresh | ${r.onRefresh.status}${r.onRefresh.action ? ` (${r.onRefresh.action})` : ''} | ${r.onRefresh.category} | ${cell(r.onRefresh.hint)} |`);
  }
  out.push('', '## openid-client failures without an OAuth error', '', '| code | answer | category | hint for developers |', '| --- | --- | --- | --- |');
  for (const [code, r] of Object.entries(OPENID_CLIENT_ERRORS)) out.push(`| \`${code}\` | ${r.status} | ${r.category} | ${cell(r.hint)} |`);
  return `${out.join('\n')}\n`;
}

export const ERROR_TABLES_PATH = join(import.meta.dirname, '..', 'docs', 'okta-api-errors.md');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(ERROR_TABLES_PATH, renderErrorTables());
  console.log(`wrote ${ERROR_TABLES_PATH}`);
}
