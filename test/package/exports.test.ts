/**
 * A small, deliberate public surface (issue 10): the runtime exports of every entry point, pinned. A
 * change here is a change of the package's API: make it on purpose. The README's `./core` list is
 * checked against the real one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import * as express from '../../src/express/index.js';
import * as koa from '../../src/koa/index.js';
import * as fetchApi from '../../src/fetch/index.js';
import * as hono from '../../src/hono/index.js';
import * as fastify from '../../src/fastify/index.js';
import * as nestjs from '../../src/nestjs/index.js';
import * as rateLimit from '../../src/rate-limit/index.js';
import * as doctor from '../../src/cli/doctor/index.js';

const APP = ['InvalidOptionError', 'OEH_INVALID_OPTION', 'OEH_UPSTREAM_ERROR', 'UpstreamError', 'html', 'normalizeOktaError', 'normalizeOktaResponse', 'oktaApiErrorHandler', 'oktaErrorHandler', 'promptFrom', 'signInFailedPath', 'stateFrom', 'withOktaRetry'];

const PINNED: Record<string, readonly string[]> = {
  '.': APP,
  './koa': APP,
  // The Fetch API entry points have no stateFrom: it reads Node sessions and signs with node:crypto.
  './fetch': APP.filter((name) => name !== 'stateFrom'),
  './hono': APP.filter((name) => name !== 'stateFrom'),
  './fastify': APP,
  // oktaApiErrorHandler(opts) there is `new OktaApiExceptionFilter(opts)`, by the name every entry point uses.
  './nestjs': [...APP, 'OktaApiExceptionFilter'],
  './core': [
    'CALLBACK_ACTIONS', 'CALLBACK_CATEGORIES', 'CALLBACK_CODE', 'CALLBACK_ERRORS', 'CLIENT_CODE', 'DEFAULT_CALLBACK_PATH', 'ENTRA_SUBCODES',
    'InvalidOptionError', 'MESSAGES', 'MESSAGE_VARIANTS', 'OAUTH_CODE', 'OAUTH_TOKEN_ERRORS', 'OEH_INVALID_OPTION', 'OEH_UPSTREAM_ERROR',
    'OKTA_API_ERRORS', 'OKTA_CODE', 'OPENID_CLIENT_ERRORS', 'PAGE_STRINGS', 'UpstreamError', 'clientHints', 'decide', 'escapeHtml',
    'handleCallback', 'html', 'interceptCallback', 'isCallbackPath', 'isNavigation', 'lookupCallbackError', 'lookupOAuthTokenError',
    'lookupOktaApiError', 'mayBeErrorResponse', 'negotiateLocale', 'normalizeOktaError', 'normalizeOktaResponse', 'parseCallback',
    'parseCallbackObject', 'parseRetryAfter', 'prefersHtml', 'prefersJson', 'problemDetails', 'readCallback', 'readTransport', 'redactSecrets',
    'refineFromDescription', 'renderPage', 'resolveOptions', 'respond', 'respondToUpstreamError', 'sanitizeText', 'toSameOriginPath', 'verify',
    'withOktaRetry',
  ],
  './rate-limit': ['OKTA_CONCURRENCY_LIMIT', 'OktaClock', 'OktaRequestExecutor', 'createOktaRateLimiter', 'defaultBucket', 'memoryRateLimitStore', 'orgOf', 'parseRateLimitHeaders', 'pathTemplate', 'readRateLimitHeaders', 'redisClientKind', 'redisRateLimitStore'],
  './doctor': ['CHECK_IDS', 'DEFAULT_TIMEOUT_SECONDS', 'DoctorOptionError', 'MAX_TIMEOUT_SECONDS', 'OEH_DOCTOR_OPTION', 'exitStatus', 'runDoctor'],
};
const MODULES: Record<string, object> = { '.': express, './koa': koa, './fetch': fetchApi, './hono': hono, './fastify': fastify, './nestjs': nestjs, './core': core, './rate-limit': rateLimit, './doctor': doctor };

it.each(Object.keys(PINNED))('%s exports exactly its pinned names', (entry) => {
  expect(Object.keys(MODULES[entry]!).sort()).toEqual([...PINNED[entry]!].sort());
});

it('package.json has an export for each entry point', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  for (const entry of Object.keys(PINNED)) expect(Object.hasOwn(pkg.exports, entry), entry).toBe(true);
});

it("the README's okta-error-handler/core section names exactly what ./core exports at run time", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## `okta-error-handler/core`');
  expect(start).toBeGreaterThan(-1);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const named = new Set([...section.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!));
  expect([...named].filter((n) => /^[a-z]|^[A-Z_]+$|Error$/.test(n)).sort()).toEqual([...PINNED['./core']!].sort());
});
