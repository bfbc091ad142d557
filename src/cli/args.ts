/**
 * Reading `okta-error-handler doctor`'s argv and environment into `runDoctor()` options. A flag
 * beats its environment variable. Errors are one line and never quote a value that may be a secret.
 * @module
 */
import { didYouMean } from './doctor/options.js';
import type { DoctorOptions } from './doctor/types.js';

type ValueKey = 'issuer' | 'clientId' | 'clientSecret' | 'redirectUri' | 'token' | 'oauthToken' | 'user' | 'timeout' | 'only';

interface ValueFlag {
  readonly key: ValueKey;
  readonly env?: string;
  readonly metavar: string;
}

/** Value flags: option key, environment variable, placeholder in the usage. */
export const VALUE_FLAGS: Readonly<Record<string, ValueFlag>> = Object.freeze({
  '--issuer': { key: 'issuer', env: 'OKTA_ISSUER', metavar: 'URL' },
  '--client-id': { key: 'clientId', env: 'OKTA_CLIENT_ID', metavar: 'ID' },
  '--client-secret': { key: 'clientSecret', env: 'OKTA_CLIENT_SECRET', metavar: 'S' },
  '--redirect-uri': { key: 'redirectUri', env: 'OKTA_REDIRECT_URI', metavar: 'URL' },
  '--token': { key: 'token', env: 'OKTA_API_TOKEN', metavar: 'SSWS_TOKEN' },
  '--oauth-token': { key: 'oauthToken', env: 'OKTA_OAUTH_TOKEN', metavar: 'TOKEN' },
  '--user': { key: 'user', env: 'OKTA_USER', metavar: 'ID_OR_LOGIN' },
  '--timeout': { key: 'timeout', metavar: 'SECONDS' },
  '--only': { key: 'only', metavar: 'ID,ID' },
});

const BOOLEAN_FLAGS = ['--json', '--no-color', '--help', '-h'] as const;
const ALL_FLAGS = [...Object.keys(VALUE_FLAGS), ...BOOLEAN_FLAGS];

/** Parsed command line: the `runDoctor()` options and how to print. */
export interface Invocation {
  readonly help: boolean;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly options: DoctorOptions;
  /** Every secret value seen in argv or the environment, for scrubbing even a usage error. */
  readonly secrets: readonly string[];
}

/** A usage error: exit 64 with this one-line reason and the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SECRET_KEYS = new Set<ValueKey>(['clientSecret', 'token', 'oauthToken']);

/** A flag name safe to quote: the part before `=`, only flag characters, capped. */
const flagName = (arg: string) => {
  const name = arg.split('=')[0]!;
  return /^-{1,2}[A-Za-z0-9-]{0,40}$/.test(name) ? name : `${name.slice(0, 2)}…`;
};

/**
 * Parses `argv` (without `node` and the script: `['doctor', '--json', …]`) and `env`. Throws
 * {@link UsageError} for an unknown command or flag, a missing value, or a stray argument;
 * the option values themselves are checked by `runDoctor()`'s option resolution.
 */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Invocation {
  const values: Partial<Record<ValueKey, string>> = {};
  const secrets: string[] = [];
  let json = false;
  let noColor = false;
  let help = false;
  let command: string | undefined;
  const errors: string[] = [];

  for (const flag of Object.values(VALUE_FLAGS)) {
    const value = flag.env ? env[flag.env] : undefined;
    if (value !== undefined && SECRET_KEYS.has(flag.key)) secrets.push(value);
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      if (command === undefined) command = arg;
      else errors.push(`unexpected argument #${i + 1} (only flags follow "doctor"; give values as --flag VALUE)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const flag = VALUE_FLAGS[name];
    if (flag) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          errors.push(`${name} needs a value: ${name} ${flag.metavar}`);
          continue;
        }
        value = next;
        i++;
      }
      if (SECRET_KEYS.has(flag.key)) secrets.push(value);
      values[flag.key] = value;
      continue;
    }
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (inline !== undefined) {
        errors.push(`${name} takes no value`);
        continue;
      }
      if (name === '--json') json = true;
      else if (name === '--no-color') noColor = true;
      else help = true;
      continue;
    }
    const shown = flagName(arg);
    const hint = didYouMean(shown.replace(/^-+/, ''), ALL_FLAGS.map((f) => f.replace(/^-+/, '')));
    errors.push(`unknown option ${shown}${hint ? ` (did you mean --${hint}?)` : ''}`);
  }

  const invocation = (options: DoctorOptions): Invocation => ({ help, json, noColor, options, secrets });
  if (help) return invocation({ issuer: '' });
  if (command === undefined) throw new UsageError('missing command: okta-error-handler doctor [options]');
  if (command !== 'doctor') {
    const shown = /^[A-Za-z0-9-]{1,30}$/.test(command) ? `"${command}"` : 'given';
    throw new UsageError(`unknown command ${shown}${didYouMean(command, ['doctor']) ? ' (did you mean doctor?)' : ''}: the only command is doctor`);
  }
  if (errors.length) throw new UsageError(errors[0]!);

  const options: Record<string, unknown> = {};
  for (const flag of Object.values(VALUE_FLAGS)) {
    const fromEnv = flag.env ? env[flag.env] : undefined;
    const value = values[flag.key] ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : undefined);
    if (value !== undefined) options[flag.key] = value;
  }
  return invocation(options as unknown as DoctorOptions);
}
