/**
 * `promptFrom` (an app's login route, Express `req` and Koa `ctx`) and `signInFailedPath` (a library's
 * failure option), read back by the callback interceptor as one restart of sign-in.
 */
import { get, type IncomingMessage } from 'node:http';
import express from 'express';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContinuation } from '../../src/core/callback/continuation.js';
import { parseCallback } from '../../src/core/callback/parse.js';
import { DEFAULT_CALLBACK_PATH } from '../../src/core/options/paths.js';
import type { OktaErrorEvent } from '../../src/core/events.js';
import { oktaErrorHandler } from '../../src/express/index.js';
import { FORWARDED_PROMPTS, promptFrom, signInFailedPath } from '../../src/integrations/prompt.js';
import type { ListeningServer } from '../fixtures/relying-party/http.js';
import { serve } from '../support/sign-in-libraries.js';

describe('promptFrom', () => {
  it('forwards exactly login, consent and select_account', () => {
    expect(FORWARDED_PROMPTS).toEqual(['login', 'consent', 'select_account']);
    expect(Object.isFrozen(FORWARDED_PROMPTS)).toBe(true);
    for (const prompt of FORWARDED_PROMPTS) expect(promptFrom({ originalUrl: `/login?prompt=${prompt}` })).toBe(prompt);
  });

  it.each([
    ['/login?prompt=none', undefined],
    ['/login?prompt=', undefined],
    ['/login?prompt', undefined],
    ['/login?prompt=LOGIN', undefined],
    ['/login?prompt=login%20consent', undefined],
    ['/login?prompt=login+consent', undefined],
    ['/login?prompt=select+account', undefined],
    ['/login?prompt=undefined', undefined],
    ['/login?prompt=login&prompt=login', undefined],
    ['/login?prompt=login&prompt=consent', undefined],
    ['/login?prompt=login&%70rompt=login', undefined],
    ['/login?prompt[]=login', undefined],
    ['/login?prompt[0]=login', undefined],
    ['/login?Prompt=login', undefined],
    ['/login', undefined],
    ['/login?', undefined],
    ['', undefined],
    ['/login?x=1#prompt=login', undefined],
    ['/login#prompt=login', undefined],
    ['/login?prompt=login#frag', 'login'],
    ['/login?prompt=consent#prompt=none', 'consent'],
    ['/login?prompt=%6Cogin', 'login'],
    ['/login?%70rompt=consent', 'consent'],
    ['/login?prompt=select%5Faccount', 'select_account'],
    ['/login?a=1&prompt=consent&b=2', 'consent'],
    ['/login?prompt=%E0%A4%A', undefined],
    ['/login?returnTo=%2F%3Fprompt%3Dlogin', undefined],
    ['/login?&&prompt=login&&', 'login'],
  ])('%s → %s', (originalUrl, expected) => {
    expect(promptFrom({ originalUrl })).toBe(expected);
    expect(promptFrom({ url: originalUrl })).toBe(expected);
  });

  it('a "?" inside the fragment is not a query ("/login#?prompt=login" → undefined)', () => {
    expect(promptFrom({ url: '/login#?prompt=login' })).toBeUndefined();
    expect(promptFrom({ url: '/login?prompt=consent#?prompt=login' })).toBe('consent');
  });

  it('originalUrl first (a mounted router rewrites url), then url', () => {
    expect(promptFrom({ originalUrl: '/auth/login', url: '/login?prompt=login' })).toBeUndefined();
    expect(promptFrom({ originalUrl: '/auth/login?prompt=consent', url: '/login' })).toBe('consent');
    expect(promptFrom({ url: '/login?prompt=consent' })).toBe('consent');
    expect(promptFrom({ originalUrl: 42, url: '/login?prompt=consent' })).toBe('consent');
    expect(promptFrom({ originalUrl: ['/login?prompt=login'], url: '/login' })).toBeUndefined();
  });

  it('only the query after the "?" is read: none without one, whatever the path looks like', () => {
    expect(promptFrom({ url: '/login&prompt=login' })).toBeUndefined();
    expect(promptFrom({ url: 'prompt=login' })).toBeUndefined();
    expect(promptFrom({ url: '/?prompt=login' })).toBe('login');
    expect(promptFrom({ url: '?prompt=select_account' })).toBe('select_account');
  });

  it('never a parsed query (qs arrays and objects), only the raw URL', () => {
    expect(promptFrom({ url: '/login', query: { prompt: 'login' } })).toBeUndefined();
    expect(promptFrom({ url: '/login?prompt=login&prompt=login', query: { prompt: 'login' } })).toBeUndefined();
  });

  it('anything that is not a request: undefined', () => {
    for (const value of [undefined, null, 0, 'prompt=login', '/login?prompt=login', true, () => undefined, [], {}, { url: null }, { url: { toString: () => '/?prompt=login' } }]) {
      expect(promptFrom(value)).toBeUndefined();
    }
  });

  describe('from the frameworks themselves', () => {
    let server: ListeningServer;
    let koaServer: ListeningServer;
    beforeAll(async () => {
      const app = express();
      const auth = express.Router();
      auth.get('/login', (req, res) => res.json({ prompt: promptFrom(req) ?? null, url: req.url }));
      app.use('/auth', auth); // mounted: req.url is '/login?…', req.originalUrl '/auth/login?…'
      app.get('/login', (req, res) => res.json({ prompt: promptFrom(req) ?? null }));
      server = await serve(app);
      const koa = new Koa();
      koa.use((ctx) => {
        ctx.body = { prompt: promptFrom(ctx) ?? null };
      });
      koaServer = await serve(koa.callback());
    });
    afterAll(async () => {
      await Promise.all([server?.close(), koaServer?.close()]);
    });
    const get = async (origin: string, path: string) => (await (await fetch(`${origin}${path}`)).json()) as { prompt: string | null; url?: string };

    it('Express req, also in a mounted router', async () => {
      expect(await get(server.origin, '/login?prompt=login')).toEqual({ prompt: 'login' });
      expect(await get(server.origin, '/login?prompt=none')).toEqual({ prompt: null });
      expect(await get(server.origin, '/login?prompt=consent&prompt=consent')).toEqual({ prompt: null });
      expect(await get(server.origin, '/auth/login?prompt=select_account')).toEqual({ prompt: 'select_account', url: '/login?prompt=select_account' });
    });

    it('Koa ctx', async () => {
      expect(await get(koaServer.origin, '/login?prompt=consent')).toEqual({ prompt: 'consent' });
      expect(await get(koaServer.origin, '/login?prompt=%6cogin')).toEqual({ prompt: 'login' });
      expect(await get(koaServer.origin, '/login?prompt=login&prompt=none')).toEqual({ prompt: null });
      expect(await get(koaServer.origin, '/login')).toEqual({ prompt: null });
    });
  });
});

