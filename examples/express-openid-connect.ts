/**
 * express-openid-connect 3, with okta-error-handler in front of its callback route and after the routes.
 * `npx tsx examples/express-openid-connect.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import express from 'express';
import { attemptSilentLogin, auth } from 'express-openid-connect';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, stateFrom } from 'okta-error-handler';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

export async function createApp({ issuer, clientId, clientSecret, baseUrl, secret, development, onError }: ExampleConfig) {
  const handlers = { callbackPath: '/callback', issuer, development, onError }; // the library's callback route
  const app = express();
  app.use(oktaErrorHandler({ ...handlers, verifyState: stateFrom('express-openid-connect', { secret }) })); // before auth()
  app.use(auth({ issuerBaseURL: issuer, baseURL: baseUrl, clientID: clientId, clientSecret, secret, authRequired: false, routes: { login: false }, authorizationParams: { response_type: 'code', scope: 'openid profile' } }));
  app.get('/login', (req, res) => {
    const prompt = promptFrom(req); // never `prompt: undefined`: the library would send "undefined"
    res.oidc.login({ returnTo: '/', authorizationParams: prompt ? { prompt } : {} });
  });
  app.get('/login/silent', (_req, res) => res.oidc.login({ returnTo: '/', authorizationParams: { prompt: 'none' } }));
  // Its own silent sign-in: login_required comes back to it (stateFrom lets it through), and the user stays signed out.
  app.get('/welcome', attemptSilentLogin(), (req, res) => res.send(req.oidc.isAuthenticated() ? 'Welcome back' : 'Welcome, guest'));
  app.get('/', (req, res) => res.send(req.oidc.isAuthenticated() ? `Signed in as ${req.oidc.user?.sub}` : 'Signed out. <a href="/login">Sign in</a>'));
  app.use(oktaApiErrorHandler(handlers)); // the library's own callback failures become pages
  return app;
}

if (isMain(import.meta.url)) await runExample('express-openid-connect', '/callback', createApp);
