/**
 * A real @okta/okta-sdk-nodejs v8 Client against a local server answering like Okta, so the shapes the
 * normalizer duck-types are the SDK's actual ones (OktaApiError, HttpError, node-fetch Headers).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOktaError } from '../../../src/core/upstream/normalize.js';
import { withOktaRetry } from '../../../src/core/upstream/with-retry.js';
import { UpstreamError } from '../../../src/core/upstream/errors.js';

const API_TOKEN = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
const SERVER_DATE = 'Sun, 03 Mar 2024 21:06:40 GMT';
const RESET = 1709500000 + 20;

type Reply = { status: number; headers?: Record<string, string>; body: string };
const okta = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

// Keyed by the user id in /api/v1/users/{id}.
const REPLIES: Record<string, Reply> = {
  rate: okta(
    429,
    { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047', errorId: 'oaeRate1', errorCauses: [] },
    { date: SERVER_DATE, 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(RESET) },
  ),
  badtoken: okta(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: 'oaeTok1', errorCauses: [] }),
  invalid: okta(400, {
    errorCode: 'E0000001',
    errorSummary: 'Api validation failed: login',
    errorLink: 'E0000001',
    errorId: 'oaeVal1',
    errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
  }),
  missing: okta(404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: missing (User)', errorLink: 'E0000007', errorId: 'oaeNf1', errorCauses: [] }),
  html: { status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' },
  flaky: { status: 503, headers: { 'content-type': 'text/html', 'retry-after': '1' }, body: '<html>Service Unavailable</html>' },
};

describe('@okta/okta-sdk-nodejs v8 against an Okta-shaped server', () => {
  let server: Server;
  let client: Client;
  const seen: IncomingMessage[] = [];
  let flakyCalls = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const id = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '');
      if (id === 'flaky' && ++flakyCalls > 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '00uFlaky', status: 'ACTIVE', profile: { login: 'a@example.com' } }));
        return;
      }
      const reply = REPLIES[id] ?? REPLIES.missing!;
      res.writeHead(reply.status, { 'x-okta-request-id': `req-${id}`, ...reply.headers });
      res.end(reply.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    // v8 does not insist on https for orgUrl (checked in src/client.js), so a local http server works.
    client = new Client({
      orgUrl: `http://127.0.0.1:${port}`,
      token: API_TOKEN,
      authorizationMode: 'SSWS',
      requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
      cacheMiddleware: null,
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const thrownBy = (userId: string) => client.userApi.getUser({ userId }).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as Record<string, unknown>,
  );

  it('sends the SSWS token (so the redaction assertions below mean something)', async () => {
    await thrownBy('missing');
    expect(seen.at(-1)?.headers.authorization).toBe(`SSWS ${API_TOKEN}`);
  });

  it('429 E0000047: OktaApiError, rate limit answered 503 with retryAfter from X-Rate-Limit-Reset vs Date', async () => {
    const err = await thrownBy('rate');
    expect(err.name).toBe('OktaApiError');
    expect(normalizeOktaError(err, { now: 0 })).toMatchObject({
      source: 'okta-sdk',
      code: 'E0000047',
      status: 503,
      category: 'rate_limit',
      retryable: true,
      retryAfter: 20,
      upstreamStatus: 429,
      requestId: 'req-rate',
      errorId: 'oaeRate1',
    });
  });

  it('401 E0000011: the app token is bad, answered 502', async () => {
    const err = await thrownBy('badtoken');
    expect(err.name).toBe('OktaApiError');
    const n = normalizeOktaError(err)!;
    expect(n).toMatchObject({ code: 'E0000011', status: 502, category: 'authentication', upstreamStatus: 401, requestId: 'req-badtoken' });
    expect(JSON.stringify(n)).not.toContain(API_TOKEN);
  });

  it('400 E0000001: validation with causes for the user', async () => {
    const err = await thrownBy('invalid');
    const n = normalizeOktaError(err)!;
    expect(n).toMatchObject({ code: 'E0000001', status: 400, detail: 'API validation failed.', summary: 'Api validation failed: login' });
    expect(n.causes).toEqual(['login: An object with this field already exists in the current organization']);
  });

  it('500 with an HTML body: HttpError, upstream failure answered 502', async () => {
    const err = await thrownBy('html');
    expect(err.name).toBe('HttpError');
    expect(normalizeOktaError(err)).toMatchObject({
      source: 'okta-sdk',
      code: 'upstream_500',
      status: 502,
      retryable: true,
      upstreamStatus: 500,
      requestId: 'req-html',
    });
  });

  it('a query in the request URL never reaches the result', async () => {
    const err = await (async () => {
      try {
        for await (const user of await client.userApi.listUsers({ q: 'secret-person', search: 'profile.email eq "ann@example.com"' })) void user;
      } catch (e) {
        return e as Record<string, unknown>;
      }
      throw new Error('expected a failure');
    })();
    expect(String(err.url)).toContain('secret-person');
    const json = JSON.stringify(normalizeOktaError(err));
    expect(json).not.toContain('secret-person');
    expect(json).not.toContain('ann@example.com');
    expect(json).not.toContain(API_TOKEN);
  });

  it('withOktaRetry retries a 503 from the SDK and then succeeds', async () => {
    const delays: number[] = [];
    const user = await withOktaRetry(() => client.userApi.getUser({ userId: 'flaky' }), {
      sleep: async (ms) => void delays.push(ms),
    });
    expect(user.id).toBe('00uFlaky');
    expect(delays).toEqual([1000]);
  });

  it('withOktaRetry wraps a non-retryable SDK error in UpstreamError', async () => {
    const err = await withOktaRetry(() => client.userApi.getUser({ userId: 'missing' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 404, errorCode: 'E0000007', expose: true, requestId: 'req-missing' });
    expect((err as UpstreamError).cause).toMatchObject({ name: 'OktaApiError' });
  });
});
