/**
 * Running the selected checks concurrently, each bounded by the timeout: a check that takes longer
 * fails with that reason (and its requests are aborted) while the others still report. A check
 * that throws fails with the error's message; nothing a check does can stop the run.
 * @module
 */
import { performance } from 'node:perf_hooks';

import { CHECKS } from './checks/index.js';
import { createContext, createShared, type CheckDefinition, type Finding } from './context.js';
import { NetworkError } from './http.js';
import type { ResolvedDoctorOptions } from './options.js';
import { scrubDeep } from './scrub.js';
import type { DoctorCheck } from './types.js';

const TIMED_OUT = Symbol('timed out');

/** `s` seconds, as the timeout is given. */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

function fromError(err: unknown, options: ResolvedDoctorOptions): Finding {
  if (err instanceof NetworkError) {
    return { status: 'fail', detail: options.scrub.clean(err.message, 300), fix: 'Check the host name, this machine\'s network, DNS, proxy and firewall.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 'fail', detail: `The check failed unexpectedly: ${options.scrub.clean(message, 300) || 'unknown error'}.` };
}

async function runOne(definition: CheckDefinition, options: ResolvedDoctorOptions, shared: ReturnType<typeof createShared>, runSignal: AbortSignal): Promise<DoctorCheck> {
  const started = performance.now();
  const finish = (finding: Finding): DoctorCheck => {
    const check: DoctorCheck = {
      id: definition.id,
      status: finding.status,
      title: definition.title,
      detail: finding.detail,
      ...(finding.code !== undefined && { code: finding.code }),
      ...(finding.requestId !== undefined && { requestId: finding.requestId }),
      ...(finding.fix !== undefined && finding.status !== 'pass' && finding.status !== 'skip' && { fix: finding.fix }),
      durationMs: Math.round(performance.now() - started),
    };
    return scrubDeep(check, options.scrub);
  };

  const missing = definition.skip?.(options);
  if (missing !== undefined) return finish({ status: 'skip', detail: missing });

  const controller = new AbortController();
  const signal = AbortSignal.any([runSignal, controller.signal]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), options.timeoutMs);
  });
  try {
    const result = await Promise.race([definition.run(createContext(options, shared, signal)), timeout]);
    if (result === TIMED_OUT) {
      controller.abort(new Error('timed out'));
      return finish({
        status: 'fail',
        detail: `Timed out after ${seconds(options.timeoutMs)} (--timeout) without an answer from Okta.`,
        code: 'timeout',
        fix: 'Check the network path to Okta (proxy, firewall, DNS); raise --timeout if the link is merely slow.',
      });
    }
    return finish(result);
  } catch (err) {
    return finish(fromError(err, options));
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `options.only` concurrently; resolves to the checks in report order. `onCheck` sees each as it finishes. */
export async function runChecks(options: ResolvedDoctorOptions): Promise<DoctorCheck[]> {
  const run = new AbortController();
  const shared = createShared(options, run.signal);
  try {
    return await Promise.all(
      options.only.map(async (id) => {
        const check = await runOne(CHECKS[id], options, shared, run.signal);
        try {
          options.onCheck?.(check);
        } catch {
          // A throwing listener must not lose the report.
        }
        return check;
      }),
    );
  } finally {
    // Whatever is still in flight (a shared request nobody waits for any more) stops here.
    run.abort(new Error('run finished'));
  }
}
