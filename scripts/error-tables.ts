/**
 * Generates docs/errors.md (one entry per code, with a stable anchor), docs/okta-api-errors.md and
 * docs/callback-errors.md from the catalogs, so the documentation is the data. `npm run docs` writes
 * them; test/core/docs.test.ts fails when one is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OKTA_API_ERRORS, OKTA_API_NO_CODE_BY_STATUS, OKTA_API_UNKNOWN_CODE_BY_STATUS } from '../src/catalog/okta-api.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS, type OAuthTokenCatalogEntry } from '../src/catalog/oauth-token.js';
import { MESSAGES, UPSTREAM_MESSAGES, UPSTREAM_NOTIFY, type PageMessage } from '../src/catalog/messages.js';
import { DESCRIPTION_PHRASES, ENTRA_SUBCODES, MESSAGE_VARIANTS } from '../src/catalog/entra.js';
import { CALLBACK_ACTIONS, CALLBACK_CATEGORIES, CALLBACK_ERRORS, categoryRule, UNKNOWN_CALLBACK_ERROR, UNKNOWN_CODE, type CallbackAction, type CallbackCatalogEntry, type KnownCallbackCode } from '../src/catalog/oauth.js';
import { CALLBACK_CHECKS } from '../src/catalog/checks.js';
import { CALLBACK_SEVERITY, FIXED_ENTRIES, UPSTREAM_SEVERITY, callbackTelemetry, upstreamTelemetry, type FixedEntry, type Telemetry } from '../src/catalog/telemetry.js';
import { normalizeOktaError } from '../src/core/upstream/normalize.js';
import type { NormalizedOktaError } from '../src/core/upstream/model.js';

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


/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export const slug = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');

const labels = (t: Telemetry, more = '') => `severity \`${t.severity}\` · errorType \`${t.errorType}\`${more}`;

/** What each action does before (or instead of) the page, for "what the user sees". */
const ACTION_SEES = {
  reprompt: 'sent back to sign in at `loginPath`{prompt}, once per window (`limits.reprompts`); after that, or for a script, the page',
  retry: 'sent back to sign in again automatically (`limits.retries` times per window); after that, or for a script, the page',
  restart: 'a new sign-in is started (`limits.restarts` per window; a user who is signed in goes home instead); after that, or for a script, the page',
  render: 'the page',
  pass: "the app's own callback route",
} as const satisfies Record<CallbackAction, string>;

function callbackEntry(code: KnownCallbackCode): string[] {
  const row: CallbackCatalogEntry = CALLBACK_ERRORS[code];
  const t = callbackTelemetry(code, row, code);
  const exhausted = row.action === 'retry' ? (MESSAGES as Record<string, PageMessage>).retry_exhausted! : messageOf(code, row);
  const status = row.action === 'retry' ? CALLBACK_ACTIONS.retry.status : row.status;
  const button = exhausted.action ? `, button "${exhausted.action}"` : '';
  return [
    `### \`${code}\``,
    '',
    `${labels(t, ` · category \`${row.category}\``)}${row.internal ? ' · this library\'s own code (a provider sending it gets `unknown`)' : ''}`,
    '',
    `- **What it means:** ${row.explanation}`,
    `- **What the user sees:** ${ACTION_SEES[row.action].replace('{prompt}', row.prompt ? ` with \`prompt=${row.prompt}\`` : '')}: ${status} "${exhausted.title}": "${exhausted.message}"${button}.`,
    `- **What to check:** ${CALLBACK_CHECKS[code]}`,
    '',
  ];
}

function fixedEntry(entry: FixedEntry): string[] {
  const line = `severity ${entry.severity ? `\`${entry.severity}\`` : 'by category (above)'} · errorType \`${entry.errorType}\``;
  return [`### ${entry.title}`, '', line, '', `- **What it means:** ${entry.meaning}`, `- **What to check:** ${entry.check}`, ''];
}

