/**
 * Koa + openid-client 6, your own login and callback routes, with `state` kept in the session (koa-session).
 * `npx tsx examples/koa-openid-client.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import Koa from 'koa';
import session from 'koa-session';
import * as client from 'openid-client';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, stateFrom } from 'okta-error-handler/koa';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

interface Transaction {
  state: string;
  code_verifier: string;
}

export async function createApp({ issuer, clientId, clientSecret, baseUrl, secret, development, onError }: ExampleConfig) {
  const insecure = baseUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined; // loopback only
  const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, insecure);
  const callback = '/authorization-code/callback';
  const handlers = { issuer, development, onError, isSignedIn: (ctx: Koa.Context) => Boolean(ctx.session?.user) };
  const app = new Koa();
  app.keys = [secret];
  app.use(session({ secure: baseUrl.startsWith('https:'), sameSite: 'lax' }, app));
  app.use(oktaApiErrorHandler(handlers)); // wraps the routes below: their failures become pages
  app.use(oktaErrorHandler({ ...handlers, verifyState: stateFrom({ session: 'oidc.state' }) }));
  app.use(async (ctx) => {
    if (ctx.path === '/login') {
      const transaction: Transaction = { state: client.randomState(), code_verifier: client.randomPKCECodeVerifier() };
      ctx.session!.oidc = transaction;
      const prompt = promptFrom(ctx); // never `prompt: undefined`: buildAuthorizationUrl would send "undefined"
      const params = { redirect_uri: `${baseUrl}${callback}`, scope: 'openid profile', state: transaction.state, code_challenge: await client.calculatePKCECodeChallenge(transaction.code_verifier), code_challenge_method: 'S256' };
      ctx.redirect(client.buildAuthorizationUrl(config, prompt ? { ...params, prompt } : params).href);
    } else if (ctx.path === callback) {
      const transaction = ctx.session!.oidc as Transaction | undefined;
      const tokens = await client.authorizationCodeGrant(config, new URL(ctx.originalUrl, baseUrl), { pkceCodeVerifier: transaction?.code_verifier, expectedState: transaction?.state });
      ctx.session!.oidc = undefined;
      ctx.session!.user = { sub: tokens.claims()!.sub };
      ctx.redirect('/');
    } else if (ctx.path === '/') {
      const user = ctx.session!.user as { sub: string } | undefined;
      ctx.body = user ? `Signed in as ${user.sub}` : 'Signed out. <a href="/login">Sign in</a>';
    }
  });
  return app.callback();
}

if (isMain(import.meta.url)) await runExample('openid-client (Koa)', '/authorization-code/callback', createApp);
