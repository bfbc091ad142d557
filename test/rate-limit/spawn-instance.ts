/**
 * Starts instances (`instance.ts`) as child processes and collects their reports: for the
 * multi-instance tests and the benchmark's cluster run. Every wait is bounded.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig, InstanceReport } from './instance.js';

const SCRIPT = fileURLToPath(new URL('./instance.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Instance {
  readonly child: ChildProcess;
  /** Events the instance forwarded (store errors). */
  readonly events: unknown[];
  /** Starts its calls; resolves with its report. */
  go(timeoutMs?: number): Promise<InstanceReport>;
  kill(): Promise<void>;
}

export async function startInstance(config: InstanceConfig, options: { fromPackage?: boolean; readyTimeoutMs?: number } = {}): Promise<Instance> {
  const child = fork(SCRIPT, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, RL_INSTANCE: JSON.stringify(config), RL_PACKAGE: options.fromPackage ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events: unknown[] = [];
  child.on('message', (m: { type: string; event?: unknown }) => {
    if (m.type === 'event') events.push(m.event);
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`instance exited (${code ?? signal})`))));
  exited.catch(() => {});
  const waitFor = <T>(type: string, ms: number): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== type) return;
          child.off('message', on);
          resolve(m as T);
        };
        child.on('message', on);
      }),
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`instance: no ${type} within ${ms} ms`)), ms).unref()),
    ]);
  await waitFor('ready', options.readyTimeoutMs ?? 30_000);
  return {
    child,
    events,
    go: (timeoutMs = 120_000) => {
      const done = waitFor<InstanceReport>('done', timeoutMs);
      child.send({ type: 'go' });
      return done;
    },
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Ends an instance that is still running (after a test). */
export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.connected) instance.child.disconnect();
  await instance.kill();
}