const sees = (n: NormalizedOktaError) => `${n.status} "${n.title}": "${n.detail}"${n.action ? ', button "Sign in" (a page load is first sent back to sign in once: `limits.restarts`)' : ''}`;

function normalized(input: unknown, status: number, kind?: 'refresh'): NormalizedOktaError {
  const n = normalizeOktaError(input, { status, ...(kind && { kind }) });
  if (!n) throw new Error(`not recognised: ${JSON.stringify(input)}`);
  return n;
}

function upstreamEntry(heading: string, n: NormalizedOktaError, means: string, hint: string, extra: string[] = []): string[] {
  const t = upstreamTelemetry(n);
  return [
    `### ${heading}`,
    '',
    labels(t, ` · category \`${n.category}\` · retry helps: ${n.retryable ? 'yes' : 'no'}`),
    '',
    `- **What it means:** ${means}`,
    `- **What the user sees:** ${sees(n)}.`,
    ...extra,
    `- **What to check:** ${hint}`,
    '',
  ];
}

/** The shape each openid-client or network failure is thrown as, to normalize it as the handler does. */
const CLIENT_SHAPES: Readonly<Record<string, unknown>> = {
  rp_error: { name: 'RPError', message: '' },
  network_error: { name: 'FetchError', message: '' },
  upstream_timeout: { name: 'TimeoutError', message: '' },
};

