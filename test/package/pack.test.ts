/**
 * The packed tarball, as users install it: built, packed, unpacked into a node_modules folder, then
 * imported from ESM and required from CommonJS through the `exports` map.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlocks, typescriptBlocks } from './readme-code.js';

const root = join(import.meta.dirname, '..', '..');
const work = join(root, '.pack-test');
const pkgDir = join(work, 'node_modules', 'okta-error-handler');

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(pkgDir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const tarball = out.trim().split('\n').pop()!;
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', pkgDir, '--strip-components=1']);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (file: string, code: string) => {
  writeFileSync(join(work, file), code);
  return execFileSync(process.execPath, [join(work, file)], { cwd: work, encoding: 'utf8' }).trim();
};

describe('packed package', () => {
  it('ships only dist and the README', () => {
    const files = execFileSync('tar', ['-tzf', execFileSync('ls', [work]).toString().split('\n').find((f) => f.endsWith('.tgz'))!], { cwd: work, encoding: 'utf8' });
    expect(files).toMatch(/package\/dist\/index\.js/);
    expect(files).not.toMatch(/package\/src\//);
    expect(files).not.toMatch(/package\/test\//);
  });

  it.each([
    ['ESM', 'esm.mjs', `import { oktaErrorHandler } from 'okta-error-handler'; import * as core from 'okta-error-handler/core'; import * as koa from 'okta-error-handler/koa';`],
    ['CJS', 'cjs.cjs', `const { oktaErrorHandler } = require('okta-error-handler'); const core = require('okta-error-handler/core'); const koa = require('okta-error-handler/koa');`],
  ])('%s entry points load and work', (_kind, file, imports) => {
    const out = run(
      file,
      `${imports}
const mw = oktaErrorHandler({ loginPath: '/login' });
console.log(JSON.stringify({
  express: typeof mw, name: mw.name, arity: mw.length,
  koa: typeof koa.oktaErrorHandler({}),
  catalog: core.CALLBACK_ERRORS.access_denied.status,
  parse: core.parseCallback('error=access_denied&state=s').ok,
}));`,
    );
    expect(JSON.parse(out)).toEqual({ express: 'function', name: 'oktaErrorHandler', arity: 3, koa: 'function', catalog: 403, parse: true });
  });

  it.each([
    ['ESM', 'rl.mjs', `import { createOktaRateLimiter, redisRateLimitStore } from 'okta-error-handler/rate-limit'; import { UpstreamError } from 'okta-error-handler/core';`],
    ['CJS', 'rl.cjs', `const { createOktaRateLimiter, redisRateLimitStore } = require('okta-error-handler/rate-limit'); const { UpstreamError } = require('okta-error-handler/core');`],
  ])('%s rate-limit entry loads and works without ioredis or redis installed', async (_kind, file, imports) => {
    // Only okta-error-handler is in this node_modules: importing a Redis client at load time would fail here.
    const out = run(
      file,
      `${imports}
const reset = String(Math.floor(Date.now() / 1000) + 600);
const fetch = async () => new Response('{}', { status: 200, headers: { 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset, date: new Date().toUTCString() } });
const limiter = createOktaRateLimiter({ fetch, maxWaitMs: 0 });
(async () => {
  const first = await limiter.fetch('https://acme.okta.com/api/v1/users/00u1ab2cd3EF4GH5IJ6k');
  const second = await limiter.fetch('https://acme.okta.com/api/v1/users/00u1ab2cd3EF4GH5IJ6k').catch((e) => e);
  let store;
  try { redisRateLimitStore({ sendCommand: async () => 'OK' }); store = 'ok'; } catch (e) { store = String(e); }
  console.log(JSON.stringify({ first: first.status, upstream: second instanceof UpstreamError, status: second.status, code: second.errorCode, store }));
})();`,
    );
    expect(JSON.parse(out)).toEqual({ first: 200, upstream: true, status: 503, code: 'E0000047', store: 'ok' });
  });

  it('ships type declarations for every entry point', () => {
    for (const entry of ['index.d.ts', 'index.d.cts', 'core.d.ts', 'core.d.cts', 'koa.d.ts', 'koa.d.cts', 'fetch.d.ts', 'fetch.d.cts', 'hono.d.ts', 'hono.d.cts', 'fastify.d.ts', 'fastify.d.cts', 'nestjs.d.ts', 'nestjs.d.cts', 'doctor.d.ts', 'doctor.d.cts', 'rate-limit.d.ts', 'rate-limit.d.cts']) {
      expect(() => execFileSync('test', ['-s', join(pkgDir, 'dist', entry)])).not.toThrow();
    }
  });

  it('ships the okta-error-handler executable and okta-error-handler/doctor', () => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(pkgDir, pkg.bin['okta-error-handler']!);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // Run through its #! line, as npm's bin link runs it.
    const help = spawnSync(bin, ['doctor', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('OKTA_API_TOKEN');
    const usage = spawnSync(bin, ['doctor', '--issuer', 'http://example.com'], { encoding: 'utf8' });
    expect(usage.status).toBe(64);
    expect(usage.stderr).toMatch(/^okta-error-handler doctor: refusing the http: issuer/);
    for (const [file, load] of [
      ['doctor.mjs', `import { runDoctor, CHECK_IDS } from 'okta-error-handler/doctor';`],
      ['doctor.cjs', `const { runDoctor, CHECK_IDS } = require('okta-error-handler/doctor');`],
    ] as const) {
      expect(run(file, `${load}\nrunDoctor({ issuer: 'ftp://x' }).catch((e) => console.log(typeof runDoctor, CHECK_IDS.length, e.code));`)).toBe('function 11 OEH_DOCTOR_OPTION');
    }
  });

  it.each(['fetch.js', 'fetch.cjs', 'hono.js', 'hono.cjs'])('dist/%s loads no Node built-in, through every chunk it imports', (entry) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(pkgDir, 'dist', file), 'utf8');
      const specs = [...text.matchAll(/(?:from\s*|import\s*|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]!);
      expect(specs.filter((s) => !s.startsWith('./')), file).toEqual([]);
      expect(text, file).not.toMatch(/\bBuffer\.|\bprocess\.|\bsetImmediate\(/);
      for (const s of specs) visit(s.slice(2));
    };
    visit(entry);
    expect(seen.size).toBeGreaterThan(1);
  });

  it("every TypeScript block of the README compiles on its own against the packed package's types", () => {
    const blocks = typescriptBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(10);
    const errors = checkBlocks(join(work, 'readme'), blocks);
    expect(Object.fromEntries([...errors].map(([line, messages]) => [`README.md block at line ${line}`, messages]))).toEqual({});
  }, 120_000);
});
