/**
 * What the pipelines put on a page (issue 12): the home link on every page, "we have been notified" only
 * when an `onError` is set and the fault is the app's, the cancel and neutral access_denied wording, and
 * upstream pages in user wording (problem+json keeps the reason phrase).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/callback/decide.js';
import { respond } from '../../../src/core/callback/respond.js';
import { resolveOptions } from '../../../src/core/options/index.js';
import { respondToUpstreamError } from '../../../src/core/upstream/respond.js';
import type { OktaErrorHandlerOptions } from '../../../src/core/options/index.js';
import { callbackRequest as request } from '../../support/callback-request.js';

const NOW = new Date('2026-12-02T00:00:00.000Z');
const spent = `oeh_guard=v2.9.9.9.${Math.floor(NOW.getTime() / 1000)}`;

const callbackRequest = (query: string) => request(query, { cookie: spent });

async function callbackPage(query: string, extra: OktaErrorHandlerOptions<null> = {}) {
  const options = resolveOptions<null>({ callbackPath: '/cb', ...extra });
  const request = callbackRequest(query);
  const decision = decide(request, { accepted: {} }, options, Math.floor(NOW.getTime() / 1000));
  const response = await respond(decision, request, options, NOW);
  return response!;
}

const text = (body: string) => body.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const anchors = (body: string) => [...body.matchAll(/<a class="(action|home)" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => `${m[3]} → ${m[2]}`);
const listen = () => {};

describe('callback pages', () => {
  it('Cancel at oidc-provider: "Sign-in canceled", Sign in and Back home', async () => {
    const r = await callbackPage('error=access_denied&state=s&error_description=End-User%20aborted%20interaction');
    expect(r.status).toBe(403);
    expect(r.body).toContain('<h1>Sign-in canceled</h1>');
    expect(anchors(r.body)).toEqual(['Sign in → /login', 'Back to the home page → /']);
  });
  it('a bare access_denied is "Sign-in was not completed"', async () => {
    const r = await callbackPage('error=access_denied&state=s');
    expect(r.body).toContain('<h1>Sign-in was not completed</h1>');
    expect(anchors(r.body)).toEqual(['Try again → /login', 'Back to the home page → /']);
  });
  it("Okta's generic description stays neutral", async () => {
    const r = await callbackPage('error=access_denied&state=s&error_description=The%20resource%20owner%20or%20authorization%20server%20denied%20the%20request.');
    expect(r.body).toContain('<h1>Sign-in was not completed</h1>');
  });
  it.each([
    ['login_required', 'The client specified not to prompt, but the client app requires re-authentication or MFA.', 'Additional verification needed', ['Sign in → /login?prompt=login']],
    ['access_denied', 'Policy evaluation failed for this request, please check the policy configurations.', 'Sign-in not allowed', ['Try again → /login']],
    ['access_denied', 'AADSTS50057: The user account is disabled.', 'Your account is disabled', ['Sign in with a different account → /login?prompt=login']],
    ['access_denied', 'AADSTS50053: The account is locked.', 'Your account is locked', ['Try again → /login']],
    ['interaction_required', 'AADSTS53003: Access has been blocked by Conditional Access policies.', 'Access blocked by your organization', ['Try again → /login']],
    ['access_denied', 'AADSTS65004: User declined to consent to access the app.', 'Sign-in canceled', ['Sign in → /login']],
    ['access_denied', 'The JWT was issued in the future', 'Sign-in is not available', []],
  ])('%s with "%s": %s', async (code, description, title, actions) => {
    const r = await callbackPage(`error=${code}&state=s&error_description=${encodeURIComponent(description)}`);
    expect(r.body).toContain(`<h1>${title}</h1>`);
    expect(anchors(r.body)).toEqual([...actions, 'Back to the home page → /']);
  });
  it('jit_failure_missing_fields: its own code on the page, "Your account could not be set up"', async () => {
    const r = await callbackPage('error=jit_failure_missing_fields&state=s');
    expect(r.status).toBe(403);
    expect(r.body).toContain('<h1>Your account could not be set up</h1>');
    expect(r.body).toContain('<code>jit_failure_missing_fields</code>');
  });
  it('a configuration error: no action of its own, but home (homePath)', async () => {
    const r = await callbackPage('error=invalid_scope&state=s', { homePath: '/dashboard' });
    expect(r.status).toBe(500);
    expect(anchors(r.body)).toEqual(['Back to the home page → /dashboard']);
  });
  it('"we have been notified" only with onError, and only for a fault on the app side', async () => {
    expect(text((await callbackPage('error=invalid_scope&state=s')).body)).not.toMatch(/notified/);
    expect(text((await callbackPage('error=invalid_scope&state=s', { onError: listen })).body)).toMatch(/The problem is on our side, not yours\. We have been notified\./);
    expect(text((await callbackPage('error=access_denied&state=s&error_description=The%20JWT%20was%20issued%20in%20the%20future', { onError: listen })).body)).toMatch(/We have been notified\./);
    // A retry that gave up speaks of the provider, whatever the description says.
    expect(text((await callbackPage('error=server_error&state=s&error_description=The%20JWT%20was%20issued%20in%20the%20future', { onError: listen })).body)).not.toMatch(/notified/);
    // A cancel sent with a configuration code is still the user's choice.
    expect(text((await callbackPage('error=invalid_request&state=s&error_description=End-User%20aborted%20interaction', { onError: listen })).body)).not.toMatch(/notified/);
    expect(text((await callbackPage('error=access_denied&state=s', { onError: listen })).body)).not.toMatch(/notified/);
  });
  it('the 503 page says when once, and its button is described by that sentence', async () => {
    const r = await callbackPage('error=temporarily_unavailable&state=s');
    expect(r.status).toBe(503);
    const t = text(r.body);
    expect(t.match(/moment|seconds/g)).toEqual(['seconds']);
    expect(t).toContain('The sign-in service is still not responding. Please wait about 30 seconds, then try again.');
    expect(r.body).toContain('aria-describedby="wait"');
  });
  it('a locale translates the home link', async () => {
    const r = await callbackPage('error=invalid_scope&state=s', { locales: { fr: { page: { home: "Retour à l'accueil" } } } } as never);
    expect(r.body).toContain('Back to the home page');
    const options = resolveOptions<null>({ callbackPath: '/cb', locales: { fr: { page: { home: "Retour à l'accueil" } } } });
    const request = { ...callbackRequest('error=invalid_scope&state=s'), acceptLanguage: 'fr' };
    const fr = await respond(decide(request, { accepted: {} }, options, 0), request, options, NOW);
    expect(fr!.body).toContain('Retour à l&#39;accueil');
  });
});

/** Shaped like @okta/okta-sdk-nodejs 8's OktaApiError (duck-typed, as the library sees it). */
function oktaApiError(status: number, errorCode: string, errorSummary: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`Okta HTTP ${status} ${errorCode}`), { name: 'OktaApiError', status, errorCode, errorSummary, errorCauses: [], headers: new Headers({ 'x-okta-request-id': 'req-1' }), ...extra });
}

