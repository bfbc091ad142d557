/**
 * Runnable demo: `npm start` (tsx examples/demo/express.ts). The Express
 * example app with the Express `oktaErrorHandler` in front of its
 * redirect_uri, and an embedded OpenID Provider (or your Okta org):
 * environment variables and ports in test/fixtures/relying-party/demo-server.ts.
 */
import { oktaErrorHandler } from '../../src/express/index.js';
import { runDemoServer } from '../../test/fixtures/relying-party/demo-server.js';
import { createRelyingPartyApp, getRelyingPartyState } from '../../test/fixtures/relying-party/express.js';

await runDemoServer({
  command: 'npm start',
  title: 'Example app',
  async createApp({ errorHandlerOptions, ...settings }) {
    const app = await createRelyingPartyApp({
      ...settings,
      ...(errorHandlerOptions ? { errorHandler: oktaErrorHandler(errorHandlerOptions) } : {}),
    });
    return { listener: app, state: getRelyingPartyState(app) };
  },
});
