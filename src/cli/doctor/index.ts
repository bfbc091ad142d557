/**
 * `okta-error-handler/doctor`: the checks behind `npx okta-error-handler doctor`, as a function.
 * It prints nothing and never exits the process.
 * @module
 */
import { resolveDoctorOptions } from './options.js';
import { buildReport } from './report.js';
import { runChecks } from './runner.js';
import type { DoctorOptions, DoctorReport } from './types.js';

export { CHECK_IDS } from './types.js';
export type { CheckId, CheckStatus, DoctorCheck, DoctorOptions, DoctorReport, DoctorSummary } from './types.js';
export { DoctorOptionError, OEH_DOCTOR_OPTION, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from './options.js';
export { exitStatus } from './report.js';

/**
 * Runs the doctor's checks against an Okta org and resolves to the report (the `--json` document).
 * Checks run concurrently, each bounded by `timeout` seconds (default 10); those whose inputs are
 * missing are skipped. No secret given in the options appears anywhere in the report.
 *
 * Rejects with a {@link DoctorOptionError} (a TypeError) before any request when an option is wrong.
 *
 * @example
 * ```ts
 * import { runDoctor, exitStatus } from 'okta-error-handler/doctor';
 *
 * const report = await runDoctor({ issuer: 'https://example.okta.com/oauth2/default', token: process.env.OKTA_API_TOKEN });
 * for (const check of report.checks) if (check.status === 'fail') console.error(check.id, check.detail, check.fix);
 * process.exitCode = exitStatus(report);
 * ```
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const resolved = resolveDoctorOptions(options);
  const checks = await runChecks(resolved);
  return buildReport(resolved.issuerInput, checks);
}
