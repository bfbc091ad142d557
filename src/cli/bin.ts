#!/usr/bin/env node
/**
 * The `okta-error-handler` executable: `npx okta-error-handler doctor [options]`.
 * @module
 */
import { main } from './main.js';

// `doctor | head` closes stdout early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
    // Every request is aborted when the run ends; this only guards against a socket that lingers anyway.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  () => {
    process.stderr.write('okta-error-handler doctor: internal error\n');
    process.exitCode = 70;
  },
);
