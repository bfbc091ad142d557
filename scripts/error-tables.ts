/**
 * Generates docs/okta-api-errors.md and docs/callback-errors.md from the catalogs, so the documentation
 * is the data. `npm run docs` writes them; test/core/docs.test.ts fails when one is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OKTA_API_ERRORS, OKTA_API_NO_CODE_BY_STATUS, OKTA_API_UNKNOWN_CODE_BY_STATUS } from '../src/catalog/okta-api.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, type OAuthTokenCatalogEntry } from '../src/catalog/oauth-token.js';
import { MESSAGES, UPSTREAM_MESSAGES, UPSTREAM_NOTIFY, type PageMessage } from '../src/catalog/messages.js';
import { DESCRIPTION_PHRASES, ENTRA_SUBCODES, MESSAGE_VARIANTS } from '../src/catalog/entra.js';
import { CALLBACK_ACTIONS, CALLBACK_CATEGORIES, CALLBACK_ERRORS, categoryRule, UNKNOWN_CALLBACK_ERROR, type CallbackCatalogEntry } from '../src/catalog/oauth.js';

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
  out.push(
    '',
    '## What a browser sees',
    '',
    'The page speaks to the user; problem+json keeps the reason phrase as `title` and the catalog sentence as `detail`.',
    'Under 500 the category chooses the wording; at 5xx a rate limit is `busy`, a retryable failure `unavailable`, anything',
    'else `broken`. A sign-in that must restart says "Please sign in" with a "Sign in" button. Every page links to `homePath`.',
    '',
    '| key | title | message | adds "We have been notified." (with `onError`) |',
    '| --- | --- | --- | --- |',
  );
  for (const [key, m] of Object.entries(UPSTREAM_MESSAGES)) out.push(`| ${key} | ${cell(m.title)} | ${cell(m.message)} | ${UPSTREAM_NOTIFY.includes(key as never) ? 'yes' : ''} |`);
  return `${out.join('\n')}\n`;
}

const messageOf = (code: string, row: CallbackCatalogEntry): PageMessage => {
  const table = MESSAGES as Record<string, PageMessage>;
  return table[code] ?? table[categoryRule(row.category).message ?? 'default']!;
};

export function renderCallbackTables(): string {
  const out: string[] = [
    '# Callback error policy, per code',
    '',
    '<!-- Generated from src/catalog/oauth.ts, src/catalog/messages.ts and src/catalog/entra.ts by `npm run docs`. Do not edit. -->',
    '',
    'What `oktaErrorHandler` does with each `error` that reaches the redirect URI (override with `actions`,',
    '`messages` and `templates`). Codes marked "own" are this library\'s: a provider sending one gets `unknown`.',
    '',
    '| error | default action | prompt | page status | category | title | message | button | meaning |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const rows: [string, CallbackCatalogEntry][] = [...(Object.entries(CALLBACK_ERRORS) as [string, CallbackCatalogEntry][]), ['(any other code)', UNKNOWN_CALLBACK_ERROR]];
  for (const [code, r] of rows) {
    const m = messageOf(code, r);
    out.push(`| \`${code}\`${r.internal ? ' (own)' : ''} | ${r.action} | ${r.prompt ?? ''} | ${r.status} | ${r.category} | ${cell(m.title)} | ${cell(m.message)} | ${m.action ?? ''} | ${cell(r.explanation)} |`);
  }
  out.push('', '## Per action', '', '| action | guard counter | page status once used up | message once used up |', '| --- | --- | --- | --- |');
  for (const [action, rule] of Object.entries(CALLBACK_ACTIONS) as [string, { counter?: string; status?: number; exhausted?: string }][]) {
    out.push(`| ${action} | ${rule.counter ?? ''} | ${rule.status ?? 'the code\'s'} | ${rule.exhausted ?? 'the code\'s'} |`);
  }
  out.push('', '## Per category', '', '| category | message refined from the description | message when the code has none |', '| --- | --- | --- |');
  for (const [category, rule] of Object.entries(CALLBACK_CATEGORIES) as [string, { refine: boolean; message?: string }][]) {
    out.push(`| ${category} | ${rule.refine ? 'yes' : 'no'} | ${rule.message ?? 'default'} |`);
  }
  out.push('', '## Message variants (chosen from `error_description`)', '', '| variant | title | message | button prompt |', '| --- | --- | --- | --- |');
  for (const [variant, rule] of Object.entries(MESSAGE_VARIANTS) as [string, { prompt?: string }][]) {
    const m = (MESSAGES as Record<string, PageMessage>)[variant]!;
    out.push(`| ${variant} | ${cell(m.title)} | ${cell(m.message)} | ${rule.prompt ?? ''} |`);
  }
  out.push('', '## What in `error_description` chooses a variant', '', 'An Entra `AADSTS` sub-code first, then the first phrase found (case-insensitive).', '', '| sub-code or phrase | variant |', '| --- | --- |');
  for (const [sub, variant] of Object.entries(ENTRA_SUBCODES)) out.push(`| \`${sub}\` | ${variant} |`);
  for (const [phrase, variant] of DESCRIPTION_PHRASES) out.push(`| "${cell(phrase)}" | ${variant} |`);
  return `${out.join('\n')}\n`;
}

export const ERROR_TABLES_PATH = join(import.meta.dirname, '..', 'docs', 'okta-api-errors.md');
export const CALLBACK_TABLES_PATH = join(import.meta.dirname, '..', 'docs', 'callback-errors.md');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(ERROR_TABLES_PATH, renderErrorTables());
  writeFileSync(CALLBACK_TABLES_PATH, renderCallbackTables());
  console.log(`wrote ${ERROR_TABLES_PATH} and ${CALLBACK_TABLES_PATH}`);
}
