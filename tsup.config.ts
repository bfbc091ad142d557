import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/express/index.ts', core: 'src/core/index.ts', koa: 'src/koa/index.ts', 'rate-limit': 'src/rate-limit/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  sourcemap: false,
  splitting: true,
  // The middleware a factory returns is named after it (helmet, Koa style); keep that through bundling.
  keepNames: true,
});
