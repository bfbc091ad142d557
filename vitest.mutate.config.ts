/**
 * The test run `npm run mutate` (StrykerJS) uses: every suite but the slow ones that exercise no core
 * logic the others miss. Left out: real Chromium (test/browser), the load test (test/load), the packed
 * tarball (test/package) and the doctor CLI (test/cli, child processes). The hostile properties run a
 * few hundred cases each instead of thousands.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/load/**', 'test/package/**', 'test/cli/**', 'test/rate-limit/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { FUZZ_RUNS: '300' },
  },
});
