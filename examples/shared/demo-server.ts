/**
 * The demo servers' bootstrap (examples/express/server.ts, examples/koa/server.ts):
 * environment, ports, the embedded provider or an Okta org, the error
 * handler's options, start-up messages and shutdown. The caller only builds
 * its framework's app (with its framework's `oktaErrorHandler`).
 *
 * By default it starts an embedded OpenID Provider (examples/provider) and the
 * example app with `oktaErrorHandler` in front of its redirect_uri:
 *
 *   Demo app:  http://localhost:3000      (PORT)
 *   Provider:  http://localhost:3001      (PROVIDER_PORT)
 *
 * Both use the host name `localhost` so the browser sees them as the same site
 * (ports don't count), which the app's SameSite=Lax transaction cookie needs
 * for response_mode=form_post.
 *
 * Environment:
 *   OKTA_ISSUER, OKTA_CLIENT_ID, OKTA_CLIENT_SECRET   use a real Okta org instead of the embedded provider
 *   APP_BASE_URL       the app's origin for the redirect_uri (default http://localhost:$PORT)
 *   RESPONSE_MODE      query (default) | form_post
 *   NO_ERROR_HANDLER=1 run without the middleware, to compare
 *   HOST               interface to bind (default localhost)
 */
import type { OktaErrorHandlerOptions } from '../../src/core/options.js';
import { startProvider, type ProviderHandle } from '../provider/index.js';
import { listen, type RequestListener } from './http.js';
import {
  DEFAULT_CALLBACK_PATH,
  type CookieSource,
  type RelyingPartySettings,
  type RelyingPartyState,
} from './relying-party.js';

export interface DemoAppInput extends RelyingPartySettings {
  /** Options for the framework's `oktaErrorHandler`; undefined with NO_ERROR_HANDLER=1. */
  errorHandlerOptions?: OktaErrorHandlerOptions<CookieSource>;
}

export interface DemoServerOptions {
  /** e.g. `npm start`, for the "port in use" hint. */
  command: string;
  /** Start of the page title, e.g. "Example app". */
  title: string;
  /** Build the app: its request listener and its RP state (for `verifyState`). */
  createApp(input: DemoAppInput): Promise<{ listener: RequestListener; state: RelyingPartyState }>;
}

export async function runDemoServer(opts: DemoServerOptions): Promise<void> {
  const env = process.env;
  const port = Number(env.PORT ?? 3000);
  const providerPort = Number(env.PROVIDER_PORT ?? 3001);
  const host = env.HOST ?? 'localhost';
  const responseMode = env.RESPONSE_MODE === 'form_post' ? 'form_post' : 'query';
  const withHandler = env.NO_ERROR_HANDLER !== '1';
  const callbackPath = DEFAULT_CALLBACK_PATH;

  const exitOnListenError = (err: NodeJS.ErrnoException, variable: string, value: number): never => {
    if (err.code === 'EADDRINUSE') {
      console.error(`Port ${value} is already in use. Set ${variable} to another port (e.g. ${variable}=${value + 10} ${opts.command}).`);
      process.exit(1);
    }
    throw err;
  };

  const okta = env.OKTA_ISSUER && env.OKTA_CLIENT_ID && env.OKTA_CLIENT_SECRET
    ? { issuer: env.OKTA_ISSUER, clientId: env.OKTA_CLIENT_ID, clientSecret: env.OKTA_CLIENT_SECRET }
    : undefined;

  const appServer = await listen(port, host).catch((err: NodeJS.ErrnoException) => exitOnListenError(err, 'PORT', port));
  const baseUrl = new URL(env.APP_BASE_URL ?? appServer.origin).origin;

  let provider: ProviderHandle | undefined;
  let issuer: string;
  let clientId: string;
  let clientSecret: string;

  if (okta) {
    ({ issuer, clientId, clientSecret } = okta);
  } else {
    clientId = 'demo-client';
    clientSecret = 'demo-client-secret';
    provider = await startProvider({
      port: providerPort,
      host,
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          client_name: 'okta-error-handler demo',
          redirect_uris: [new URL(callbackPath, baseUrl).href],
          post_logout_redirect_uris: [`${baseUrl}/`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
    }).catch((err: NodeJS.ErrnoException) => exitOnListenError(err, 'PROVIDER_PORT', providerPort));
    issuer = provider.issuer;
  }

  // verifyState needs the app's transaction store, which exists once the app does.
  let rp: RelyingPartyState | undefined;

  const { listener, state } = await opts.createApp({
    issuer,
    clientId,
    clientSecret,
    baseUrl,
    callbackPath,
    responseMode,
    demoErrors: !okta,
    appName: withHandler ? `${opts.title} with okta-error-handler` : `${opts.title} (no error handler)`,
    ...(withHandler
      ? {
        errorHandlerOptions: {
          callbackPath,
          loginPath: '/login',
          issuer,
          development: env.NODE_ENV !== 'production',
          verifyState: (req, s) => rp?.verifyState(req, s) ?? false,
          onError: (event) => console.info('[okta-error-handler]', JSON.stringify(event)),
        },
      }
      : {}),
  });
  rp = state;
  appServer.attach(listener);

  console.log(`Demo app: ${baseUrl}`);
  console.log(`Provider: ${issuer}${provider ? ' (embedded oidc-provider: any username signs in, no password)' : ''}`);
  console.log(`Error handler: ${withHandler ? 'on' : 'off (NO_ERROR_HANDLER=1)'} · response_mode=${responseMode}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) process.exit(1); // second Ctrl-C: don't wait
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    const timer = setTimeout(() => process.exit(1), 5_000);
    timer.unref();
    await Promise.allSettled([appServer.close(), provider?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
