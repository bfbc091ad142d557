/**
 * `okta-error-handler doctor` run as a user runs it (a child process, real argv and environment)
 * against a local server that answers like an Okta org: a healthy set-up, one where everything is
 * broken, one that only warns, the scheme mix-ups and a hanging endpoint. Every run's output is
 * searched for every secret (run-cli.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeOrg, type FakeOrg, type OrgConfig } from './fake-org.js';
import { API_TOKEN, CLIENT_SECRET, REVOKED_TOKEN, WRONG_SECRET, accessToken, checkOf, registerSecret, reportOf, runCli } from './run-cli.js';

const REDIRECT = 'https://app.example.com/authorization-code/callback';
const CHECK_COUNT = 11;

const orgs: FakeOrg[] = [];
async function org(config: OrgConfig): Promise<FakeOrg> {
  const started = await startFakeOrg(config);
  orgs.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(orgs.map((o) => o.close()));
});

const HEALTHY: OrgConfig = {
  clients: { 'doctor-web': { secret: CLIENT_SECRET, redirectUris: [REDIRECT] } },
  tokens: { [API_TOKEN]: 'admin' },
  rate: { limit: 600, remaining: 590, resetIn: 42 },
  users: [{ id: '00uAlice', login: 'alice@example.com', status: 'ACTIVE' }],
  assignments: { 'doctor-web': { '00uAlice': 'GROUP' } },
  logs: [
    { eventType: 'user.session.start', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    { eventType: 'user.session.start', result: 'SUCCESS' },
    { eventType: 'user.session.start', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    { eventType: 'user.authentication.verify', result: 'FAILURE', reason: 'VERIFICATION_ERROR' },
    { eventType: 'user.session.start', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  ],
};

/** Everything the doctor can be given, secrets from the environment as --help recommends. */
function fullEnv(o: FakeOrg, token: string) {
  return {
    OKTA_ISSUER: o.issuer,
    OKTA_CLIENT_ID: 'doctor-web',
    OKTA_CLIENT_SECRET: CLIENT_SECRET,
    OKTA_REDIRECT_URI: REDIRECT,
    OKTA_API_TOKEN: API_TOKEN,
    OKTA_OAUTH_TOKEN: token,
    OKTA_USER: 'alice@example.com',
  };
}

