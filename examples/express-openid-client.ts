/**
 * Express + openid-client 6, with okta-error-handler in front of the callback route and after the routes.
 * OKTA_ISSUER=https://{yourOktaDomain}/oauth2/default OKTA_CLIENT_ID=… OKTA_CLIENT_SECRET=… npx tsx examples/express-openid-client.ts
 */
import express from 'express';
import * as client from 'openid-client';
import { oktaApiErrorHandler, oktaErrorHandler } from 'okta-error-handler';

const issuer = process.env.OKTA_ISSUER!;
const config = await client.discovery(new URL(issuer), process.env.OKTA_CLIENT_ID!, process.env.OKTA_CLIENT_SECRET);
const redirectUri = 'http://localhost:3000/authorization-code/callback';
const pending = new Map<string, string>(); // state → PKCE verifier; keep it in your session store

const app = express();
app.use(oktaErrorHandler({ issuer, verifyState: (_req, state) => state !== undefined && pending.has(state), development: process.env.NODE_ENV === 'development' }));
app.get('/login', async (req, res) => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  pending.set(state, verifier);
  const prompt = req.query.prompt === 'login' || req.query.prompt === 'consent' ? req.query.prompt : undefined;
  const params = { redirect_uri: redirectUri, scope: 'openid profile', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
  res.redirect(client.buildAuthorizationUrl(config, prompt ? { ...params, prompt } : params).href);
});
app.get('/authorization-code/callback', async (req, res) => {
  const url = new URL(req.originalUrl, redirectUri);
  const state = url.searchParams.get('state') ?? '';
  const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
  pending.delete(state);
  res.json({ signedInAs: tokens.claims()?.sub });
});
app.use(oktaApiErrorHandler({ loginPath: '/login' })); // a refused code exchange restarts sign-in, once
app.listen(3000, () => console.log('http://localhost:3000/login'));