async function upstream(err: unknown, hints: Record<string, string> = { accept: 'text/html', 'sec-fetch-mode': 'navigate' }, extra: OktaErrorHandlerOptions<null> = {}) {
  const options = resolveOptions<null>({ ...extra }, 'oktaApiErrorHandler');
  const out = await respondToUpstreamError(err, { method: 'GET', path: '/users', url: '/users', headers: hints, secure: false, req: null }, options);
  return out!.response;
}

describe('upstream pages', () => {
  it.each([
    ['E0000001 validation', oktaApiError(400, 'E0000001', 'Api validation failed: login', { errorCauses: [{ errorSummary: 'login: An object with this field already exists' }] }), 400, 'Please check what you entered'],
    ['E0000004 authentication', oktaApiError(401, 'E0000004', 'Authentication failed'), 401, 'That did not work'],
    ['E0000069 permission', oktaApiError(403, 'E0000069', 'User Locked'), 403, 'You cannot do this'],
    ['E0000007 not found', oktaApiError(404, 'E0000007', 'Not found: Resource not found: x (User)'), 404, 'We could not find that'],
    ['E0000038 conflict', oktaApiError(403, 'E0000038', "This operation is not allowed in the user's current status."), 409, 'This cannot be done right now'],
    ['E0000109 per-user throttle', oktaApiError(429, 'E0000109', 'An SMS message was recently sent.'), 429, 'Too many attempts'],
    ['E0000047 org rate limit', oktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'), 503, 'Temporarily unavailable'],
    ['E0000009 Okta 500', oktaApiError(500, 'E0000009', 'Internal Server Error'), 502, 'Temporarily unavailable'],
    ['E0000011 the app token', oktaApiError(401, 'E0000011', 'Invalid token provided'), 502, 'This is not working right now'],
  ])('%s: %s, "%s", the same look, home link, no HTTP words', async (_name, err, status, title) => {
    const r = await upstream(err);
    expect(r.status).toBe(status);
    expect(r.body).toContain(`<h1>${title}</h1>`);
    expect(r.body).toContain('<main>');
    expect(anchors(r.body)).toEqual(['Back to the home page → /']);
    expect(text(r.body)).not.toMatch(/Bad Request|Bad Gateway|Service Unavailable|Unauthorized|Forbidden|API validation failed|Too Many Requests/);
  });
  it('validation causes are still listed for the user to correct', async () => {
    const r = await upstream(oktaApiError(400, 'E0000001', 'Api validation failed: login', { errorCauses: [{ errorSummary: 'login: An object with this field already exists' }] }));
    expect(r.body).toContain('<li>login: An object with this field already exists</li>');
  });
  it('problem+json keeps the reason phrase as its title', async () => {
    const r = await upstream(oktaApiError(400, 'E0000001', 'Api validation failed'), { accept: 'application/json' });
    expect(JSON.parse(r.body)).toMatchObject({ title: 'Bad Request', detail: 'API validation failed.' });
  });
  it('a spent session says "Please sign in" with Sign in, then home', async () => {
    const err = Object.assign(new Error('invalid_grant'), { name: 'ResponseBodyError', code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant', status: 400, cause: { error: 'invalid_grant' } });
    const r = await upstream(err, { accept: 'text/html', 'sec-fetch-mode': 'cors' });
    expect(r.body).toContain('<h1>Please sign in</h1>');
    expect(anchors(r.body)).toEqual(['Sign in → /login', 'Back to the home page → /']);
  });
  it('"we have been notified" on a broken integration only with onError; "try again later" on a transient one without Retry-After', async () => {
    expect(text((await upstream(oktaApiError(401, 'E0000011', 'Invalid token provided'))).body)).not.toMatch(/notified/);
    expect(text((await upstream(oktaApiError(401, 'E0000011', 'Invalid token provided'), undefined, { onError: listen })).body)).toMatch(/We have been notified\./);
    expect(text((await upstream(oktaApiError(500, 'E0000009', 'Internal Server Error'), undefined, { onError: listen })).body)).toMatch(/not responding right now\. Please try again later\./);
  });
  it("an http-errors error the app exposed keeps the app's own sentence", async () => {
    const err = Object.assign(new Error('No such invoice'), { status: 404, statusCode: 404, expose: true });
    const r = await upstream(err, undefined, { handleAll: true });
    expect(r.body).toContain('<p>No such invoice</p>');
  });
});
