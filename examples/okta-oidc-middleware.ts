/**
 * @okta/oidc-middleware 5, with okta-error-handler in front of its callback route and after the routes.
 * `npx tsx examples/okta-oidc-middleware.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import { ExpressOIDC } from '@okta/oidc-middleware';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, signInFailedPath, stateFrom } from 'okta-error-handler';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

export async function createApp({ issuer, clientId, clientSecret, baseUrl, secret, development, onError }: ExampleConfig) {
  const oidc = new ExpressOIDC({
    issuer, client_id: clientId, client_secret: clientSecret, appBaseUrl: baseUrl, scope: 'openid profile',
    routes: { loginCallback: { failureRedirect: signInFailedPath() } }, // the failures it answers itself
    ...(baseUrl.startsWith('http:') && { testing: { disableHttpsCheck: true } }), // loopback only
  });
  await new Promise<void>((resolve, reject) => oidc.on('ready', () => resolve()).on('error', reject));
  const handlers = { issuer, development, onError };
  const app = express();
  app.use(session({ secret, resave: false, saveUninitialized: false }));
  app.use(oktaErrorHandler({ ...handlers, verifyState: stateFrom('@okta/oidc-middleware', { issuer }) })); // after session()
  // Its /login forwards only login_hint: a re-prompt's ?prompt= goes to the strategy here.
  app.get('/login', (req, res, next) => (promptFrom(req) ? passport.authenticate('oidc', { prompt: promptFrom(req) } as never)(req, res, next) : next()));
  app.use(oidc.router as unknown as express.RequestHandler); // its types are for Express 4
  app.get('/', (req, res) => res.send(req.isAuthenticated() ? 'Signed in' : 'Signed out. <a href="/login">Sign in</a>'));
  app.use(oktaApiErrorHandler(handlers)); // its callback failures become pages
  return app;
}

if (isMain(import.meta.url)) await runExample('@okta/oidc-middleware', '/authorization-code/callback', createApp);
