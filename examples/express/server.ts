/**
 * Runnable demo: `npm start` (tsx examples/express/server.ts). The Express
 * example app with the Express `oktaErrorHandler` in front of its
 * redirect_uri, and an embedded OpenID Provider (or your Okta org):
 * environment variables and ports in ../shared/demo-server.ts.
 */
import { oktaErrorHandler } from '../../src/express/index.js';
import { runDemoServer } from '../shared/demo-server.js';
import { createRelyingPartyApp, getRelyingPartyState } from './app.js';

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
