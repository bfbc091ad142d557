import express5 from 'express';
import express4 from 'express4';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../src/express/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

function expressApp(express: typeof express5, parserFirst: boolean): AppFactory {
  return (options) => {
    const app = express();
    if (parserFirst) app.use(express.urlencoded({ extended: true }));
    app.use(oktaErrorHandler(options));
    app.use(express.urlencoded({ extended: false }));
    app.all(['/authorization-code/callback', '/cb', '/other/cb'], (req, res) => {
      res.status(200).send(`app:${JSON.stringify(req.body ?? null)}`);
    });
    return app;
  };
}

runConformance('express 5', expressApp(express5, false));
runConformance('express 4', expressApp(express4 as unknown as typeof express5, false));
runConformance('express 5, body parser before the interceptor', expressApp(express5, true), true);
runConformance('express 4, body parser before the interceptor', expressApp(express4 as unknown as typeof express5, true), true);

function expressUpstreamApp(express: typeof express5): UpstreamAppFactory {
  return (options, error) => {
    const app = express();
    // Express 4 does not forward rejected promises: routes pass errors to next themselves.
    app.get('/boom', (_req, _res, next) => next(error()));
    app.use(oktaApiErrorHandler(options));
    app.use((_err: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
      res.status(500).send('app-error');
    });
    return app;
  };
}

runUpstreamConformance('express 5', expressUpstreamApp(express5));
runUpstreamConformance('express 4', expressUpstreamApp(express4 as unknown as typeof express5));
