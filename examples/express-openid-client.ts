/**
 * Express + openid-client 6, your own login and callback routes, the pattern of openid-client's README:
 * PKCE without `state`. okta-error-handler accepts an error response without state when the session holds
 * the PKCE verifier of a sign-in in progress (`requireState: false` with `stateFrom({ pkceOnly })`).
 * `npx tsx examples/express-openid-client.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import express from 'express';
import session from 'express-session';
import * as client from 'openid-client';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, stateFrom } from 'okta-error-handler';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

declare module 'express-session' {
  interface SessionData {
    oidc?: { code_verifier: string };
    user?: { sub: string };
  }
}

export async function createApp({ issuer, clientId, clientSecret, baseUrl, secret, development, onError }: ExampleConfig) {
  const insecure = baseUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined; // loopback only
  const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, insecure);
  const callback = '/authorization-code/callback';
  const handlers = { issuer, development, onError, isSignedIn: (req: express.Request) => req.session.user !== undefined };
  const app = express();
  app.use(session({ secret, resave: false, saveUninitialized: false }));
  app.use(oktaErrorHandler({ ...handlers, requireState: false, verifyState: stateFrom({ session: 'oidc.code_verifier', pkceOnly: true }) }));
  app.get('/login', async (req, res) => {
    const verifier = client.randomPKCECodeVerifier();
    req.session.oidc = { code_verifier: verifier };
    const prompt = promptFrom(req); // never `prompt: undefined`: buildAuthorizationUrl would send "undefined"
    const params = { redirect_uri: `${baseUrl}${callback}`, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    res.redirect(client.buildAuthorizationUrl(config, prompt ? { ...params, prompt } : params).href);
  });
  app.get(callback, async (req, res) => {
    const tokens = await client.authorizationCodeGrant(config, new URL(req.originalUrl, baseUrl), { pkceCodeVerifier: req.session.oidc?.code_verifier });
    delete req.session.oidc;
    req.session.user = { sub: tokens.claims()!.sub };
    res.redirect('/');
  });
  app.get('/', (req, res) => res.send(req.session.user ? `Signed in as ${req.session.user.sub}` : 'Signed out. <a href="/login">Sign in</a>'));
  app.use(oktaApiErrorHandler(handlers)); // a refused code exchange restarts sign-in, once
  return app;
}

if (isMain(import.meta.url)) await runExample('openid-client (Express)', '/authorization-code/callback', createApp);
