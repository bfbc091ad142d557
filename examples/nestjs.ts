/**
 * NestJS 11 (platform-express) + openid-client 6: a module with its own login and callback routes (PKCE
 * without `state`, as examples/express-openid-client.ts), the interceptor applied in the module's
 * `configure()` and the exception filter for a refused code exchange.
 * `npx tsx examples/nestjs.ts` (embedded provider), or with OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET.
 *
 * The decorators are applied as calls because this repository's tsconfig has no `experimentalDecorators`;
 * in a Nest project, write `@Controller()`, `@Get('/login')`, `@Req()`, `@Res()` and `@Module({ ... })`.
 */
import type { RequestListener } from 'node:http';
import { Controller, Get, Module, Req, Res, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import session from 'express-session';
import * as client from 'openid-client';
import { OktaApiExceptionFilter, oktaErrorHandler, promptFrom, stateFrom } from 'okta-error-handler/nestjs';
import { isMain, runExample, type ExampleConfig } from './support/embedded.js';

declare module 'express-session' {
  interface SessionData {
    oidc?: { code_verifier: string };
    user?: { sub: string };
  }
}

const CALLBACK = '/authorization-code/callback';

export async function createApp({ issuer, clientId, clientSecret, baseUrl, secret, development, onError }: ExampleConfig): Promise<RequestListener> {
  const insecure = baseUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined; // loopback only
  const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, insecure);
  // Nest's underlying request is Express's on platform-express: name it, and the callbacks get `req.session`.
  const handlers = { issuer, development, onError, isSignedIn: (req: Request) => req.session.user !== undefined };

  class AuthController {
    async login(req: Request, res: Response) {
      const verifier = client.randomPKCECodeVerifier();
      req.session.oidc = { code_verifier: verifier };
      const prompt = promptFrom(req); // never `prompt: undefined`: buildAuthorizationUrl would send "undefined"
      const params = { redirect_uri: `${baseUrl}${CALLBACK}`, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
      res.redirect(client.buildAuthorizationUrl(config, prompt ? { ...params, prompt } : params).href);
    }

    // A refused code exchange throws here; OktaApiExceptionFilter restarts sign-in, once.
    async callback(req: Request, res: Response) {
      const tokens = await client.authorizationCodeGrant(config, new URL(req.originalUrl, baseUrl), { pkceCodeVerifier: req.session.oidc?.code_verifier });
      delete req.session.oidc;
      req.session.user = { sub: tokens.claims()!.sub };
      res.redirect('/');
    }

    home(req: Request) {
      return req.session.user ? `Signed in as ${req.session.user.sub}` : 'Signed out. <a href="/login">Sign in</a>';
    }
  }
  for (const [method, path, params] of [['login', '/login', [Req(), Res()]], ['callback', CALLBACK, [Req(), Res()]], ['home', '/', [Req()]]] as const) {
    params.forEach((param, index) => param(AuthController.prototype, method, index));
    Reflect.decorate([Get(path)], AuthController.prototype, method, Object.getOwnPropertyDescriptor(AuthController.prototype, method));
  }
  Controller()(AuthController);

  class AppModule implements NestModule {
    configure(consumer: MiddlewareConsumer) {
      // Before the callback route, for every route (the interceptor only looks at the callback paths).
      consumer.apply(oktaErrorHandler<Request>({ ...handlers, requireState: false, verifyState: stateFrom({ session: 'oidc.code_verifier', pkceOnly: true }) })).forRoutes('*');
    }
  }
  Module({ controllers: [AuthController] })(AppModule);

  const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: development ? ['log', 'warn', 'error'] : ['warn', 'error'] });
  app.use(session({ secret, resave: false, saveUninitialized: false })); // runs before the module's middleware
  app.useGlobalFilters(new OktaApiExceptionFilter<Request>(handlers));
  await app.init();
  return app.getHttpAdapter().getInstance();
}

if (isMain(import.meta.url)) await runExample('NestJS (platform-express) + openid-client', CALLBACK, createApp);