export function renderErrorsPage(): string {
  const out: string[] = [
    '# Errors, per code',
    '',
    '<!-- Generated from src/catalog/ by `npm run docs` (scripts/error-tables.ts). Do not edit. -->',
    '',
    'Every code `oktaErrorHandler` and `oktaApiErrorHandler` handle has an entry here: what it means, what the user',
    'sees, and what a developer should check. Each `onError` event links to its entry in `docsUrl` (by default',
    '`node_modules/okta-error-handler/docs/errors.md#<anchor>`; set the `docsUrl` option to a base URL, a function or',
    '`false`), and the development page shows the same link. Anchors are stable and lower case: `#access_denied`,',
    '`#e0000047`, `#token-invalid_grant`, `#client-oauth_timeout`; a code outside the catalogs gets its group\'s entry',
    '(`#unknown`, `#okta-unknown-code`, …), never an anchor made of what was received.',
    '',
    'Each entry also gives the event\'s `severity` (from its category: the tables below) and `errorType` (for',
    'OpenTelemetry\'s `error.type`). The per-code policy tables are in [callback-errors.md](callback-errors.md) and',
    '[okta-api-errors.md](okta-api-errors.md).',
    '',
    '## Severity',
    '',
    '`info`: the user\'s own choice or an expected step; `warn`: transient failures and refused, expired or rejected',
    'attempts; `error`: configuration and internal failures. Named after logger methods: `logger[event.severity](event)`.',
    '',
    '| callback category | severity |',
    '| --- | --- |',
    ...Object.entries(CALLBACK_SEVERITY).map(([category, severity]) => `| ${category} | ${severity} |`),
    '',
    '| upstream category | answered 4xx | answered 5xx |',
    '| --- | --- | --- |',
    ...Object.entries(UPSTREAM_SEVERITY).map(([category, rule]) => `| ${category} | ${rule.client} | ${rule.server} |`),
    '',
    `A template that fails is \`${FIXED_ENTRIES.template_error.severity}\`, a set-up warning \`${FIXED_ENTRIES.form_post_without_https.severity}\`, an unrecognised error under \`handleAll\` \`${FIXED_ENTRIES.internal_error.severity}\`.`,
    '',
    '## Callback errors',
    '',
    'The `error` a provider sends to the redirect URI, and this library\'s own rejections (`callback.error` events).',
    '',
  ];
  for (const code of Object.keys(CALLBACK_ERRORS) as KnownCallbackCode[]) out.push(...callbackEntry(code));
  out.push(...fixedEntry({ ...FIXED_ENTRIES.unknown, severity: callbackTelemetry(UNKNOWN_CODE, UNKNOWN_CALLBACK_ERROR, UNKNOWN_CODE).severity }));

  out.push('## Okta API errors', '', 'Failed calls to Okta\'s management API (`upstream.error` events), by `errorCode`.', '');
  for (const [code, row] of Object.entries(OKTA_API_ERRORS)) {
    const n = normalized({ errorCode: code, errorSummary: row.summary }, row.oktaStatus);
    out.push(...upstreamEntry(`\`${code}\``, n, `${row.summary} (Okta answers ${row.oktaStatus}.)`, row.hint));
  }
  out.push(...fixedEntry(FIXED_ENTRIES.okta_unknown));

  out.push('## OAuth errors from token and other back-channel endpoints', '', 'An OAuth `error` answered to the app\'s own call (code exchange, refresh, userinfo): `upstream.error` events.', '');
  for (const [code, row] of Object.entries(OAUTH_TOKEN_ERRORS) as [string, OAuthTokenCatalogEntry][]) {
    const n = normalized({ error: code }, 400);
    const refresh = row.onRefresh ? normalized({ error: code }, 400, 'refresh') : undefined;
    const extra = refresh && row.onRefresh ? [`- **On refresh** (\`kind: 'refresh'\`): ${sees(refresh)}; ${labels(upstreamTelemetry(refresh))}. ${row.onRefresh.hint}`] : [];
    const twin = Object.hasOwn(CALLBACK_ERRORS, code) ? ` The same code at the redirect URI is [\`${code}\`](#${code}).` : '';
    out.push(...upstreamEntry(`token: \`${code}\``, n, `The authorization server answered a back-channel call of the app (code exchange, refresh, userinfo) with \`error=${code}\`.${twin}`, row.hint, extra));
  }
  out.push(...fixedEntry(FIXED_ENTRIES.token_unknown));

  out.push('## openid-client and network failures', '', 'A call that got no usable answer: a timeout, a response that breaks the protocol, no connection.', '');
  for (const [code, row] of Object.entries(OPENID_CLIENT_ERRORS)) {
    const n = normalized(CLIENT_SHAPES[code] ?? { code, message: '' }, 502);
    if (n.code !== code) throw new Error(`${code} normalized as ${n.code}`);
    out.push(...upstreamEntry(`client: \`${code}\``, n, row.hint, "The event's `source` and `upstreamStatus`, and in development its `summary` (the library's message, redacted); then the issuer or org URL and the network between the app and it."));
  }

  out.push('## Other upstream answers', '');
  out.push(...fixedEntry(FIXED_ENTRIES.http_status), ...fixedEntry(FIXED_ENTRIES.upstream_status), ...fixedEntry(FIXED_ENTRIES.internal_error));
  out.push('## Other events', '');
  out.push(...fixedEntry(FIXED_ENTRIES.template_error), ...fixedEntry(FIXED_ENTRIES.form_post_without_https), ...fixedEntry(FIXED_ENTRIES.state_not_verified));
  return `${out.join('\n').trimEnd()}\n`;
}

export const ERRORS_PATH = join(import.meta.dirname, '..', 'docs', 'errors.md');
export const ERROR_TABLES_PATH = join(import.meta.dirname, '..', 'docs', 'okta-api-errors.md');
export const CALLBACK_TABLES_PATH = join(import.meta.dirname, '..', 'docs', 'callback-errors.md');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(ERRORS_PATH, renderErrorsPage());
  writeFileSync(ERROR_TABLES_PATH, renderErrorTables());
  writeFileSync(CALLBACK_TABLES_PATH, renderCallbackTables());
  console.log(`wrote ${ERRORS_PATH}, ${ERROR_TABLES_PATH} and ${CALLBACK_TABLES_PATH}`);
}
