/** Every exported table is immutable all the way down (issue 10): behaviour cannot be changed at run time. */
import { expect, it } from 'vitest';
import * as codes from '../../src/catalog/codes.js';
import * as entra from '../../src/catalog/entra.js';
import * as http from '../../src/catalog/http.js';
import * as messages from '../../src/catalog/messages.js';
import * as oauth from '../../src/catalog/oauth.js';
import * as oauthToken from '../../src/catalog/oauth-token.js';
import * as oktaApi from '../../src/catalog/okta-api.js';
import * as core from '../../src/core/index.js';
import * as telemetry from '../../src/catalog/telemetry.js';
import * as checks from '../../src/catalog/checks.js';

/** Paths of every object inside `value` that is not frozen. */
function unfrozen(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const own = Object.isFrozen(value) ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => unfrozen(v, `${path}.${k}`, seen))];
}

const modules = { codes, entra, http, messages, oauth, oauthToken, oktaApi, core, telemetry, checks };
const tables = Object.entries(modules).flatMap(([name, mod]) =>
  Object.entries(mod)
    .filter(([, v]) => typeof v === 'object' && v !== null)
    .map(([key, v]) => [`${name}.${key}`, v] as const),
);

it('finds the tables', () => {
  expect(tables.map(([n]) => n)).toEqual(expect.arrayContaining(['oauth.CALLBACK_ERRORS', 'messages.MESSAGES', 'oktaApi.OKTA_API_ERRORS', 'http.HTTP_TITLES', 'oauth.CALLBACK_ACTIONS']));
});

it.each(tables)('%s is frozen all the way down', (name, table) => {
  expect(table instanceof Set || table instanceof Map, `${name} is a ${table.constructor.name}: its contents cannot be frozen`).toBe(false);
  expect(unfrozen(table, name)).toEqual([]);
});

it('a write through the public export does not change behaviour', () => {
  const row = oauth.CALLBACK_ERRORS.login_required as { status: number };
  expect(() => {
    row.status = 200;
  }).toThrow(TypeError);
  expect(oauth.CALLBACK_ERRORS.login_required.status).toBe(401);
  expect(() => {
    (messages.MESSAGES.access_denied as { title: string }).title = 'x';
  }).toThrow(TypeError);
});
