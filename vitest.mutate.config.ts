/**
 * The test run `npm run mutate` (StrykerJS) uses: every suite but the slow ones that exercise no core
 * logic the others miss. Left out: real Chromium (test/browser), the load test (test/load), the packed
 * tarball (test/package), the doctor CLI (test/cli, child processes) and the rate limiter (its own
 * module, not mutated). Everything else runs, among them test/core (callback, text, http, upstream, render),
 * test/integrations (stateFrom, promptFrom), test/catalog, test/e2e, test/conformance and test/hostile.
 * The hostile properties run a few hundred cases each instead of thousands, from a fixed seed: a mutant
 * is killed by a test that fails every time, never by a random case one run happens to draw.
 */
import { defineConfig } from 'vitest/config';
import { PACKAGE_ALIASES } from './vitest.aliases.js';

export default defineConfig({
  resolve: { alias: PACKAGE_ALIASES },
  test: {
    include: ['test/**/*.test.ts'],
    // The source-reading tests (line counts, imports, string literals) would read Stryker's instrumented copy.
    exclude: ['test/browser/**', 'test/load/**', 'test/package/**', 'test/cli/**', 'test/rate-limit/**', 'test/architecture.test.ts', 'test/catalog/no-code-literals.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { FUZZ_RUNS: '300', FUZZ_SEED: '20261202' },
  },
});
