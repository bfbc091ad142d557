import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/express/index.ts', core: 'src/core/index.ts', koa: 'src/koa/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  sourcemap: false,
  splitting: true,
});
