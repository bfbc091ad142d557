import { defineConfig } from 'vitest/config';
import { PACKAGE_ALIASES } from './vitest.aliases.js';

export default defineConfig({
  resolve: { alias: PACKAGE_ALIASES },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
