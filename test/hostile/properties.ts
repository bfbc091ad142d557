/**
 * Properties over hostile input (fast-check), for every scenario in `SCENARIOS` on Express 5 and Koa 3:
 *
 * 1. no uncaught exception and no 5xx caused by input (only the catalog's own 500/503 pages);
 * 2. no HTML response carries an unescaped generated payload, an unexpected tag or attribute, or a
 *    link off the origin;
 * 3. every `Location` (and problem+json `loginUrl`) is a same-origin relative path, and the configured
 *    login path unless the app's own `loginUrl` builds it;
 * 4. no response header carries CR/LF, an injected header, or attacker bytes;
 * 5. no secret-looking generated value reaches an `onError` event unredacted, and no `state` value at all;
 * 6. every event's `severity`, `errorType` and `docsUrl` come from the catalogs, never from input.
 *
 * Runs: `FUZZ_RUNS` per property (split over the frameworks), 3,000 by default; `npm run fuzz` runs many
 * more. A failure prints the seed and the command that replays it. `express.test.ts` and `koa.test.ts`
 * run them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS, LOGIN_PATH, htmlProblem, isCatalogFiveHundred, isSameOriginRelative, runProperty, runsFor, startServers, stopServers, timeoutFor, type Framework, type Observed } from './harness.js';
import { MARKER } from './arbitraries.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { OAUTH_TOKEN_ERRORS, OPENID_CLIENT_ERRORS } from '../../src/catalog/oauth-token.js';
import { OKTA_API_ERRORS } from '../../src/catalog/okta-api.js';
import { FIXED_ENTRIES, clientAnchor, oktaAnchor, tokenAnchor } from '../../src/catalog/telemetry.js';

/** Every anchor of docs/errors.md an event may link to. */
const ANCHORS = new Set([
  ...Object.keys(CALLBACK_ERRORS),
  ...Object.keys(OKTA_API_ERRORS).map(oktaAnchor),
  ...Object.keys(OAUTH_TOKEN_ERRORS).map(tokenAnchor),
  ...Object.keys(OPENID_CLIENT_ERRORS).map(clientAnchor),
  ...Object.values(FIXED_ENTRIES).map((e) => e.anchor),
]);
const DOCS_URL = /^node_modules\/okta-error-handler\/docs\/errors\.md#([a-z0-9_-]+)$/;
/** A namespaced name of catalog characters only (an app-configured code keeps its name after `oidc.`). */
const ERROR_TYPE = /^(?:oidc|okta|client|http|internal|template|setup)\.[A-Za-z0-9_]+$/;

