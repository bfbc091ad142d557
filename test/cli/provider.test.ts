/**
 * The redirect-uri, client-auth and introspect checks against the real in-process oidc-provider
 * (test/fixtures/provider), run from the command line: a registered and an unregistered redirect URI, an
 * unknown client id, the right secret (invalid_grant for the bogus code) and a wrong one
 * (invalid_client), and an access token it really issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import { CLIENT_SECRET, WRONG_SECRET, checkOf, registerSecret, reportOf, runCli } from './run-cli.js';

const REDIRECT = 'http://127.0.0.1:9/authorization-code/callback';
const OIDC_CHECKS = 'discovery,jwks,redirect-uri,client-auth,introspect,clock,latency';

let op: ProviderHandle;
let accessToken: string;

beforeAll(async () => {
  op = await startProvider({
    clients: [
      {
        client_id: 'doctor-web',
        client_secret: CLIENT_SECRET,
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
      },
    ],
    config: {
      features: {
        introspection: { enabled: true, allowedPolicy: () => true },
        clientCredentials: { enabled: true },
      },
      ttl: { ClientCredentials: 600 },
    },
  });
  // A real access token from the provider (client credentials grant).
  const res = await fetch(`${op.issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`doctor-web:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token: string };
  accessToken = registerSecret(body.access_token);
});

afterAll(() => op.close());

const env = (overrides: Record<string, string> = {}) => ({
  OKTA_ISSUER: op.issuer,
  OKTA_CLIENT_ID: 'doctor-web',
  OKTA_CLIENT_SECRET: CLIENT_SECRET,
  OKTA_REDIRECT_URI: REDIRECT,
  OKTA_OAUTH_TOKEN: accessToken,
  ...overrides,
});

describe('doctor against oidc-provider', () => {
  it('passes a registered redirect URI, the right secret and a live token', async () => {
    const run = await runCli(['doctor', '--json', '--only', OIDC_CHECKS], env());
    const report = reportOf(run);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(run.status).toBe(0);
    expect(checkOf(report, 'redirect-uri').detail).toBe(
      `${REDIRECT} is registered for client doctor-web: Okta redirected back with error=login_required (no session here, as expected with prompt=none).`,
    );
    expect(checkOf(report, 'client-auth').detail).toContain('refused only the deliberately invalid code (invalid_grant)');
    expect(checkOf(report, 'introspect').detail).toMatch(/^Active, issued to client doctor-web; scopes: none; expires in (9|10) min/);
    expect(checkOf(report, 'discovery').detail).toContain('requireIss: true');
  });

  it('fails an unregistered redirect URI and a wrong secret, exit 2', async () => {
    const run = await runCli(['doctor', '--json', '--only', OIDC_CHECKS], env({ OKTA_REDIRECT_URI: 'http://127.0.0.1:9/other/callback', OKTA_CLIENT_SECRET: WRONG_SECRET }));
    expect(run.status).toBe(2);
    const report = reportOf(run);
    const redirect = checkOf(report, 'redirect-uri');
    expect(redirect).toMatchObject({ status: 'fail', code: 'invalid_redirect_uri' });
    expect(redirect.detail).toContain('http://127.0.0.1:9/other/callback is not a registered sign-in redirect URI of client doctor-web');
    expect(redirect.fix).toContain('Sign-in redirect URIs');
    expect(checkOf(report, 'client-auth')).toMatchObject({ status: 'fail', code: 'invalid_client' });
    expect(checkOf(report, 'introspect')).toMatchObject({ status: 'fail', code: 'invalid_client' });
  });

  it('fails an unknown client id as its own finding', async () => {
    const run = await runCli(['doctor', '--only', 'redirect-uri,client-auth'], env({ OKTA_CLIENT_ID: 'unknown-client' }));
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^FAIL {2}redirect-uri {2}Redirect URI registration: Okta does not know the client id unknown-client/m);
    expect(run.stdout).toMatch(/fix: Copy the Client ID from Applications/);
    expect(run.stdout).toMatch(/^FAIL {2}client-auth /m);
  });

  it('fails a token the provider does not know', async () => {
    const run = await runCli(['doctor', '--json', '--only', 'introspect'], env({ OKTA_OAUTH_TOKEN: registerSecret('not-a-token-the-provider-issued-0123456789') }));
    expect(run.status).toBe(2);
    expect(checkOf(reportOf(run), 'introspect').detail).toMatch(/^The token is not active/);
  });
});
