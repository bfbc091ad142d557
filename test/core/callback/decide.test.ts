/** `decide` is pure and synchronous: a table of requests and guard states in, decisions out. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/callback/decide.js';
import { parseCallback } from '../../../src/core/callback/parse.js';
import type { CallbackRequest } from '../../../src/core/callback/request.js';
import type { Verified } from '../../../src/core/callback/verify.js';
import { readTransport } from '../../../src/core/http/transport.js';
import { resolveOptions } from '../../../src/core/options/index.js';

const NOW = 1_800_000_000;
const NAV = { secFetchMode: 'navigate', accept: 'text/html' };
const OK: Verified = { accepted: {} };
function request(query: string, over: Partial<CallbackRequest<null>> = {}, headers: Record<string, string> = {}): CallbackRequest<null> {
  return { method: 'GET', path: '/cb', parsed: parseCallback(query), hints: NAV, transport: readTransport(headers, false), req: null, ...over };
}
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
