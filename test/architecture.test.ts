/**
 * The architecture, as tests (issue 10): the core and the catalogs import no framework or package; the
 * adapters stay thin; no module outgrows one concern.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const files = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
const importsOf = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
const lines = (file: string) => readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;

it.each([...files('src/core'), ...files('src/catalog')])('%s imports only relative modules: no package, no Node built-in (the Fetch API entry points run without them)', (file) => {
  expect(importsOf(file).filter((s) => !s.startsWith('.'))).toEqual([]);
  expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/\bBuffer\.|\bprocess\.|\bsetImmediate\(|\brequire\(/);
});

it.each(['src/express/index.ts', 'src/koa/index.ts', 'src/fetch/index.ts', 'src/hono/index.ts', 'src/fastify/index.ts', 'src/nestjs/index.ts'])('%s (an adapter) has at most 100 lines', (file) => {
  expect(lines(file)).toBeLessThanOrEqual(100);
});

it.each(files('src').filter((f) => !f.startsWith('src/catalog/')))('%s has at most 300 lines', (file) => {
  expect(lines(file)).toBeLessThanOrEqual(300);
});

it('the core never imports an adapter, the CLI, the rate limiter or the integrations', () => {
  for (const file of [...files('src/core'), ...files('src/catalog')]) {
    for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/(express|koa|fastify|nestjs|cli|rate-limit|integrations)\//);
  }
});