describe('signInFailedPath', () => {
  const QUERY = 'oeh_continue=restart%3Asign_in_failed%3Alibrary_failure';

  it('the default callback path, or the one given', () => {
    expect(DEFAULT_CALLBACK_PATH).toBe('/authorization-code/callback');
    expect(signInFailedPath()).toBe(`/authorization-code/callback?${QUERY}`);
    expect(signInFailedPath(undefined)).toBe(`/authorization-code/callback?${QUERY}`);
    expect(signInFailedPath('/callback')).toBe(`/callback?${QUERY}`);
    expect(signInFailedPath('/app/auth/cb')).toBe(`/app/auth/cb?${QUERY}`);
    expect(signInFailedPath('/')).toBe(`/?${QUERY}`);
  });

  it.each([['//evil.example'], ['//evil'], ['https://x'], ['https://evil.example/cb'], [''], ['cb'], ['/\\evil.example'], ['/cb?x=1'], ['/ cb'], ['/cb\n'], ['javascript:alert(1)'], ['/.//evil.example']])('refuses %j with a TypeError', (path) => {
    expect(() => signInFailedPath(path)).toThrow(TypeError);
    expect(() => signInFailedPath(path)).toThrow(`okta-error-handler: signInFailedPath(${JSON.stringify(path)}) needs a same-origin callback path such as "/authorization-code/callback".`);
  });

  it('refuses a value that is not a string (from JavaScript) with a TypeError', () => {
    for (const value of [42, null, {}, ['/cb']]) expect(() => signInFailedPath(value as never)).toThrow(TypeError);
  });

  it('its query parses as a continuation the interceptor reads as one restart for library_failure', () => {
    for (const path of [signInFailedPath(), signInFailedPath('/cb')]) {
      const parsed = parseCallback(path.slice(path.indexOf('?') + 1));
      expect(parsed).toEqual({ ok: true, params: { error: 'sign_in_failed', continued: { action: 'restart', code: 'sign_in_failed', detail: 'library_failure' } } });
      if (!parsed.ok) throw new Error('unreachable');
      expect(readContinuation(parsed.params.continued!, new Set())).toMatchObject({ code: 'sign_in_failed', action: 'restart', restartFor: 'library_failure' });
    }
  });

  describe('a browser sent there (passport failureRedirect): oktaErrorHandler restarts sign-in once', () => {
    let server: ListeningServer;
    const events: OktaErrorEvent[] = [];
    beforeAll(async () => {
      const app = express();
      app.use(oktaErrorHandler({ callbackPath: '/cb', onError: (e) => void events.push(e) }));
      app.get('/cb', (_req, res) => res.status(500).send('the library would run here'));
      server = await serve(app);
    });
    afterAll(() => server?.close());

    /** A browser's navigation (fetch() would say sec-fetch-mode: cors), with the cookies it has. */
    const navigate = (path: string, cookie?: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        get(`${server.origin}${path}`, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', ...(cookie && { cookie }) } }, (res) => resolve(res.resume())).on('error', reject);
      });

    it('a browser that keeps our cookies: a 303 to the login path, counted in the guard cookie, with the library failure in the event', async () => {
      events.length = 0;
      const res = await navigate(signInFailedPath('/cb'), 'oeh_probe=1');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/login');
      expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^oeh_guard=v2\.0\.0\.1\.\d+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/)]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'callback.error', code: 'sign_in_failed', action: 'restart', outcome: 'redirect', restartFor: 'library_failure', path: '/cb', hasState: false });
      // The guard's budget spent: the page.
      const again = await navigate(signInFailedPath('/cb'), (res.headers['set-cookie']![0] ?? '').split(';')[0]);
      expect(again.statusCode).toBe(400);
      expect(events.at(-1)).toMatchObject({ code: 'sign_in_failed', outcome: 'render', reason: 'limit_reached', restartFor: 'library_failure' });
    });

    it("a browser that has no cookie of ours yet (passport's first failure): probed once for the cookie, then the one restart", async () => {
      events.length = 0;
      const res = await navigate(signInFailedPath('/cb'));
      expect(res.statusCode).toBe(303);
      expect(events.at(-1)).toMatchObject({ code: 'sign_in_failed', reason: 'cookie_probe' });
      const cookie = (res.headers['set-cookie']![0] ?? '').split(';')[0];
      const back = await navigate(String(res.headers.location), cookie);
      expect(back.statusCode).toBe(303);
      expect(back.headers.location).toBe('/login');
      expect(events.at(-1)).toMatchObject({ code: 'sign_in_failed', action: 'restart', outcome: 'redirect' });
    });
  });
});