/** Header names a callback response may carry; anything else was injected. */
const HEADER_NAMES = new Set([
  'cache-control',
  'referrer-policy',
  'x-content-type-options',
  'content-type',
  'content-length',
  'location',
  'set-cookie',
  'retry-after',
  'connection',
  'keep-alive',
  'date',
  'x-powered-by',
  'etag',
  'vary',
  'transfer-encoding',
]);
/** The callback path as the request spelled it (case, trailing slash), and only this library's own names. */
const CONTINUATION = /^\/authorization-code\/callback\/?\?oeh_continue=(?:reprompt|retry|restart)%3A[a-z_]+(?:%3A[a-z_]+)?$/i;
const GUARD_SET_COOKIE = /^(?:oeh_guard=v2(?:\.\d{1,2}){3}\.\d{1,12}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax|__Host-oeh_guard=v2(?:\.\d{1,2}){3}\.\d{1,12}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=None|oeh_probe=1; Max-Age=120; Path=\/; HttpOnly; SameSite=Lax)$/;
const HTML_SPECIAL = /[<>"'`&]/;

function contentType(o: Observed): string {
  return String(o.headers['content-type'] ?? '');
}

const properties: readonly {
  readonly name: string;
  readonly focus: 'any' | 'redirecting' | 'secrets';
  readonly check: (scenario: Scenario<unknown>, c: unknown, o: Observed) => void;
}[] = [
  {
    name: 'never an uncaught exception or a 5xx caused by input',
    focus: 'any',
    check: (_s, _c, o) => {
      expect(o.appErrors, 'errors reached the framework').toEqual([]);
      if (o.status >= 500) expect(isCatalogFiveHundred(o), `status ${o.status} that no catalog row calls for; events ${JSON.stringify(o.events)}`).toBe(true);
    },
  },
  {
    name: 'HTML responses carry no unescaped generated payload',
    focus: 'any',
    check: (s, c, o) => {
      if (!/^text\/html/i.test(contentType(o)) || s.passedToApp(o)) return;
      expect(htmlProblem(o.body), o.body.slice(0, 2000)).toBeUndefined();
      for (const text of s.tainted(c)) {
        if (HTML_SPECIAL.test(text)) expect(o.body.includes(text), `raw ${JSON.stringify(text.slice(0, 200))} in the page`).toBe(false);
      }
    },
  },
  {
    name: 'every Location is same-origin relative or the configured login path',
    focus: 'redirecting',
    check: (s, c, o) => {
      const targets: string[] = [];
      if (o.headers.location !== undefined) targets.push(String(o.headers.location));
      if (/problem\+json/.test(contentType(o)) && o.body !== '') {
        const problem = JSON.parse(o.body) as { loginUrl?: string };
        if (problem.loginUrl !== undefined) targets.push(problem.loginUrl);
      }
      for (const target of targets) {
        expect(isSameOriginRelative(target), `redirect target ${JSON.stringify(target)}`).toBe(true);
        // A form_post continuation goes to the callback itself, carrying only this library's own names.
        if (CONTINUATION.test(target)) continue;
        if (s.redirects(c) === 'loginPath') expect(target === LOGIN_PATH || target.startsWith(`${LOGIN_PATH}?`), `redirect target ${JSON.stringify(target)}`).toBe(true);
      }
    },
  },
  {
    name: 'no response header carries CR/LF or attacker bytes',
    focus: 'any',
    check: (s, c, o) => {
      if (s.passedToApp(o)) return;
      const markers = new Set(s.tainted(c).flatMap((t) => t.match(MARKER) ?? []));
      for (const [name, value] of o.rawHeaders) {
        expect(HEADER_NAMES.has(name.toLowerCase()), `unexpected header ${JSON.stringify(name)}: ${JSON.stringify(value)}`).toBe(true);
        expect(value, `header ${name}`).not.toMatch(/[\r\n\0]/);
        for (const m of markers) expect(value.includes(m), `attacker bytes in ${name}: ${JSON.stringify(value)}`).toBe(false);
        if (name.toLowerCase() === 'set-cookie') expect(value).toMatch(GUARD_SET_COOKIE);
      }
    },
  },
  {
    name: "an error response the app's own router and parsers would see never reaches the app's route",
    focus: 'any',
    check: (_s, _c, o) => {
      // `pass` is the one outcome that hands an error to the app on purpose.
      if (o.events.some((e) => e.type === 'callback.error' && e.outcome === 'pass')) return;
      expect(o.headers['x-app-saw-error'], `the app's route saw an error the interceptor did not: ${o.body.slice(0, 120)}`).toBeUndefined();
    },
  },
  {
    name: "every event's severity, errorType and docsUrl come from the catalogs, never from input",
    focus: 'any',
    check: (_s, _c, o) => {
      for (const event of o.events) {
        expect(['info', 'warn', 'error']).toContain(event.severity);
        expect(event.errorType, JSON.stringify(event)).toMatch(ERROR_TYPE);
        expect(event.errorType).not.toMatch(new RegExp(MARKER.source));
        const anchor = DOCS_URL.exec(event.docsUrl ?? '')?.[1];
        expect(anchor !== undefined && ANCHORS.has(anchor), `docsUrl ${event.docsUrl}`).toBe(true);
        expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    },
  },
  {
    name: 'no secret-looking value reaches onError unredacted, and no state at all',
    focus: 'secrets',
    check: (s, c, o) => {
      const logged = JSON.stringify(o.events);
      for (const secret of s.secrets(c)) {
        // No part of it either: every 12-character slice.
        for (let i = 0; i + 12 <= secret.core.length || i === 0; i++) {
          const part = secret.core.slice(i, i + 12);
          expect(logged.includes(part), `secret ${JSON.stringify(secret.text)}: ${JSON.stringify(part)} logged: ${logged}`).toBe(false);
        }
      }
      for (const value of s.neverLogged(c)) {
        const raw = value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ');
        expect(logged.includes(value) || logged.includes(JSON.stringify(raw).slice(1, -1)), `state ${JSON.stringify(value.slice(0, 100))} logged: ${logged.slice(0, 500)}`).toBe(false);
      }
    },
  },
];

/**
 * Defines every property for every scenario on one framework (one test file per framework, so that
 * vitest runs them in parallel).
 */
export function defineProperties(framework: Framework): void {
  const runs = Math.ceil(runsFor() / FRAMEWORKS.length);
  beforeAll(startServers);
  afterAll(stopServers);
  for (const scenario of SCENARIOS) {
    describe(`hostile ${scenario.name}`, () => {
      for (const property of properties) {
        const name = `${scenario.name} on ${framework}: ${property.name}`;
        it(
          name,
          async () => {
            await runProperty(name, scenario.cases(framework, property.focus), async (c) => property.check(scenario, c, await scenario.run(c)), runs);
          },
          timeoutFor(runs),
        );
      }
    });
  }
}
