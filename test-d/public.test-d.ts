/**
 * Type tests of the public API (checked by `tsc` in `npm test`): option callbacks receive the framework's
 * request, one options object types for both handlers, events narrow on `type`.
 */
import type { Request } from 'express';
import type { Context } from 'koa';
import { expectTypeOf } from 'vitest';
import { oktaApiErrorHandler, oktaErrorHandler, normalizeOktaError, type DocsUrlOption, type EventSeverity, type OktaErrorEvent, type OktaErrorHandlerOptions } from '../src/express/index.js';
import { oktaApiErrorHandler as koaApi, oktaErrorHandler as koaInterceptor } from '../src/koa/index.js';

// Express hooks receive `req`.
oktaErrorHandler({
  verifyState: (req, state) => {
    expectTypeOf(req).toEqualTypeOf<Request>();
    expectTypeOf(state).toEqualTypeOf<string | undefined>();
    return true;
  },
  loginUrl: (req, { code, prompt }) => {
    expectTypeOf(req).toEqualTypeOf<Request>();
    expectTypeOf(code).toEqualTypeOf<string>();
    expectTypeOf(prompt).toEqualTypeOf<string | undefined>();
    return '/login';
  },
  actions: { access_denied: ({ req, description, navigation }) => (expectTypeOf(req).toEqualTypeOf<Request>(), expectTypeOf(description).toEqualTypeOf<string | undefined>(), navigation ? 'render' : 'pass') },
});

// Koa hooks receive `ctx`.
koaInterceptor({ verifyState: (ctx) => (expectTypeOf(ctx).toEqualTypeOf<Context>(), true), renderView: (ctx) => (expectTypeOf(ctx).toEqualTypeOf<Context>(), '') });

// One object configures both handlers, inline or shared: no excess-property error either way.
oktaApiErrorHandler({ issuer: 'https://example.okta.com', verifyState: () => true, statusFor: { E0000047: 429 }, limits: { restarts: 2 } });
koaApi({ loginPath: '/signin', handleAll: true, actions: { access_denied: 'render' } });
const shared: OktaErrorHandlerOptions<Request> = { loginPath: '/login', development: false };
oktaErrorHandler(shared);
oktaApiErrorHandler(shared);

// A typo is an error at compile time as well as at start-up.
// @ts-expect-error not an option
oktaErrorHandler({ loginpath: '/login' });
// @ts-expect-error not an action
oktaErrorHandler({ actions: { access_denied: 'redirect' } });

// Events narrow on `type`.
oktaErrorHandler({
  onError: (event: OktaErrorEvent) => {
    if (event.type === 'callback.error') {
      expectTypeOf(event.outcome).toEqualTypeOf<'redirect' | 'render' | 'pass'>();
      expectTypeOf(event.hasState).toEqualTypeOf<boolean>();
    } else if (event.type === 'upstream.error') {
      expectTypeOf(event.upstreamStatus).toEqualTypeOf<number | undefined>();
    } else if (event.type === 'setup.warning') {
      expectTypeOf(event.code).toEqualTypeOf<'form_post_without_https' | 'state_not_verified'>();
    } else {
      expectTypeOf(event.type).toEqualTypeOf<'template.error'>();
    }
  },
});

// normalizeOktaError: undefined when not recognised.
expectTypeOf(normalizeOktaError(new Error('x'))?.status).toEqualTypeOf<number | undefined>();

// Every event has severity, errorType and an optional docsUrl, before narrowing.
oktaErrorHandler({
  onError: (event) => {
    expectTypeOf(event.severity).toEqualTypeOf<EventSeverity>();
    expectTypeOf(event.severity).toEqualTypeOf<'info' | 'warn' | 'error'>();
    expectTypeOf(event.errorType).toEqualTypeOf<string>();
    expectTypeOf(event.docsUrl).toEqualTypeOf<string | undefined>();
    expectTypeOf(event.time).toEqualTypeOf<string>();
  },
});

// docsUrl: a base URL, a function of the code, or false; on both handlers.
oktaErrorHandler({ docsUrl: 'https://docs.example.com/errors' });
oktaApiErrorHandler({ docsUrl: false });
koaApi({ docsUrl: (code, { anchor, type }) => (expectTypeOf(type).toEqualTypeOf<OktaErrorEvent['type']>(), `https://wiki.example.com/${code}#${anchor}`) });
const docsUrl: DocsUrlOption = (code) => (code === 'unknown' ? undefined : `/help/${code}`);
koaInterceptor({ docsUrl });
// @ts-expect-error true is not a docsUrl
oktaErrorHandler({ docsUrl: true });
