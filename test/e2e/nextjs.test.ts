/**
 * The Next.js App Router example's route handlers (examples/nextjs/app/…/route.ts), dispatched by path as
 * Next.js dispatches them (a `Request` in, a `Response` out; served here by @hono/node-server), against the
 * real oidc-provider and driven by the test browser: sign-in, Cancel, prompt=none, a forged link, a replay.
 */
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type ProviderHandle } from '../fixtures/provider/index.js';
import { listen, type ListeningServer } from '../fixtures/relying-party/http.js';
import { formatChain, hopsTo, TestBrowser } from '../support/browser/index.js';

let op: ProviderHandle;
let app: ListeningServer;
const CALLBACK = '/authorization-code/callback';

beforeAll(async () => {
  app = await listen();
  op = await startProvider({ clients: [{ client_id: 'next-app', client_secret: 'next-app-secret-next-app-secret', redirect_uris: [`${app.origin}${CALLBACK}`], grant_types: ['authorization_code'], response_types: ['code'] }], logServerErrors: false });
  Object.assign(process.env, { OKTA_ISSUER: op.issuer, OKTA_CLIENT_ID: 'next-app', OKTA_CLIENT_SECRET: 'next-app-secret-next-app-secret', APP_BASE_URL: app.origin });
  const login = await import('../../examples/nextjs/app/login/route.js');
  const callback = await import('../../examples/nextjs/app/authorization-code/callback/route.js');
  const { getSignIn } = await import('../../examples/nextjs/sign-in.js');
  const routes: Record<string, Record<string, (request: Request) => Promise<Response>>> = {
    '/login': login,
    [CALLBACK]: callback,
    '/': { GET: async (request) => new Response((await getSignIn()).user(request.headers.get('cookie')) ? 'Signed in' : 'Signed out') },
  };
  app.attach(getRequestListener((request) => routes[new URL(request.url).pathname]?.[request.method]?.(request) ?? new Response('Not Found', { status: 404 })));
}, 60_000);

afterAll(async () => {
  for (const k of ['OKTA_ISSUER', 'OKTA_CLIENT_ID', 'OKTA_CLIENT_SECRET', 'APP_BASE_URL']) delete process.env[k];
  await Promise.all([app?.close(), op?.close()]);
});

describe('Next.js route handlers with okta-error-handler/fetch', () => {
  it('sign-in: the callback route runs the sign-in code, signed in', async () => {
    const b = new TestBrowser();
    const page = await b.submit(await b.navigate(`${app.origin}/login`), { button: 'Sign in' });
    expect(page.body, formatChain(page.chain)).toBe('Signed in');
    // The back button: the code is spent; a signed-in user goes home.
    const [hop] = hopsTo(page.chain, CALLBACK, app.origin);
    const replay = await b.navigate(hop!.url);
    expect(replay.body, formatChain(replay.chain)).toBe('Signed in');
  });

  it('Cancel at the provider: "Sign-in canceled" (403)', async () => {
    const b = new TestBrowser();
    const page = await b.submit(await b.navigate(`${app.origin}/login`), { button: 'Cancel' });
    expect(page.status).toBe(403);
    expect(page.body).toContain('Sign-in canceled');
  });

  it('prompt=none without a provider session: re-prompted through the login route, and the provider asks', async () => {
    const b = new TestBrowser();
    const start = await b.get(`${app.origin}/login`);
    const auth = new URL(start.location!);
    auth.searchParams.set('prompt', 'none');
    const page = await b.navigate(auth.href);
    const [hop] = hopsTo(page.chain, CALLBACK, app.origin);
    expect(hop, formatChain(page.chain)).toMatchObject({ status: 303, location: `${app.origin}/login?prompt=login` });
    expect(page.body).toContain('Sign in');
  });

  it('a forged error link: 400 "no longer valid"', async () => {
    const page = await new TestBrowser().navigate(`${app.origin}${CALLBACK}?error=access_denied&state=forged`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('This sign-in link is no longer valid');
  });
});
