/**
 * Hono 4 signing in with openid-client 6, okta-error-handler/hono in front of its callback and as its
 * error handler. Served here by @hono/node-server; the same app runs on Bun, Deno and Workers.
 * `npx tsx examples/hono.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom } from 'okta-error-handler/hono';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';
import { CALLBACK_PATH, createSignIn, stateMatches } from './support/sign-in.js';

export async function createApp({ issuer, clientId, clientSecret, baseUrl, development, onError }: ExampleConfig) {
  const signIn = await createSignIn({ issuer, clientId, clientSecret, baseUrl });
  const handlers = { issuer, development, onError, isSignedIn: (c: Context) => signIn.user(c.req.header('cookie')) !== undefined };
  const seeOther = (c: Context, { location, cookies }: { location: string; cookies: string[] }) => {
    for (const cookie of cookies) c.header('set-cookie', cookie, { append: true });
    return c.redirect(location, 303);
  };
  const app = new Hono();
  app.use(oktaErrorHandler({ ...handlers, verifyState: (c, state) => stateMatches(c.req.header('cookie'), state) })); // before the routes
  app.get('/login', async (c) => seeOther(c, await signIn.start(promptFrom(c.req.raw))));
  app.get(CALLBACK_PATH, async (c) => seeOther(c, await signIn.finish(c.req.url, c.req.header('cookie'))));
  app.get('/', (c) => c.html(signIn.user(c.req.header('cookie')) ? 'Signed in' : 'Signed out. <a href="/login">Sign in</a>'));
  app.onError(oktaApiErrorHandler(handlers)); // a refused code exchange: one restart, home, or the page
  return getRequestListener(app.fetch);
}

if (isMain(import.meta.url)) await runExample('Hono', CALLBACK_PATH, createApp);
