/** `decide` is pure and synchronous: a table of requests and guard states in, decisions out. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/callback/decide.js';
import type { Verified } from '../../../src/core/callback/verify.js';
import { resolveOptions } from '../../../src/core/options/index.js';
import { callbackRequest as request } from '../../support/callback-request.js';

const NOW = 1_800_000_000;
const OK: Verified = { accepted: {} };
const options = resolveOptions<null>({ callbackPath: '/cb', actions: { my_code: 'retry' } });

describe('decide', () => {
  it('a re-prompt within the budget: a 303 with prompt, counted in the guard', () => {
    expect(decide(request('error=login_required&state=s'), OK, options, NOW)).toMatchObject({
      kind: 'redirect',
      location: '/login?prompt=login',
      cookie: expect.stringMatching(/^oeh_guard=v2\.1\.0\.0\.1800000000; Max-Age=600;/),
      code: 'login_required',
      shown: 'login_required',
    });
  });
  it.each([
    ['a fetch, not a navigation', request('error=login_required&state=s', { hints: { secFetchMode: 'cors' } }), 'not_navigation', 401],
    ['the budget used up', request('error=login_required&state=s', { cookie: `oeh_guard=v2.1.0.0.${NOW - 5}` }), 'limit_reached', 401],
    ['retries used up: 503 and the exhausted wording', request('error=server_error&state=s', { cookie: `oeh_guard=v2.0.2.0.${NOW - 5}` }), 'limit_reached', 503],
    ['a continuation without the probe', request('oeh_continue=retry:server_error'), 'guard_cookie_missing', 503],
  ])('%s: the page, with the reason', (_name, req, reason, status) => {
    expect(decide(req, OK, options, NOW)).toMatchObject({ kind: 'render', reason, status });
  });
  it('retries used up say so', () => {
    const d = decide(request('error=temporarily_unavailable&state=s', { cookie: `oeh_guard=v2.0.2.0.${NOW}` }), OK, options, NOW);
    expect(d.kind === 'render' && d.messageKeys[0]).toBe('retry_exhausted');
  });
  it('a HEAD is answered like the GET without spending the budget', () => {
    expect(decide(request('error=login_required&state=s', { method: 'HEAD' }), OK, options, NOW)).toEqual(expect.objectContaining({ kind: 'redirect', reason: 'head_request', location: '/login?prompt=login' }));
    expect(decide(request('error=login_required&state=s', { method: 'HEAD' }), OK, options, NOW)).not.toHaveProperty('cookie', expect.anything());
  });
  it('a cross-site POST over http without the cookie goes on to the continuation, with the probe', () => {
    const d = decide(request('error=login_required&state=s', { method: 'POST' }, { 'sec-fetch-site': 'cross-site' }), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'redirect', reason: 'form_post_bounce', location: '/cb?oeh_continue=reprompt%3Alogin_required', cookie: expect.stringMatching(/^oeh_probe=1;/) });
  });
  it('the same POST over https (a proxy says so) redirects at once', () => {
    const d = decide(request('error=login_required&state=s', { method: 'POST' }, { 'sec-fetch-site': 'cross-site', 'x-forwarded-proto': 'https' }), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'redirect', location: '/login?prompt=login', cookie: expect.stringMatching(/^__Host-oeh_guard=/) });
  });
  it('a refusal renders its own row', () => {
    expect(decide(request('error=access_denied'), { rejection: { code: 'invalid_state', reason: 'state_missing' } }, options, NOW)).toMatchObject({ kind: 'render', code: 'invalid_state', status: 400, reason: 'state_missing', action: 'render' });
  });
  it('an unknown code is shown as unknown; one the app names is shown, and its action applies', () => {
    expect(decide(request('error=SECURITY_ALERT&state=s'), OK, options, NOW)).toMatchObject({ kind: 'render', code: 'SECURITY_ALERT', shown: 'unknown', status: 400 });
    expect(decide(request('error=my_code&state=s'), OK, options, NOW)).toMatchObject({ kind: 'redirect', code: 'my_code', shown: 'my_code', action: 'retry' });
  });
  it('not assigned: the button asks for a fresh login', () => {
    const d = decide(request('error=access_denied&state=s&error_description=User%20is%20not%20assigned%20to%20the%20client%20application.'), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'render', variant: 'not_assigned', actionHref: '/login?prompt=login', loginHref: '/login' });
  });
  it('pass: nothing for the interceptor to do', () => {
    const passing = resolveOptions<null>({ actions: { access_denied: 'pass' } });
    expect(decide(request('error=access_denied&state=s'), OK, passing, NOW)).toMatchObject({ kind: 'pass', code: 'access_denied' });
  });
  it('JSON clients are told so in the decision', () => {
    expect(decide(request('error=access_denied&state=s', { hints: { accept: 'application/json' } }), OK, options, NOW)).toMatchObject({ wantsJson: true });
  });
});

describe('decide: the hooks and the paths it redirects to (mutation testing, issue 16)', () => {
  it("an actions hook that returns no action: the row's own action, and the hook's answer named in hookError", () => {
    const o = resolveOptions<null>({ callbackPath: '/cb', actions: { access_denied: (() => 'explode') as never } });
    const d = decide(request('error=access_denied&state=s'), OK, o, NOW);
    expect(d).toMatchObject({ kind: 'render', action: 'render', hookError: expect.stringMatching(/^actions\.access_denied returned .*explode/) });
  });
  it('an actions hook that returns something that only converts to an action name (an array, a String object): not an action', () => {
    for (const chosen of [['retry'], new String('retry'), { toString: () => 'retry' }]) {
      const o = resolveOptions<null>({ callbackPath: '/cb', actions: { access_denied: (() => chosen) as never } });
      expect(decide(request('error=access_denied&state=s'), OK, o, NOW), String(chosen)).toMatchObject({ kind: 'render', action: 'render', hookError: expect.stringMatching(/^actions\.access_denied returned /) });
    }
  });
  it('an actions hook that returns an action: that action, no hookError', () => {
    const o = resolveOptions<null>({ callbackPath: '/cb', actions: { access_denied: () => 'retry' } });
    const d = decide(request('error=access_denied&state=s'), OK, o, NOW);
    expect(d).toMatchObject({ kind: 'redirect', action: 'retry' });
    expect(d.hookError).toBeUndefined();
  });
  it('without loginUrl: loginPath, and no hookError', () => {
    const d = decide(request('error=login_required&state=s'), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'redirect', location: '/login?prompt=login' });
    expect(d.hookError).toBeUndefined();
  });
  it('loginUrl is given the code, and the prompt only when the row re-prompts', () => {
    const seen: unknown[] = [];
    const o = resolveOptions<null>({ callbackPath: '/cb', loginUrl: (_req, info) => (seen.push(info), '/signin') });
    expect(decide(request('error=login_required&state=s'), OK, o, NOW)).toMatchObject({ kind: 'redirect', location: '/signin' });
    expect(decide(request('error=server_error&state=s'), OK, o, NOW)).toMatchObject({ kind: 'redirect', location: '/signin' });
    expect(seen).toEqual([{ code: 'login_required', prompt: 'login' }, { code: 'server_error' }]);
    expect(Object.keys(seen[1] as object)).toEqual(['code']);
  });
  it('a continuation that names no redirecting action of ours: malformed, naming the parameter', () => {
    expect(decide(request('oeh_continue=render:access_denied'), OK, options, NOW)).toMatchObject({ kind: 'render', code: 'malformed_callback', reason: 'invalid_error_code', parameter: 'oeh_continue' });
  });
  it('a cross-site POST over http on a callback path that is not a safe same-origin path: the page, never a redirect there', () => {
    for (const originalPath of ['//evil.example/cb', '/cb?x=1', 'https://evil.example/cb']) {
      const d = decide(request('error=login_required&state=s', { method: 'POST', originalPath }, { 'sec-fetch-site': 'cross-site' }), OK, options, NOW);
      expect(d, originalPath).toMatchObject({ kind: 'render', reason: 'guard_cookie_missing', status: 401 });
      expect(d, originalPath).not.toHaveProperty('location');
    }
  });
  it('the exhausted wording only once the budget is used up', () => {
    const d = decide(request('error=server_error&state=s', { hints: { secFetchMode: 'cors' } }), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'render', reason: 'not_navigation' });
    expect(d.kind === 'render' && d.messageKeys[0]).toBeUndefined();
  });
  it("a verifyState that leaves the response to the app's route (a library's silent sign-in): pass, whatever the row's action", () => {
    expect(decide(request('error=login_required&state=s'), { accepted: { pass: true, library: 'express-openid-connect' } }, options, NOW)).toMatchObject({ kind: 'pass', action: 'pass', library: 'express-openid-connect' });
  });
});

describe("decide: a sign-in library's failure and a user already signed in (mutation testing, issue 16)", () => {
  it("a library's failure: one restart named after the failure and the library, with the library's text when it said one", () => {
    const d = decide(request(''), OK, options, NOW, { library: 'express-openid-connect', failure: 'state_mismatch', text: 'checks.state mismatch' });
    expect(d).toMatchObject({ kind: 'redirect', code: 'sign_in_failed', action: 'restart', reason: 'state_mismatch', restartFor: 'state_mismatch', library: 'express-openid-connect', libraryText: 'checks.state mismatch' });
    const silent = decide(request(''), OK, options, NOW, { library: 'passport-openidconnect', failure: 'code_rejected' });
    expect(silent).toMatchObject({ kind: 'redirect', code: 'sign_in_failed', reason: 'code_rejected', library: 'passport-openidconnect' });
    expect(silent).not.toHaveProperty('libraryText');
  });
  it("signInFailedPath's continuation: reason library_failure, named after the library stateFrom reads", () => {
    const verifyState = Object.assign(() => true, { library: 'passport-openidconnect' });
    const named = resolveOptions<null>({ callbackPath: '/cb', verifyState });
    const req = request('oeh_continue=restart:sign_in_failed:library_failure', { cookie: 'oeh_probe=1' });
    expect(decide(req, OK, named, NOW)).toMatchObject({ kind: 'redirect', code: 'sign_in_failed', reason: 'library_failure', restartFor: 'library_failure', library: 'passport-openidconnect' });
    // A verifyState that names no library (or not with a string): no library.
    for (const v of [() => true, Object.assign(() => true, { library: 42 })]) {
      expect(decide(req, OK, resolveOptions<null>({ callbackPath: '/cb', verifyState: v as never }), NOW), String(v)).not.toHaveProperty('library');
    }
    // A continuation for a provider's code is not a library's failure.
    const upstream = decide(request('oeh_continue=retry:server_error', { cookie: 'oeh_probe=1' }), OK, named, NOW);
    expect(upstream).toMatchObject({ kind: 'redirect', code: 'server_error' });
    expect(upstream).not.toHaveProperty('library');
    expect(upstream.reason).toBeUndefined();
  });
  it('the library that verified the state is named; none when it names none', () => {
    expect(decide(request('error=login_required&state=s'), { accepted: { library: 'express-openid-connect' } }, options, NOW)).toMatchObject({ library: 'express-openid-connect' });
    expect(decide(request('error=login_required&state=s'), OK, options, NOW)).not.toHaveProperty('library');
  });
  it('a stale restart of a user who is signed in: home, not sign-in; only for a restart, only on a navigation', () => {
    const signedIn = resolveOptions<null>({ callbackPath: '/cb', homePath: '/home', isSignedIn: () => true });
    const failure = { library: 'express-openid-connect', failure: 'transaction_missing' } as const;
    expect(decide(request(''), OK, signedIn, NOW, failure)).toMatchObject({ kind: 'redirect', reason: 'already_signed_in', location: '/home' });
    expect(decide(request(''), OK, signedIn, NOW, failure)).not.toHaveProperty('cookie');
    // Not signed in: the restart.
    expect(decide(request(''), OK, resolveOptions<null>({ callbackPath: '/cb', homePath: '/home', isSignedIn: () => false }), NOW, failure)).toMatchObject({ kind: 'redirect', location: '/login' });
    // A fetch: no redirect home (nor anywhere).
    expect(decide(request('', { hints: { secFetchMode: 'cors' } }), OK, signedIn, NOW, failure)).toMatchObject({ kind: 'render', reason: 'not_navigation' });
    // A re-prompt or a retry of a signed-in user is what it is.
    expect(decide(request('error=login_required&state=s'), OK, signedIn, NOW)).toMatchObject({ kind: 'redirect', location: '/login?prompt=login' });
    expect(decide(request('error=server_error&state=s'), OK, signedIn, NOW)).toMatchObject({ kind: 'redirect', location: '/login' });
  });
  it("a throwing isSignedIn: not signed in, its throw in hookError; a loginUrl hook's error comes first", () => {
    const failure = { library: 'express-openid-connect', failure: 'transaction_missing' } as const;
    const throwing = resolveOptions<null>({ callbackPath: '/cb', isSignedIn: () => { throw new Error('session store down'); } });
    const d = decide(request(''), OK, throwing, NOW, failure);
    expect(d).toMatchObject({ kind: 'redirect', location: '/login', hookError: 'isSignedIn threw: Error: session store down' });
    // Past the restart budget, the page says it too.
    const used = decide(request('', { cookie: `oeh_guard=v2.0.0.1.${NOW - 5}` }), OK, throwing, NOW, failure);
    expect(used).toMatchObject({ kind: 'render', reason: 'limit_reached', hookError: 'isSignedIn threw: Error: session store down' });
    const both = resolveOptions<null>({ callbackPath: '/cb', homePath: '/home', isSignedIn: () => true, loginUrl: () => { throw new Error('loginUrl bug'); } });
    expect(decide(request(''), OK, both, NOW, failure)).toMatchObject({ kind: 'redirect', location: '/home', hookError: expect.stringContaining('loginUrl bug') });
  });
  it("a message variant rides the continuation of a re-prompt, a restart's code that of a restart", () => {
    const post = { method: 'POST' };
    const xsite = { 'sec-fetch-site': 'cross-site' };
    const d = decide(request('error=login_required&state=s&error_description=AADSTS50058%3A%20no%20session', post, xsite), OK, options, NOW);
    expect(d).toMatchObject({ kind: 'redirect', reason: 'form_post_bounce', location: '/cb?oeh_continue=reprompt%3Alogin_required%3Asession_expired' });
  });
});
