/**
 * Running `okta-error-handler doctor` as a user does: a child process with real argv and a clean
 * environment (nothing inherited but PATH), from the TypeScript source through tsx so no build is
 * needed. Every run's stdout and stderr are searched for every secret the tests use.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'src', 'cli', 'bin.ts');

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Shaped like an Okta API token. */
export const API_TOKEN = '00doctorTESTtokenABCDEFGHIJKLMNOPQRSTUVwx';
/** Another API-token-shaped value Okta does not know. */
export const REVOKED_TOKEN = '00revokedTOKENabcdefghijklmnopqrstuvwxyz9';
export const CLIENT_SECRET = 'doctor-client-secret-Zq8vW+x/y=z';
export const WRONG_SECRET = 'doctor-WRONG-secret-Yy7uTt&x';
/** A JWT-shaped access token for `issuer`. */
export const accessToken = (issuer: string, tag = 'good') =>
  `${b64url({ alg: 'RS256', kid: 'fake-key-1' })}.${b64url({ iss: issuer, sub: `doctor-${tag}`, cid: 'doctor-web', jti: `jti-${tag}-1234567890` })}.c2lnbmF0dXJlLW9mLXRoZS1kb2N0b3ItdGVzdA`;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every secret every run of the test files may have been given, in the forms that can leak. */
const secrets = new Set<string>([API_TOKEN, REVOKED_TOKEN, CLIENT_SECRET, WRONG_SECRET]);

/** Registers a secret (an access token minted by a test) to be searched for in all later output. */
export function registerSecret(value: string): string {
  secrets.add(value);
  return value;
}

function forms(secret: string, clientIds: readonly string[]): string[] {
  const enc = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  const out = [secret, encodeURIComponent(secret), enc(secret), Buffer.from(secret).toString('base64')];
  for (const id of clientIds) {
    out.push(Buffer.from(`${id}:${secret}`).toString('base64'), Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64'));
  }
  // A secret cut in half by a length cap still leaks its first half.
  out.push(secret.slice(0, Math.ceil(secret.length * 0.6)));
  return out;
}

export const CLIENT_IDS = ['doctor-web', 'doctor-post', 'doctor-custom-id', 'unknown-client'];

/** Fails the test when any form of any registered secret is in `text`. */
export function expectNoSecrets(text: string): void {
  for (const secret of secrets) {
    for (const form of forms(secret, CLIENT_IDS)) {
      expect(text.includes(form), `a secret (${form.slice(0, 4)}…) leaked into the output:\n${text.slice(0, 2000)}`).toBe(false);
    }
  }
}

/** Runs `node --import tsx src/cli/bin.ts ...args` with `env` (plus PATH only); resolves when it exits. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      expectNoSecrets(stdout);
      expectNoSecrets(stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The report of a `--json` run, checked to be exactly one JSON document. */
export function reportOf(run: Run): {
  version: number;
  issuer: string;
  checks: Array<{ id: string; status: string; title: string; detail: string; code?: string; requestId?: string; fix?: string; durationMs: number }>;
  summary: Record<'pass' | 'warn' | 'fail' | 'skip', number>;
} {
  return JSON.parse(run.stdout);
}

export const checkOf = (report: ReturnType<typeof reportOf>, id: string) => {
  const check = report.checks.find((c) => c.id === id);
  expect(check, `no ${id} check in the report`).toBeDefined();
  return check!;
};
