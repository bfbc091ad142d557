/**
 * `runDoctor()` from `okta-error-handler/doctor`, as a script calls it: it resolves to the same report
 * the command prints with --json, prints nothing, never exits the process, and rejects bad options
 * before sending anything.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { CHECK_IDS, DoctorOptionError, exitStatus, runDoctor, type DoctorCheck } from '../../src/cli/doctor/index.js';
import { startFakeOrg, type FakeOrg } from './fake-org.js';
import { API_TOKEN, CLIENT_SECRET, expectNoSecrets } from './run-cli.js';

let o: FakeOrg;
beforeAll(async () => {
  o = await startFakeOrg({
    echoSecrets: true,
    clients: { 'doctor-web': { secret: 'the-real-secret-abcdef', redirectUris: ['https://app.example.com/cb'] } },
    tokens: { [API_TOKEN]: 'admin' },
    rate: { limit: 600, remaining: 599, resetIn: 10 },
  });
});
afterAll(() => o.close());

describe('runDoctor()', () => {
  it('resolves to the report without printing or exiting', async () => {
    const writes = vi.spyOn(process.stdout, 'write');
    const errors = vi.spyOn(process.stderr, 'write');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const seen: DoctorCheck[] = [];
    try {
      const report = await runDoctor({
        issuer: o.issuer,
        clientId: 'doctor-web',
        clientSecret: CLIENT_SECRET, // wrong: the org echoes it back in its error
        redirectUri: 'https://app.example.com/cb',
        token: API_TOKEN,
        timeout: 5,
        onCheck: (check) => seen.push(check),
      });
      expect(writes).not.toHaveBeenCalled();
      expect(errors).not.toHaveBeenCalled();
      expect(exit).not.toHaveBeenCalled();
      expect(report.version).toBe(1);
      expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
      expect(seen.map((c) => c.id).sort()).toEqual([...CHECK_IDS].sort());
      expect(report.checks.find((c) => c.id === 'client-auth')).toMatchObject({ status: 'fail', code: 'invalid_client' });
      expect(report.checks.find((c) => c.id === 'client-auth')!.detail).toContain('You sent [REDACTED]');
      expect(exitStatus(report)).toBe(2);
      expectNoSecrets(JSON.stringify(report));
    } finally {
      writes.mockRestore();
      errors.mockRestore();
      exit.mockRestore();
    }
  });

  it('takes `only` as an array and reports in the fixed order', async () => {
    const report = await runDoctor({ issuer: o.issuer, only: ['clock', 'discovery'] });
    expect(report.checks.map((c) => c.id)).toEqual(['discovery', 'clock']);
    expect(report.summary).toEqual({ pass: 2, warn: 0, fail: 0, skip: 0 });
  });

  it.each([
    [{ issuer: 'http://example.okta.com' }, 'issuer', /refusing the http: issuer/],
    [{ issuer: '' }, 'issuer', /missing issuer/],
    [{ issuer: 'https://example.okta.com', timeout: -1 }, 'timeout', /--timeout must be a number/],
    [{ issuer: 'https://example.okta.com', only: ['nope'] }, 'only', /unknown check id "nope"/],
    [{ issuer: 'https://example.okta.com', clientSecrett: 'x' }, 'clientSecrett', /unknown option "clientSecrett" \(did you mean "clientSecret"\?\)/],
  ])('rejects %j with a DoctorOptionError', async (options, option, message) => {
    const before = o.seen.length;
    const error = await runDoctor(options as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DoctorOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code: 'OEH_DOCTOR_OPTION', option });
    expect((error as Error).message).toMatch(message);
    expect(o.seen.length).toBe(before);
  });
});
