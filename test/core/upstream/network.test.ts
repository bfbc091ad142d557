/** Calls to Okta that got no answer at all: refused connections and timeouts, from real fetch clients. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOktaError } from '../../../src/core/upstream/normalize.js';

let silent: Server;
let silentUrl: string;
let closedUrl: string;

beforeAll(async () => {
  // Accepts connections and never answers: a hung upstream.
  silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  await new Promise((r) => probe.close(r));
});
afterAll(() => {
  silent.closeAllConnections();
  silent.close();
});

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('network failures', () => {
  it('undici fetch to a closed port: 502 network_error, retryable', async () => {
    const n = normalizeOktaError(await thrown(fetch(closedUrl)));
    expect(n).toMatchObject({ status: 502, code: 'network_error', category: 'upstream_failure', retryable: true, source: 'fetch' });
  });

  it('undici fetch timing out (AbortSignal.timeout): 504 upstream_timeout', async () => {
    const n = normalizeOktaError(await thrown(fetch(silentUrl, { signal: AbortSignal.timeout(50) })));
    expect(n).toMatchObject({ status: 504, code: 'upstream_timeout', retryable: true });
  });

  it.each([
    [{ name: 'FetchError', type: 'system', code: 'ECONNREFUSED', message: `request to ${closedUrl} failed, reason: connect ECONNREFUSED` }, 502, 'network_error'],
    [{ name: 'FetchError', type: 'request-timeout', message: `network timeout at: ${silentUrl}` }, 504, 'upstream_timeout'],
    [{ name: 'FetchError', type: 'system', code: 'ETIMEDOUT', message: 'x' }, 504, 'upstream_timeout'],
  ])('node-fetch (the Okta SDK) %j', (shape, status, code) => {
    expect(normalizeOktaError(Object.assign(new Error(shape.message), shape))).toMatchObject({ status, code });
  });

  it('a bare system error is not assumed to be Okta (it may be the database)', () => {
    expect(normalizeOktaError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(normalizeOktaError(new TypeError('x is not a function'))).toBeUndefined();
  });

  it('never keeps the URL query of the failed request', async () => {
    const n = normalizeOktaError(Object.assign(new Error(`request to ${closedUrl}api/v1/users?q=ann%40example.com failed`), { name: 'FetchError', type: 'system' }));
    expect(JSON.stringify(n)).not.toContain('ann');
  });
});
