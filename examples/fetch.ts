/**
 * A Fetch API app — the shape of `Bun.serve`, `Deno.serve`, Cloudflare Workers and Next.js route handlers —
 * signing in with openid-client 6, with okta-error-handler/fetch in front of its callback. Served here by
 * @hono/node-server. `npx tsx examples/fetch.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import { getRequestListener } from '@hono/node-server';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom } from 'okta-error-handler/fetch';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';
import { CALLBACK_PATH, createSignIn, stateMatches } from './support/sign-in.js';

/** A 303 with the sign-in's cookies. */
function seeOther({ location, cookies }: { location: string; cookies: string[] }): Response {
  const headers = new Headers({ location });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

export async function createApp({ issuer, clientId, clientSecret, baseUrl, development, onError }: ExampleConfig) {
  const signIn = await createSignIn({ issuer, clientId, clientSecret, baseUrl });
  const handlers = { issuer, development, onError, isSignedIn: (request: Request) => signIn.user(request.headers.get('cookie')) !== undefined };
  const intercept = oktaErrorHandler({ ...handlers, verifyState: (request, state) => stateMatches(request.headers.get('cookie'), state) });
  const respond = oktaApiErrorHandler(handlers);

  async function fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/login') return seeOther(await signIn.start(promptFrom(request)));
      // Error responses are answered here; a successful one goes on to the sign-in code.
      if (pathname === CALLBACK_PATH) return (await intercept(request)) ?? seeOther(await signIn.finish(request.url, request.headers.get('cookie')));
      if (pathname === '/') {
        const body = signIn.user(request.headers.get('cookie')) ? 'Signed in' : 'Signed out. <a href="/login">Sign in</a>';
        return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
      }
      return new Response('Not Found', { status: 404 });
    } catch (err) {
      // A refused code exchange (a replay, a second tab): one restart, home, or the page.
      return (await respond(err, request)) ?? new Response('Internal Server Error', { status: 500 });
    }
  }
  return getRequestListener(fetch); // Bun.serve({ fetch }), Deno.serve(fetch), export default { fetch }
}

if (isMain(import.meta.url)) await runExample('Fetch API (@hono/node-server)', CALLBACK_PATH, createApp);
