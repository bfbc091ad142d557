/**
 * The report on a real terminal: the command runs under `script` (util-linux, in every Debian), which
 * gives it a pseudo-terminal as stdout and stderr. Colours and the spinner appear there, and go away
 * with NO_COLOR / --no-color (colours) while staying off when output is piped (run-cli.ts).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeOrg, type FakeOrg } from './fake-org.js';
import { BIN, ROOT, expectNoSecrets, API_TOKEN } from './run-cli.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function onTerminal(args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      expectNoSecrets(output);
      resolve({ status, output });
    });
  });
}

let o: FakeOrg;
beforeAll(async () => {
  // The token endpoint of this org is slow enough for the spinner to turn.
  o = await startFakeOrg({ tokens: { [API_TOKEN]: 'admin' }, rate: { limit: 100, remaining: 20, resetIn: 30 }, delay: { '/api/v1/users/me': 400 } });
});
afterAll(() => o.close());

const ARGS = ['doctor', '--only', 'discovery,api-token,rate-limit,user'];
const ENV = () => ({ OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN });

describe('on a terminal', () => {
  it('colours PASS/WARN/SKIP and shows a spinner while checks run', async () => {
    const run = await onTerminal(ARGS, ENV());
    expect(run.status).toBe(1);
    expect(run.output).toContain('\u001B[1;32mPASS\u001B[0m');
    expect(run.output).toContain('\u001B[1;33mWARN\u001B[0m');
    expect(run.output).toContain('\u001B[1;90mSKIP\u001B[0m');
    expect(run.output).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (api-token|rate-limit)/);
    // The fix is indented under the warning.
    expect(run.output).toMatch(/WARN\u001B\[0m {2}rate-limit {4}.*\r?\n {18}\u001B\[1mfix:\u001B\[0m Spread the calls out/);
  });

  it.each([
    ['NO_COLOR', ARGS, { NO_COLOR: '1' }],
    ['--no-color', [...ARGS, '--no-color'], {}],
  ])('prints plain text with %s', async (_name, args, extra) => {
    const run = await onTerminal(args, { ...ENV(), ...extra });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/^PASS {2}discovery /m);
    expect(run.output).toMatch(/^WARN {2}rate-limit /m);
    expect(run.output).not.toMatch(/\u001B\[[0-9;]*m/);
  });
});
