/**
 * The package's own name, mapped to its source for the tests (as tsconfig's `paths` does for tsc), so that
 * the examples, which import 'okta-error-handler' as an app would, run under the test suite unchanged.
 */
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export const PACKAGE_ALIASES = [
  { find: /^okta-error-handler$/, replacement: src('express/index.ts') },
  { find: /^okta-error-handler\/koa$/, replacement: src('koa/index.ts') },
  { find: /^okta-error-handler\/nestjs$/, replacement: src('nestjs/index.ts') },
  { find: /^okta-error-handler\/fetch$/, replacement: src('fetch/index.ts') },
  { find: /^okta-error-handler\/hono$/, replacement: src('hono/index.ts') },
  { find: /^okta-error-handler\/fastify$/, replacement: src('fastify/index.ts') },
  { find: /^okta-error-handler\/core$/, replacement: src('core/index.ts') },
  { find: /^okta-error-handler\/rate-limit$/, replacement: src('rate-limit/index.ts') },
  { find: /^okta-error-handler\/doctor$/, replacement: src('cli/doctor/index.ts') },
];
