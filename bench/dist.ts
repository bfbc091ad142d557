/**
 * The built package's entry points by file, so that the benchmarks measure dist/ as users get it (the
 * repository's tsconfig maps the package name to the source, for the examples).
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** The file URL of `dist/<entry>.js`: `index`, `core`, `koa`, `rate-limit`. */
export const dist = (entry: string): string => pathToFileURL(join(DIST, `${entry}.js`)).href;
