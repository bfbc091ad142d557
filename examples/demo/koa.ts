/**
 * Runnable demo: `npm run start:koa` (tsx examples/demo/koa.ts). The Koa
 * example app with the Koa `oktaErrorHandler` in front of its redirect_uri,
 * and an embedded OpenID Provider (or your Okta org): environment variables
 * and ports (3000 and 3001 by default) in test/fixtures/relying-party/demo-server.ts.
 */
import { oktaErrorHandler } from '../../src/koa/index.js';
import { runDemoServer } from '../../test/fixtures/relying-party/demo-server.js';
import { createKoaRelyingPartyApp, getKoaRelyingPartyState } from '../../test/fixtures/relying-party/koa.js';

await runDemoServer({
  command: 'npm run start:koa',
  title: 'Example Koa app',
  async createApp({ errorHandlerOptions, ...settings }) {
    const app = await createKoaRelyingPartyApp({
      ...settings,
      ...(errorHandlerOptions ? { errorHandler: oktaErrorHandler(errorHandlerOptions) } : {}),
    });
    return { listener: app.callback(), state: getKoaRelyingPartyState(app) };
  },
});
