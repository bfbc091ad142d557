/**
 * Routes that call Okta's management API, with every failure answered the same way: problem+json for API
 * clients, a page for browsers, 503 + Retry-After for the org's rate limit.
 * OKTA_ORG_URL=https://{yourOktaDomain} OKTA_API_TOKEN=… npx tsx examples/upstream.ts
 */
import * as okta from '@okta/okta-sdk-nodejs';
import express from 'express';
import { oktaApiErrorHandler, withOktaRetry } from 'okta-error-handler';

const oktaClient = new okta.Client({
  orgUrl: process.env.OKTA_ORG_URL!,
  token: process.env.OKTA_API_TOKEN!,
  // The SDK's own executor waits out a 429 (up to the reset, a minute or more): let withOktaRetry decide.
  requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 10_000 }),
});

const app = express();
app.get('/api/users/:id', async (req, res) => {
  // Retries 429s and 5xx within 10 s, then throws an UpstreamError that oktaApiErrorHandler answers.
  const user = await withOktaRetry(() => oktaClient.userApi.getUser({ userId: req.params.id }), { maxDelayMs: 10_000 });
  res.json({ id: user.id, status: user.status });
});
app.use(
  oktaApiErrorHandler({
    development: process.env.NODE_ENV === 'development',
    onError: (event) => console.warn(JSON.stringify(event)), // redacted, one line
  }),
);
app.listen(3000, () => console.log('http://localhost:3000/api/users/me'));
