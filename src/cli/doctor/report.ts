/**
 * Building the report and reading its verdict.
 * @module
 */
import type { DoctorCheck, DoctorReport, DoctorSummary } from './types.js';

export function summarize(checks: readonly DoctorCheck[]): DoctorSummary {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) summary[check.status]++;
  return summary;
}

export function buildReport(issuer: string, checks: readonly DoctorCheck[]): DoctorReport {
  return { version: 1, issuer, checks, summary: summarize(checks) };
}

/** The command's exit status for a report: 2 when something fails, 1 when something warns, else 0 (skips are fine). */
export function exitStatus(report: Pick<DoctorReport, 'summary'>): 0 | 1 | 2 {
  return report.summary.fail > 0 ? 2 : report.summary.warn > 0 ? 1 : 0;
}
