import { rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  target: 'node20',
  sourcemap: false,
  // The middleware a factory returns is named after it (helmet, Koa style); keep that through bundling.
  keepNames: true,
  // The builds below run in parallel, so none of them may clean dist/ (it could delete another's
  // output): it is emptied once, here, before any of them starts.
  clean: false,
};
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  // The library (and the rate limiter, which shares its upstream core). Its own build, so the command-line
  // tool changes nothing in what `.`, `./core` and `./koa` load.
  { ...common, entry: { index: 'src/express/index.ts', core: 'src/core/index.ts', koa: 'src/koa/index.ts', fetch: 'src/fetch/index.ts', hono: 'src/hono/index.ts', fastify: 'src/fastify/index.ts', nestjs: 'src/nestjs/index.ts', 'rate-limit': 'src/rate-limit/index.ts' }, dts: true, splitting: true },
  // `okta-error-handler/doctor`: runDoctor() for scripts, self-contained.
  { ...common, entry: { doctor: 'src/cli/doctor/index.ts' }, dts: true, splitting: false },
  // The `okta-error-handler` executable (tsup keeps the #! line and makes the file executable).
  { ...common, entry: { cli: 'src/cli/bin.ts' }, format: ['esm'], dts: false, splitting: false },
]);
