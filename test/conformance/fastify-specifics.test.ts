/** What only Fastify has: inject(), its register options, encapsulation, its default error handler, its body parsers. */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { oktaApiErrorHandler, oktaErrorHandler, UpstreamError, normalizeOktaError } from '../../src/fastify/index.js';

const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html' };

describe('okta-error-handler/fastify', () => {
  it("takes Fastify's own register options (prefix, logLevel) with its own, and still refuses an unknown key", async () => {
    const app = Fastify();
    await app.register(oktaErrorHandler, { prefix: '/ignored', logLevel: 'silent', loginPath: '/sign-in' } as never);
    app.get('/authorization-code/callback', async () => 'app');
    const res = await app.inject({ url: '/authorization-code/callback?error=login_required&state=s', headers: NAV });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?prompt=login');
    await expect(Fastify().register(oktaErrorHandler, { loginpath: '/x' } as never).ready()).rejects.toThrow(/Did you mean "loginPath"/);
  });

  it('applies to routes registered before it, after it and in encapsulated plugins (inject())', async () => {
    const app = Fastify();
    app.get('/cb', async () => 'before');
    await app.register(oktaErrorHandler, { callbackPath: ['/cb', '/child/cb', '/after'] });
    await app.register(async (child) => void child.get('/cb', async () => 'child'), { prefix: '/child' });
    app.get('/after', async () => 'after');
    for (const url of ['/cb', '/child/cb', '/after']) {
      const res = await app.inject({ url: `${url}?error=access_denied&state=s`, headers: NAV });
      expect(res.statusCode, url).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    expect((await app.inject({ url: '/child/cb?code=c&state=s' })).body).toBe('child');
  });

  it('a form_post error answered without any form parser; a successful form_post still parsed by @fastify/formbody', async () => {
    const bare = Fastify();
    await bare.register(oktaErrorHandler);
    bare.post('/authorization-code/callback', async () => 'app');
    const denied = await bare.inject({ method: 'POST', url: '/authorization-code/callback', headers: { ...NAV, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'error=access_denied&state=s' });
    expect(denied.statusCode).toBe(403);

    const parsed = Fastify();
    await parsed.register(formbody);
    await parsed.register(oktaErrorHandler);
    parsed.post('/authorization-code/callback', async (request) => request.body);
    const ok = await parsed.inject({ method: 'POST', url: '/authorization-code/callback', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'code=abc&state=s' });
    expect(ok.json()).toEqual({ code: 'abc', state: 's' });
  });

  it("unrecognised errors get Fastify's default answer; recognised ones the package's", async () => {
    const app = Fastify();
    app.setErrorHandler(oktaApiErrorHandler());
    app.get('/plain', async () => {
      throw Object.assign(new Error('nope'), { statusCode: 418 });
    });
    app.get('/okta', async () => {
      throw new UpstreamError(normalizeOktaError({ status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: x (User)', errorId: 'oae1' })!);
    });
    const plain = await app.inject({ url: '/plain' });
    expect(plain.statusCode).toBe(418);
    expect(plain.json()).toMatchObject({ statusCode: 418, message: 'nope' });
    const okta = await app.inject({ url: '/okta', headers: { accept: 'application/json' } });
    expect(okta.statusCode).toBe(404);
    expect(okta.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(okta.json()).toMatchObject({ code: 'E0000007' });
  });
});
