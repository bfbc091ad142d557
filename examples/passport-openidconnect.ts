/**
 * passport-openidconnect 0.1, with okta-error-handler in front of its callback route and after the routes.
 * `npx tsx examples/passport-openidconnect.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 */
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import OpenIDConnectStrategy from 'passport-openidconnect';
import { oktaApiErrorHandler, oktaErrorHandler, promptFrom, signInFailedPath, stateFrom } from 'okta-error-handler';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

export async function createApp({ issuer, clientId, clientSecret, secret, development, onError }: ExampleConfig) {
  const callback = '/authorization-code/callback';
  passport.use(new OpenIDConnectStrategy(
    { issuer, authorizationURL: `${issuer}/auth`, tokenURL: `${issuer}/token`, userInfoURL: `${issuer}/me`, clientID: clientId, clientSecret, callbackURL: callback },
    (_issuer: string, profile: { id: string }, done: (err: null, user: object) => void) => done(null, { sub: profile.id }),
  ));
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: object, done) => done(null, user));
  const handlers = { issuer, development, onError };
  const app = express();
  app.use(session({ secret, resave: false, saveUninitialized: false }));
  app.use(passport.session());
  app.use(oktaErrorHandler({ ...handlers, verifyState: stateFrom('passport-openidconnect', { issuer }) })); // after the session
  app.get('/login', (req, res, next) => passport.authenticate('openidconnect', { prompt: promptFrom(req) } as never)(req, res, next));
  app.get(callback, passport.authenticate('openidconnect', { successRedirect: '/', failureRedirect: signInFailedPath(callback) }));
  app.get('/', (req, res) => res.send(req.isAuthenticated() ? 'Signed in' : 'Signed out. <a href="/login">Sign in</a>'));
  app.use(oktaApiErrorHandler(handlers)); // its token errors become pages
  return app;
}

if (isMain(import.meta.url)) await runExample('passport-openidconnect', '/authorization-code/callback', createApp, 'client_secret_post');
