/**
 * `okta-error-handler doctor`: argv and environment in, report out, exit status back. Everything
 * written to stdout or stderr passes through the secret scrubber first.
 * @module
 */
import { parseArgs, UsageError } from './args.js';
import { runDoctor } from './doctor/index.js';
import { DoctorOptionError, resolveDoctorOptions } from './doctor/options.js';
import { exitStatus } from './doctor/report.js';
import { createScrubber } from './doctor/scrub.js';
import type { DoctorCheck } from './doctor/types.js';
import { createSpinner, createTextReporter } from './text-reporter.js';
import { HELP, USAGE } from './usage.js';

/** Exit status of a usage error (sysexits.h EX_USAGE). */
export const EXIT_USAGE = 64;
/** Exit status of a bug in the doctor itself (EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Runs the command; resolves to the exit status. Never throws, never exits the process. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  // Until the options are read, scrub every secret-looking value the environment holds for us.
  let scrub: (text: string) => string = createScrubber([io.env.OKTA_CLIENT_SECRET, io.env.OKTA_API_TOKEN, io.env.OKTA_OAUTH_TOKEN]);
  const out = (text: string) => void io.stdout.write(scrub(text));
  const err = (text: string) => void io.stderr.write(scrub(text));
  const usageError = (reason: string) => {
    err(`okta-error-handler doctor: ${reason}\n\n${USAGE}\nRun "npx okta-error-handler doctor --help" for the options and their environment variables.\n`);
    return EXIT_USAGE;
  };

  let invocation;
  try {
    invocation = parseArgs(argv, io.env);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message);
    throw e;
  }
  scrub = createScrubber([...invocation.secrets, invocation.options.clientSecret, invocation.options.token, invocation.options.oauthToken], invocation.options.clientId);
  if (invocation.help) {
    out(`${HELP}\n`);
    return 0;
  }

  let resolved;
  try {
    resolved = resolveDoctorOptions(invocation.options);
  } catch (e) {
    if (e instanceof DoctorOptionError) return usageError(e.message);
    throw e;
  }
  const resolvedScrub = resolved.scrub;
  const previous = scrub;
  scrub = (text: string) => resolvedScrub(previous(text));

  const noColor = invocation.noColor || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
  const spinner = io.stderr.isTTY ? createSpinner({ write: err }) : undefined;
  try {
    if (invocation.json) {
      spinner?.start(resolved.only);
      const report = await runDoctor(invocation.options);
      spinner?.stop();
      out(`${JSON.stringify(report, null, 2)}\n`);
      return exitStatus(report);
    }
    const reporter = createTextReporter({ write: out }, { color: io.stdout.isTTY === true && !noColor, issuer: resolved.issuerInput, spinner });
    reporter.start(resolved.only);
    const report = await runDoctor({ ...invocation.options, onCheck: (check: DoctorCheck) => reporter.check(check) });
    reporter.end(report);
    return exitStatus(report);
  } catch (e) {
    spinner?.stop();
    const message = e instanceof Error ? e.message : String(e);
    err(`okta-error-handler doctor: internal error: ${resolved.scrub.clean(message, 300)}\n`);
    return EXIT_INTERNAL;
  }
}
