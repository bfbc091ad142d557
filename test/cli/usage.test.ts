/**
 * The command line itself: --help, usage errors (exit 64, a one-line reason and the usage, before any
 * request), flags against environment variables, and secrets given on a command line that is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeOrg, type FakeOrg } from './fake-org.js';
import { API_TOKEN, CLIENT_SECRET, reportOf, runCli } from './run-cli.js';

let o: FakeOrg;
beforeAll(async () => {
  o = await startFakeOrg({ tokens: { [API_TOKEN]: 'admin' } });
});
afterAll(() => o.close());

describe('--help', () => {
  it('lists every flag with its variable and warns that flag values show in ps', async () => {
    const run = await runCli(['doctor', '--help']);
    expect(run.status).toBe(0);
    for (const text of ['--issuer URL', 'OKTA_ISSUER', 'OKTA_CLIENT_ID', 'OKTA_CLIENT_SECRET', 'OKTA_REDIRECT_URI', 'OKTA_API_TOKEN', 'OKTA_OAUTH_TOKEN', 'OKTA_USER', '--json', '--timeout SECONDS', '--only ID,ID', '--no-color']) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stdout).toMatch(/visible to other users of this machine in `ps`/);
    expect(run.stdout).toMatch(/Prefer the environment for the client secret and the tokens/);
    expect(run.stdout).toContain('discovery, jwks, redirect-uri, client-auth, api-token, rate-limit, system-log, introspect, user, clock, latency');
  });
});

describe('usage errors exit 64 before any request', () => {
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no command', [], {}, /^okta-error-handler doctor: missing command/],
    ['an unknown command', ['doctr'], {}, /unknown command "doctr" \(did you mean doctor\?\)/],
    ['an unknown flag', ['doctor', '--isuer', 'x'], {}, /unknown option --isuer \(did you mean --issuer\?\)/],
    ['a missing issuer', ['doctor'], {}, /missing issuer: pass --issuer URL or set OKTA_ISSUER/],
    ['an empty issuer variable', ['doctor'], { OKTA_ISSUER: '  ' }, /missing issuer/],
    ['an issuer that is not a URL', ['doctor', '--issuer', 'example.okta.com'], {}, /the issuer is not an absolute URL: "example\.okta\.com"/],
    ['an http issuer that is not loopback', ['doctor', '--issuer', 'http://example.okta.com'], {}, /refusing the http: issuer "http:\/\/example\.okta\.com".*loopback/],
    ['another scheme', ['doctor', '--issuer', 'ftp://example.okta.com'], {}, /must be an https: URL/],
    ['an issuer with a query', ['doctor', '--issuer', 'https://example.okta.com/oauth2/default?x=1'], {}, /an issuer has no query or fragment/],
    ['an unknown --only id', ['doctor', '--only', 'discovery,jwk'], {}, /unknown check id "jwk" in --only \(did you mean jwks\?\)/],
    ['an empty --only', ['doctor', '--only', ','], {}, /--only needs at least one check id/],
    ['a timeout that is not a number', ['doctor', '--timeout', 'ten'], {}, /--timeout must be a number of seconds above 0 and at most 300 \(got "ten"\)/],
    ['a zero timeout', ['doctor', '--timeout', '0'], {}, /--timeout must be a number/],
    ['a negative timeout', ['doctor', '--timeout=-1'], {}, /--timeout must be a number/],
    ['a huge timeout', ['doctor', '--timeout', '100000'], {}, /--timeout must be a number/],
    ['a flag without its value', ['doctor', '--issuer'], {}, /--issuer needs a value: --issuer URL/],
    ['a flag followed by another', ['doctor', '--client-id', '--json'], {}, /--client-id needs a value/],
    ['a value for a boolean flag', ['doctor', '--json=yes'], {}, /--json takes no value/],
    ['a stray argument', ['doctor', 'extra'], {}, /unexpected argument #2/],
  ];

  it.each(cases)('%s', async (name, args, env, reason) => {
    const before = o.seen.length;
    // Unless the issuer is what the case is about, a valid one points at the fake org: it must still get no request.
    const issuer: Record<string, string> = name.includes('issuer') || args.includes('--issuer') ? {} : { OKTA_ISSUER: o.issuer };
    const run = await runCli(args, { ...issuer, OKTA_API_TOKEN: API_TOKEN, ...env });
    expect(run.status).toBe(64);
    expect(run.stdout).toBe('');
    const [first, ...rest] = run.stderr.split('\n');
    expect(first).toMatch(reason);
    expect(first).toMatch(/^okta-error-handler doctor: /);
    expect(rest.join('\n')).toContain('Usage: npx okta-error-handler doctor [--issuer URL]');
    expect(o.seen.length).toBe(before);
  });

  it('does not quote a secret given to a misspelt flag, nor one that is malformed', async () => {
    const typo = await runCli(['doctor', `--client-secre=${CLIENT_SECRET}`, '--token', API_TOKEN], { OKTA_ISSUER: o.issuer });
    expect(typo.status).toBe(64);
    expect(typo.stderr).toContain('unknown option --client-secre (did you mean --client-secret?)');
    const control = await runCli(['doctor', '--token', `${API_TOKEN}\u0007`], { OKTA_ISSUER: o.issuer });
    expect(control.status).toBe(64);
    expect(control.stderr).toMatch(/"token" contains control characters\n/);
  });
});

describe('flags and environment', () => {
  it('reads every input from the environment, and a flag beats its variable', async () => {
    const run = await runCli(['doctor', '--json', '--only', 'api-token', '--issuer', o.issuer], { OKTA_ISSUER: 'not a url', OKTA_API_TOKEN: API_TOKEN });
    expect(run.status).toBe(0);
    const report = reportOf(run);
    expect(report.issuer).toBe(o.issuer);
    expect(report.checks).toMatchObject([{ id: 'api-token', status: 'pass' }]);
  });

  it('accepts --flag=value and a pasted "SSWS …" header value', async () => {
    const run = await runCli(['doctor', '--json', `--only=api-token`, `--issuer=${o.issuer}`], { OKTA_API_TOKEN: `SSWS ${API_TOKEN}` });
    expect(run.status).toBe(0);
    expect(reportOf(run).checks[0]).toMatchObject({ status: 'pass' });
  });

  it('accepts http for localhost and ::1 too (loopback)', async () => {
    for (const issuer of [o.issuer.replace('127.0.0.1', 'localhost'), `http://[::1]:1/oauth2/default`]) {
      const run = await runCli(['doctor', '--json', '--only', 'clock', '--timeout', '5'], { OKTA_ISSUER: issuer });
      expect([0, 2]).toContain(run.status); // ::1 has nothing listening: a finding, not a usage error
      expect(reportOf(run).issuer).toBe(issuer);
    }
  });
});
