/**
 * Runs one of the library examples against the embedded OpenID Provider (the one the tests use), so that
 * `npx tsx examples/<name>.ts` works without an Okta org. With OKTA_ISSUER, OKTA_CLIENT_ID and
 * OKTA_CLIENT_SECRET set, the example runs against that org instead (register
 * `http://localhost:<PORT><callbackPath>` as a sign-in redirect URI).
 */
import { createServer, type RequestListener } from 'node:http';
import type { OktaErrorEvent } from 'okta-error-handler';
import { startProvider } from '../../test/fixtures/provider/index.js';

/** What every example's `createApp` is given. */
export interface ExampleConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's origin, such as `http://localhost:3000`. */
  readonly baseUrl: string;
  /** Cookie and session secret. */
  readonly secret: string;
  readonly development: boolean;
  /** Where the handlers' events go (the examples print them). */
  readonly onError: (event: OktaErrorEvent) => void;
}

/** Starts the provider (unless OKTA_ISSUER is set) and the app; prints where to go. */
export async function runExample(name: string, callbackPath: string, createApp: (config: ExampleConfig) => Promise<RequestListener>, tokenAuth?: 'client_secret_post'): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const baseUrl = `http://localhost:${port}`;
  let issuer = process.env.OKTA_ISSUER;
  let clientId = process.env.OKTA_CLIENT_ID ?? 'example-app';
  let clientSecret = process.env.OKTA_CLIENT_SECRET ?? 'example-app-secret-example-app-secret';
  if (!issuer) {
    const op = await startProvider({
      port: Number(process.env.PROVIDER_PORT ?? 3001),
      host: 'localhost',
      clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [`${baseUrl}${callbackPath}`], grant_types: ['authorization_code'], response_types: ['code'], ...(tokenAuth && { token_endpoint_auth_method: tokenAuth }) }],
    });
    issuer = op.issuer;
    clientId = 'example-app';
  }
  const app = await createApp({ issuer, clientId, clientSecret, baseUrl, secret: process.env.SESSION_SECRET ?? 'change-me-a-long-random-secret-for-sessions', development: process.env.NODE_ENV === 'development', onError: (event) => console.info(event.type, JSON.stringify(event)) });
  createServer(app).listen(port, 'localhost', () => console.log(`${name}: ${baseUrl}/ (provider: ${issuer}); PORT and PROVIDER_PORT choose the ports`));
}

/** Whether the module at `url` is the one node was asked to run. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && new URL(url).pathname === process.argv[1];