describe('a healthy org', () => {
  let o: FakeOrg;
  let token: string;
  beforeAll(async () => {
    const active: Record<string, { scope: string; expiresIn: number; clientId: string }> = {};
    o = await org({ ...HEALTHY, accessTokens: active });
    // The token names the org's issuer, known once the server listens.
    token = registerSecret(accessToken(o.issuer, 'healthy'));
    active[token] = { scope: 'openid okta.users.read', expiresIn: 3000, clientId: 'doctor-web' };
  });

  it('passes every check in plain text, exit 0', async () => {
    const run = await runCli(['doctor'], fullEnv(o, token));
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/\u001B/); // not a terminal: no colours
    expect(run.stderr).toBe(''); // no spinner either
    const lines = run.stdout.split('\n').filter((l) => /^(PASS|WARN|FAIL|SKIP) /.test(l));
    expect(lines).toHaveLength(CHECK_COUNT);
    expect(lines.every((l) => l.startsWith('PASS '))).toBe(true);
    expect(run.stdout).toContain('Summary: 11 pass, 0 warn, 0 fail, 0 skip');
    expect(run.stdout).toMatch(/^okta-error-handler doctor http:\/\/127\.0\.0\.1:\d+\/oauth2\/default$/m);
    expect(run.stdout).toMatch(/^PASS {2}redirect-uri {2}Redirect URI registration: .*registered.*login_required/m);
    expect(run.stdout).toMatch(/request id req-[0-9a-f]{12}/);
  });

  it('prints exactly one JSON document with the contract shape', async () => {
    const before = o.seen.length;
    const run = await runCli(['doctor', '--json', '--user', '00uAlice'], fullEnv(o, token));
    expect(run.status).toBe(0);
    const report = reportOf(run);
    expect(Object.keys(report).sort()).toEqual(['checks', 'issuer', 'summary', 'version']);
    expect(report.version).toBe(1);
    expect(report.issuer).toBe(o.issuer);
    expect(report.summary).toEqual({ pass: CHECK_COUNT, warn: 0, fail: 0, skip: 0 });
    expect(report.checks.map((c) => c.id)).toEqual(['discovery', 'jwks', 'redirect-uri', 'client-auth', 'api-token', 'rate-limit', 'system-log', 'introspect', 'user', 'clock', 'latency']);
    for (const check of report.checks) {
      for (const key of Object.keys(check)) expect(['id', 'status', 'title', 'detail', 'code', 'requestId', 'fix', 'durationMs']).toContain(key);
      expect(typeof check.title).toBe('string');
      expect(check.detail.length).toBeGreaterThan(10);
      expect(Number.isInteger(check.durationMs) && check.durationMs >= 0).toBe(true);
      expect(check.fix).toBeUndefined();
    }
    expect(checkOf(report, 'api-token').requestId).toMatch(/^req-[0-9a-f]{12}$/);
    expect(checkOf(report, 'discovery').detail).toMatch(/requireIss: true.*prompt=none works.*form_post is available/);
    expect(checkOf(report, 'rate-limit').detail).toMatch(/590 of 600 requests left \(98 %\).*resets in 4\d s \(by Okta's clock\)/);
    // Three failures over two pages of two (Link rel="next" followed), most frequent first.
    expect(checkOf(report, 'system-log').detail).toMatch(/^4 failure\(s\) in the last hour: 3× user\.session\.start \(INVALID_CREDENTIALS\), 1× user\.authentication\.verify/);
    const logCalls = o.seen.slice(before).filter((r) => r.url.startsWith('/api/v1/logs'));
    expect(logCalls.some((r) => r.url.includes('after=2'))).toBe(true);
    expect(logCalls.every((r) => r.url.includes('since=') && r.url.includes('until='))).toBe(true);
    expect(checkOf(report, 'introspect').detail).toMatch(/^Active, issued to client doctor-web; scopes: openid okta\.users\.read; expires in (49|50) min/);
    expect(checkOf(report, 'user').detail).toBe("alice@example.com is ACTIVE: can sign in. Assigned to client doctor-web's app through a group.");
    expect(checkOf(report, 'latency').detail).toMatch(/DNS none \(IP address\), connect \d+ ms, TLS none \(http\), first byte \d+ ms, total \d+ ms/);
    // The API token went only to the org, and only as SSWS.
    for (const r of o.seen.slice(before)) {
      if (r.authorization?.includes(API_TOKEN)) expect(r.authorization).toBe(`SSWS ${API_TOKEN}`);
    }
  });

  it('skips what it has no input for, naming the input, and still exits 0', async () => {
    const run = await runCli(['doctor', '--json', '--issuer', o.issuer]);
    expect(run.status).toBe(0);
    const report = reportOf(run);
    expect(report.summary).toEqual({ pass: 4, warn: 0, fail: 0, skip: 7 });
    expect(checkOf(report, 'redirect-uri').detail).toBe('needs --client-id (OKTA_CLIENT_ID) and --redirect-uri (OKTA_REDIRECT_URI)');
    expect(checkOf(report, 'client-auth').detail).toBe('needs --client-id (OKTA_CLIENT_ID) and --client-secret (OKTA_CLIENT_SECRET)');
    expect(checkOf(report, 'api-token').detail).toBe('needs --token (OKTA_API_TOKEN)');
    expect(checkOf(report, 'user').detail).toBe('needs --user (OKTA_USER) and --token (OKTA_API_TOKEN)');
    expect(checkOf(report, 'introspect').detail).toBe('needs --oauth-token (OKTA_OAUTH_TOKEN) and --client-id (OKTA_CLIENT_ID)');
  });

  it('lists the registered redirect URIs when the one given is not, if the API token can read the app', async () => {
    const run = await runCli(['doctor', '--json', '--only', 'redirect-uri'], { ...fullEnv(o, token), OKTA_REDIRECT_URI: 'https://app.example.com/callback' });
    expect(run.status).toBe(2);
    const check = checkOf(reportOf(run), 'redirect-uri');
    expect(check.detail).toContain(`The app's registered sign-in redirect URIs: ${REDIRECT}.`);
    expect(check.requestId).toMatch(/^req-/);
  });

  it('runs only the checks asked for', async () => {
    const run = await runCli(['doctor', '--json', '--only', 'clock,discovery'], { OKTA_ISSUER: o.issuer });
    expect(run.status).toBe(0);
    expect(reportOf(run).checks.map((c) => c.id)).toEqual(['discovery', 'clock']);
  });
});

describe('a broken set-up, with an org that echoes every credential back', () => {
  let o: FakeOrg;
  let report: ReturnType<typeof reportOf>;
  let text: string;
  const bad = registerSecret(accessToken('https://other.example.com/oauth2/default', 'stale'));
  beforeAll(async () => {
    o = await org({
      ...HEALTHY,
      echoSecrets: true,
      skewSeconds: 420,
      users: [{ id: '00uBob', login: 'bob@example.com', status: 'LOCKED_OUT' }],
    });
    // Secrets as flags this time (and given with a trailing slash on the issuer).
    const args = ['--issuer', `${o.issuer}/`, '--client-id', 'doctor-web', '--client-secret', WRONG_SECRET, '--redirect-uri', `${REDIRECT}/`, '--token', REVOKED_TOKEN, '--oauth-token', bad, '--user', 'bob@example.com'];
    const json = await runCli(['doctor', ...args, '--json']);
    expect(json.status).toBe(2);
    report = reportOf(json);
    const plain = await runCli(['doctor', ...args]);
    expect(plain.status).toBe(2);
    text = plain.stdout;
  });

  it('names the issuer difference', () => {
    const check = checkOf(report, 'discovery');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('a trailing slash: yours ends with "/", Okta\'s does not');
    expect(check.fix).toBe(`Use exactly "${o.issuer}" as the issuer (OKTA_ISSUER, openid-client's discovery URL and the middleware's issuer option).`);
  });

  it('fails an unregistered redirect URI with where to add it, listing the registered ones', () => {
    const check = checkOf(report, 'redirect-uri');
    expect(check.status).toBe('fail');
    expect(check.code).toBe('invalid_redirect_uri');
    expect(check.detail).toContain(`${REDIRECT}/ is not a registered sign-in redirect URI of client doctor-web`);
    // The revoked token cannot read the app, so no list; the fix says where to add it.
    expect(check.fix).toMatch(/Applications > Applications > \(your app\) > General > LOGIN > Sign-in redirect URIs/);
  });

  it('tells a wrong client secret (invalid_client)', () => {
    const check = checkOf(report, 'client-auth');
    expect(check).toMatchObject({ status: 'fail', code: 'invalid_client' });
    expect(check.detail).toContain('wrong client secret');
  });

  it('fails a revoked API token with E0000011, the request id and the regenerate fix', () => {
    const check = checkOf(report, 'api-token');
    expect(check).toMatchObject({ status: 'fail', code: 'E0000011' });
    expect(check.requestId).toMatch(/^req-/);
    expect(check.fix).toMatch(/Security > API > Tokens/);
    expect(checkOf(report, 'system-log')).toMatchObject({ status: 'fail', code: 'E0000011' });
    expect(checkOf(report, 'user')).toMatchObject({ status: 'fail', code: 'E0000011' });
  });

  it('fails an inactive token and names its other issuer', () => {
    const check = checkOf(report, 'introspect');
    expect(check.status).toBe('fail');
    // Wrong secret: introspection refuses the client before looking at the token.
    expect(check.code).toBe('invalid_client');
    expect(check.detail).toContain('issued by https://other.example.com/oauth2/default, not by this issuer');
  });

  it('fails a clock 7 minutes off', () => {
    const check = checkOf(report, 'clock');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^this machine is 7 min( \d+ s)? behind Okta, over 5 minutes/);
  });

  it('shows the fix and the request id indented under a failure in text', () => {
    expect(text).toMatch(/^FAIL {2}api-token {5}API token: Okta refused the API token \(401 E0000011.*\n {18}fix: Create a new token under Security > API > Tokens.*\n {18}X-Okta-Request-Id: req-[0-9a-f]{12}$/m);
    expect(text).toMatch(/Summary: \d+ pass, \d+ warn, \d+ fail, 0 skip/);
    // The org echoed the token in its error summary: the report shows the summary without it.
    expect(text).toContain('Invalid token provided: SSWS [REDACTED]');
  });
});

describe('an org that only warns', () => {
  it('exits 1 and says why per check', async () => {
    const active: Record<string, { scope: string; expiresIn: number; clientId: string }> = {};
    const o = await org({
      ...HEALTHY,
      skewSeconds: -90,
      clients: { 'doctor-post': { secret: CLIENT_SECRET, method: 'client_secret_post', redirectUris: [REDIRECT], appId: '0oaPostApp' } },
      rate: { limit: 600, remaining: 30, resetIn: 20 },
      users: [{ id: '00uCarol', login: 'carol@example.com', status: 'PASSWORD_EXPIRED' }],
      assignments: { '0oaPostApp': { '00uCarol': 'USER' } },
      accessTokens: active,
      logs: [
        { eventType: 'system.operation.rate_limit.violation', result: 'SUCCESS', reason: 'Rate limit exceeded' },
        { eventType: 'system.operation.rate_limit.violation', result: 'SUCCESS', reason: 'Rate limit exceeded' },
        { eventType: 'app.oauth2.as.token.grant', result: 'FAILURE', reason: 'invalid_grant', clientId: 'doctor-post' },
        { eventType: 'user.session.start', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      ],
    });
    const token = registerSecret(accessToken(o.issuer, 'expiring'));
    active[token] = { scope: 'okta.users.read', expiresIn: 120, clientId: 'doctor-post' };
    const env = { ...fullEnv(o, token), OKTA_CLIENT_ID: 'doctor-post', OKTA_USER: 'carol@example.com' };
    const run = await runCli(['doctor', '--json'], env);
    const report = reportOf(run);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(run.status).toBe(1);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      discovery: 'pass',
      jwks: 'pass',
      'redirect-uri': 'pass',
      'client-auth': 'warn',
      'api-token': 'pass',
      'rate-limit': 'warn',
      'system-log': 'warn',
      introspect: 'warn',
      user: 'warn',
      clock: 'warn',
      latency: 'pass',
    });
    expect(checkOf(report, 'client-auth').detail).toContain('the app authenticates with client_secret_post');
    expect(checkOf(report, 'rate-limit').detail).toMatch(/^Little headroom: 30 of 600 requests left \(5 %\)/);
    expect(checkOf(report, 'system-log').detail).toMatch(
      /^2 rate-limit violation\(s\): 2× system\.operation\.rate_limit\.violation \(Rate limit exceeded\); 1 OAuth error\(s\) for client doctor-post: 1× app\.oauth2\.as\.token\.grant \(invalid_grant\)\. 2 failure\(s\)/,
    );
    expect(checkOf(report, 'introspect').detail).toMatch(/expires in (2 min|1 min \d+ s) /);
    expect(checkOf(report, 'user').detail).toMatch(/^carol@example\.com is PASSWORD_EXPIRED: .*Assigned to client doctor-post's app by client id\.$/);
    expect(checkOf(report, 'user').fix).toContain('POST /api/v1/users/00uCarol/lifecycle/reset_password?sendEmail=true');
    expect(checkOf(report, 'clock').detail).toMatch(/^this machine is 1 min( \d+ s)? ahead of Okta/);
  });

  it('warns on a token whose admin role lacks rights (403 E0000006)', async () => {
    const o = await org({ ...HEALTHY, tokens: { [API_TOKEN]: 'forbidden' } });
    const run = await runCli(['doctor', '--json', '--only', 'api-token'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN });
    expect(run.status).toBe(1);
    expect(checkOf(reportOf(run), 'api-token')).toMatchObject({ status: 'warn', code: 'E0000006' });
  });
});

describe('users and assignments', () => {
  it.each([
    ['LOCKED_OUT', 'fail', /lifecycle\/unlock/],
    ['SUSPENDED', 'fail', /lifecycle\/unsuspend/],
    ['DEPROVISIONED', 'fail', /lifecycle\/activate/],
  ])('%s is a %s with its remediation', async (lifecycle, expected, fix) => {
    const o = await org({ ...HEALTHY, users: [{ id: '00uDan', login: 'dan@example.com', status: lifecycle }], assignments: { 'doctor-web': { '00uDan': 'USER' } } });
    const run = await runCli(['doctor', '--json', '--only', 'user'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN, OKTA_USER: 'dan@example.com', OKTA_CLIENT_ID: 'doctor-web' });
    const check = checkOf(reportOf(run), 'user');
    expect(check.status).toBe(expected);
    expect(check.detail).toContain(`is ${lifecycle}`);
    expect(check.fix).toMatch(fix);
    expect(check.fix).toContain('/api/v1/users/00uDan/');
  });

  it('fails an active user who is not assigned to the app, naming the callback error', async () => {
    const o = await org({ ...HEALTHY, assignments: {} });
    const run = await runCli(['doctor', '--json', '--only', 'user'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN, OKTA_USER: '00uAlice', OKTA_CLIENT_ID: 'doctor-web' });
    expect(run.status).toBe(2);
    const check = checkOf(reportOf(run), 'user');
    expect(check).toMatchObject({ status: 'fail', code: 'access_denied' });
    expect(check.detail).toContain('"User is not assigned to the client application."');
    expect(check.fix).toContain('Assignments > Assign');
  });

  it('finds an assignment through the user\'s app links when the app endpoints do not answer', async () => {
    const o = await org({ ...HEALTHY, assignmentEndpoints: 'appLinks' });
    const run = await runCli(['doctor', '--json', '--only', 'user'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN, OKTA_USER: '00uAlice', OKTA_CLIENT_ID: 'doctor-web' });
    expect(run.status).toBe(0);
    expect(checkOf(reportOf(run), 'user').detail).toContain("Assigned to client doctor-web's app by its app links.");
  });

  it('fails an unknown user', async () => {
    const o = await org(HEALTHY);
    const run = await runCli(['doctor', '--json', '--only', 'user'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: API_TOKEN, OKTA_USER: 'nobody@example.com' });
    expect(checkOf(reportOf(run), 'user')).toMatchObject({ status: 'fail', code: 'E0000007' });
  });
});

describe('scheme mix-ups', () => {
  it('a JWT given as the API token', async () => {
    const o = await org(HEALTHY);
    const jwt = registerSecret(accessToken(o.issuer, 'as-ssws'));
    const run = await runCli(['doctor', '--json'], { OKTA_ISSUER: o.issuer, OKTA_API_TOKEN: jwt, OKTA_USER: 'alice@example.com' });
    const report = reportOf(run);
    const check = checkOf(report, 'api-token');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('is a JWT, an OAuth 2.0 access token, not an SSWS API token');
    expect(check.fix).toContain('--oauth-token (OKTA_OAUTH_TOKEN)');
    for (const id of ['rate-limit', 'system-log', 'user']) expect(checkOf(report, id).detail).toContain('the value given is a JWT');
    // Nothing was sent with the JWT as an SSWS credential.
    expect(o.seen.some((r) => r.authorization?.startsWith('SSWS'))).toBe(false);
  });

  it('an SSWS token given as the OAuth token', async () => {
    const o = await org(HEALTHY);
    const run = await runCli(['doctor', '--json', '--only', 'api-token,introspect'], { OKTA_ISSUER: o.issuer, OKTA_OAUTH_TOKEN: API_TOKEN, OKTA_CLIENT_ID: 'doctor-web' });
    expect(run.status).toBe(2);
    const report = reportOf(run);
    expect(checkOf(report, 'api-token').detail).toContain('looks like an SSWS API token');
    expect(checkOf(report, 'api-token').fix).toContain('--token (OKTA_API_TOKEN)');
    expect(checkOf(report, 'introspect').detail).toContain('looks like an SSWS API token, which is not an OAuth token');
  });
});

describe('discovery failures', () => {
  it('sends no credential to endpoints on another host', async () => {
    const elsewhere = await org(HEALTHY);
    const o = await org({ ...HEALTHY, endpointOrigin: elsewhere.origin });
    const token = registerSecret(accessToken(o.issuer, 'foreign'));
    const run = await runCli(['doctor', '--json', '--only', 'client-auth,introspect'], fullEnv(o, token));
    expect(run.status).toBe(2);
    for (const check of reportOf(run).checks) {
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/is on 127\.0\.0\.1:\d+, not on the issuer's host 127\.0\.0\.1:\d+: the credentials were not sent there/);
    }
    expect(elsewhere.seen).toEqual([]);
  });

  it('names the org authorization server vs /oauth2/default', async () => {
    // The custom server's document claims the org's issuer.
    const o = await org({ ...HEALTHY, documentIssuer: (issuer) => new URL(issuer).origin });
    const run = await runCli(['doctor', '--json', '--only', 'discovery,jwks'], { OKTA_ISSUER: o.issuer });
    expect(run.status).toBe(2);
    const check = checkOf(reportOf(run), 'discovery');
    expect(check.detail).toContain('the custom authorization server /oauth2/default given, the org authorization server in the document');
    expect(checkOf(reportOf(run), 'jwks').status).toBe('pass');
  });

  it('fails a missing authorization server and skips what depends on its document', async () => {
    const o = await org(HEALTHY);
    const run = await runCli(['doctor', '--json', '--only', 'discovery,jwks,redirect-uri,clock'], {
      OKTA_ISSUER: `${o.origin}/oauth2/nope`,
      OKTA_CLIENT_ID: 'doctor-web',
      OKTA_REDIRECT_URI: REDIRECT,
    });
    expect(run.status).toBe(2);
    const report = reportOf(run);
    expect(checkOf(report, 'discovery')).toMatchObject({ status: 'fail', code: 'E0000007' });
    expect(checkOf(report, 'discovery').requestId).toMatch(/^req-/);
    expect(checkOf(report, 'jwks')).toMatchObject({ status: 'skip' });
    expect(checkOf(report, 'redirect-uri').detail).toContain('needs the discovery document');
    // The 404 still carried Okta's Date.
    expect(checkOf(report, 'clock').status).toBe('pass');
  });

  it('fails an org that does not answer', async () => {
    const o = await org(HEALTHY);
    const issuer = o.issuer;
    await o.close();
    const run = await runCli(['doctor', '--json', '--only', 'discovery,latency'], { OKTA_ISSUER: issuer });
    expect(run.status).toBe(2);
    const report = reportOf(run);
    expect(checkOf(report, 'discovery').detail).toMatch(/could not reach 127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/);
    expect(checkOf(report, 'latency').status).toBe('fail');
  });
});

describe('timeouts', () => {
  it('fails a check that takes longer than --timeout, while the others report', async () => {
    const o = await org({ ...HEALTHY, hang: ['/api/v1/logs'], delay: { '/api/v1/users/00uAlice': 0 } });
    const run = await runCli(['doctor', '--timeout', '1'], { ...fullEnv(o, 'unused-oauth-token-xyz'), OKTA_OAUTH_TOKEN: '' });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^FAIL {2}system-log {4}System Log, last hour: Timed out after 1 s \(--timeout\)/m);
    expect(run.stdout).toMatch(/^PASS {2}discovery /m);
    expect(run.stdout).toMatch(/^PASS {2}user /m);
    expect(run.stdout).toContain('Summary: 9 pass, 0 warn, 1 fail, 1 skip');
    // The check that finished last is the one that timed out: lines come as checks finish.
    const order = run.stdout.split('\n').filter((l) => /^(PASS|WARN|FAIL|SKIP) /.test(l));
    expect(order.at(-1)).toMatch(/^FAIL {2}system-log/);
  });

  it('reports the timeout in JSON with code "timeout"', async () => {
    const o = await org({ ...HEALTHY, hang: ['/oauth2/default/.well-known/openid-configuration'] });
    const run = await runCli(['doctor', '--json', '--timeout', '0.5', '--only', 'discovery,jwks,clock'], { OKTA_ISSUER: o.issuer });
    expect(run.status).toBe(2);
    for (const check of reportOf(run).checks) {
      expect(check).toMatchObject({ status: 'fail', code: 'timeout' });
      expect(check.detail).toContain('Timed out after 0.5 s');
    }
  });
});
