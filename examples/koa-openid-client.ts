/**
 * Koa + openid-client 6, with okta-error-handler's Koa middleware around and in front of the callback.
 * OKTA_ISSUER=https://{yourOktaDomain}/oauth2/default OKTA_CLIENT_ID=… OKTA_CLIENT_SECRET=… npx tsx examples/koa-openid-client.ts
 */
import Koa from 'koa';
import * as client from 'openid-client';
import { oktaApiErrorHandler, oktaErrorHandler } from 'okta-error-handler/koa';

const issuer = process.env.OKTA_ISSUER!;
const config = await client.discovery(new URL(issuer), process.env.OKTA_CLIENT_ID!, process.env.OKTA_CLIENT_SECRET);
const redirectUri = 'http://localhost:3000/authorization-code/callback';
const pending = new Map<string, string>(); // state → PKCE verifier; keep it in your session store

const app = new Koa();
app.use(oktaApiErrorHandler({ loginPath: '/login' })); // wraps everything below
app.use(oktaErrorHandler({ issuer, verifyState: (_ctx, state) => state !== undefined && pending.has(state) }));
app.use(async (ctx) => {
  if (ctx.path === '/login') {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    pending.set(state, verifier);
    const params = { redirect_uri: redirectUri, scope: 'openid profile', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    ctx.redirect(client.buildAuthorizationUrl(config, ctx.query.prompt === 'login' ? { ...params, prompt: 'login' } : params).href);
  } else if (ctx.path === '/authorization-code/callback') {
    const url = new URL(ctx.originalUrl, redirectUri);
    const state = url.searchParams.get('state') ?? '';
    const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
    pending.delete(state);
    ctx.body = { signedInAs: tokens.claims()?.sub };
  }
});
app.listen(3000, () => console.log('http://localhost:3000/login'));
