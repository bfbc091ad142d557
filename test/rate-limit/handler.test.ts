/**
 * Through the real upstream handler on Express: a call the limiter refuses is answered exactly as an
 * Okta rate limit is (503 problem+json with Retry-After), so an app needs no new
 * error handling for it.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaApiErrorHandler, normalizeOktaResponse, UpstreamError, type OktaErrorEvent } from '../../src/express/index.js';
import { createOktaRateLimiter } from '../../src/rate-limit/index.js';
import { startFakeOrg, type FakeOrg } from './fake-org.js';

const USER = '00u1ab2cd3EF4GH5IJ6k';

describe('a refused call through oktaApiErrorHandler (Express)', () => {
  let okta: FakeOrg;
  beforeAll(async () => {
    okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: 1, windowSec: 60 } });
  });
  afterAll(() => okta.close());

  const app = () => {
    const events: OktaErrorEvent[] = [];
    const limiter = createOktaRateLimiter({ reserve: 0, maxWaitMs: 0 });
    const a = express();
    const answer = async (res: Response, out: express.Response) => {
      if (!res.ok) throw new UpstreamError((await normalizeOktaResponse(res))!);
      out.json(await res.json());
    };
    // Through the limiter, and straight to Okta (its own E0000047 429), side by side.
    a.get('/limited', async (_req, res) => answer(await limiter.fetch(`${okta.url}/api/v1/users/${USER}`), res));
    a.get('/direct', async (_req, res) => answer(await fetch(`${okta.url}/api/v1/users/${USER}`), res));
    a.use(oktaApiErrorHandler({ onError: (e) => void events.push(e) }));
    return { app: a, events };
  };

  it('answers 503 + Retry-After problem+json, as for Okta\'s own E0000047', async () => {
    const { app: a, events } = app();
    expect((await request(a).get('/limited').set('accept', 'application/json')).status).toBe(200); // uses the one call
    const refused = await request(a).get('/limited').set('accept', 'application/json');
    const okta429 = await request(a).get('/direct').set('accept', 'application/json');

    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(61);
    expect(refused.body).toMatchObject({ type: 'urn:okta-error-handler:E0000047', title: 'Service Unavailable', status: 503, code: 'E0000047', retryAfter: Number(refused.headers['retry-after']) });

    // The same answer as Okta's own rate limit: status, headers and problem members (bar the ids of that call).
    expect(okta429.status).toBe(refused.status);
    for (const header of ['content-type', 'cache-control', 'x-content-type-options']) expect(refused.headers[header]).toBe(okta429.headers[header]);
    expect(okta429.headers['retry-after']).toBeDefined();
    const { instance: _a, retryAfter: _b, ...same } = refused.body as Record<string, unknown>;
    const { instance: _c, retryAfter: _d, requestId, ...direct } = okta429.body as Record<string, unknown>;
    expect(same).toEqual(direct);
    expect(requestId).toBeDefined(); // Okta's call has one; the refused call never reached Okta
    expect(events.map((e) => e.type === 'upstream.error' && [e.status, e.code, e.category])).toEqual([
      [503, 'E0000047', 'rate_limit'],
      [503, 'E0000047', 'rate_limit'],
    ]);
  });
});
