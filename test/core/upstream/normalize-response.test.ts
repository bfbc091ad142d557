import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_ERROR_BODY_BYTES, normalizeOktaResponse } from '../../../src/core/upstream/normalize.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A body that never ends, counting what was pulled from it and whether it was cancelled. */
function endlessBody(chunkSize = 16 * 1024) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled += chunkSize;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x61));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

describe('normalizeOktaResponse', () => {
  it('returns undefined for a 2xx and leaves the body alone', async () => {
    const res = json(200, { id: '00u1' });
    expect(await normalizeOktaResponse(res)).toBeUndefined();
    expect(res.bodyUsed).toBe(false);
  });

  it('reads an Okta error body', async () => {
    const res = json(
      400,
      { errorCode: 'E0000001', errorSummary: 'Api validation failed: login', errorId: 'oae1', errorCauses: [{ errorSummary: 'login: already exists' }] },
      { 'x-okta-request-id': 'rq1' },
    );
    expect(await normalizeOktaResponse(res)).toMatchObject({
      source: 'fetch',
      code: 'E0000001',
      status: 400,
      causes: ['login: already exists'],
      requestId: 'rq1',
      errorId: 'oae1',
      upstreamStatus: 400,
    });
    expect(res.bodyUsed).toBe(true);
  });

  it('reads an OAuth error body with the call kind', async () => {
    expect(await normalizeOktaResponse(json(400, { error: 'invalid_grant' }), { kind: 'refresh' })).toMatchObject({
      status: 401,
      action: 'session_expired',
    });
  });

  it('treats an HTML body as an upstream failure', async () => {
    const res = new Response('<html><body>502 Bad Gateway</body></html>', { status: 500, headers: { 'content-type': 'text/html' } });
    expect(await normalizeOktaResponse(res)).toMatchObject({ code: 'upstream_500', status: 502, retryable: true });
  });

  it('stops reading past 64 KiB and cancels the stream', async () => {
    const { stream, stats } = endlessBody();
    const res = new Response(stream, { status: 502 });
    const n = await normalizeOktaResponse(res);
    expect(n).toMatchObject({ status: 502, code: 'upstream_502' });
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES + 3 * 16 * 1024);
  });

  it('treats a body truncated by the cap as having no code', async () => {
    const body = JSON.stringify({ errorCode: 'E0000001', errorSummary: 'x'.repeat(MAX_ERROR_BODY_BYTES) });
    expect(await normalizeOktaResponse(new Response(body, { status: 400 }))).toMatchObject({ code: 'upstream_400', status: 502 });
  });

  it('falls back on status and headers when the body was already read', async () => {
    const res = json(429, { errorCode: 'E0000047' }, { 'retry-after': '12' });
    await res.text();
    expect(await normalizeOktaResponse(res)).toMatchObject({ code: 'upstream_429', status: 503, retryAfter: 12 });
  });

  it('never rejects when the body stream errors', async () => {
    const stream = new ReadableStream({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    await expect(normalizeOktaResponse(new Response(stream, { status: 503 }))).resolves.toMatchObject({ status: 503, code: 'upstream_503' });
  });

  it('reads a node-fetch v2 style body (a Node stream)', async () => {
    let destroyed = false;
    const body = Readable.from(
      (function* () {
        yield Buffer.from('{"errorCode":"E0000007",');
        yield Buffer.from('"errorSummary":"Not found: Resource not found: 00u1 (User)"}');
      })(),
    );
    body.on('close', () => (destroyed = true));
    const res = { status: 404, ok: false, bodyUsed: false, body, headers: new Headers(), text: async () => '' };
    expect(await normalizeOktaResponse(res as unknown as Response)).toMatchObject({ code: 'E0000007', status: 404 });
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(8192, 0x61);
      })(),
    );
    endless.on('close', () => (destroyed = true));
    destroyed = false;
    const big = { status: 500, ok: false, bodyUsed: false, body: endless, headers: new Headers(), text: async () => '' };
    expect(await normalizeOktaResponse(big as unknown as Response)).toMatchObject({ status: 502 });
    await new Promise((r) => setImmediate(r));
    expect(destroyed).toBe(true);
  });

  it('passes non-Response input to the synchronous normalizer', async () => {
    expect(await normalizeOktaResponse({ errorCode: 'E0000007' } as never, { status: 404 })).toMatchObject({ status: 404 });
    expect(await normalizeOktaResponse(undefined as never)).toBeUndefined();
  });
});

describe('normalizeOktaResponse over real HTTP', () => {
  let server: Server;
  let base: string;
  let endlessClosed: Promise<void>;

  beforeAll(async () => {
    let markClosed!: () => void;
    endlessClosed = new Promise((r) => (markClosed = r));
    server = createServer((req, res) => {
      if (req.url === '/rate-limited') {
        res.writeHead(429, {
          'content-type': 'application/json',
          date: 'Sun, 03 Mar 2024 21:06:40 GMT',
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': '1709500030',
          'x-okta-request-id': 'real-req-1',
        });
        res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorId: 'oaeRL' }));
        return;
      }
      // An upstream that never stops sending.
      res.writeHead(500, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = () => {
        while (res.write(chunk)) {
          /* fill the socket buffer */
        }
      };
      res.on('drain', pump);
      res.on('close', markClosed);
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a real 429 gives a rate limit measured against the server Date', async () => {
    const n = await normalizeOktaResponse(await fetch(`${base}/rate-limited`));
    expect(n).toMatchObject({ code: 'E0000047', status: 503, retryAfter: 30, requestId: 'real-req-1', errorId: 'oaeRL', source: 'fetch' });
  });

  it('an endless body is cut off and the connection released', async () => {
    const n = await normalizeOktaResponse(await fetch(`${base}/endless`));
    expect(n).toMatchObject({ status: 502, code: 'upstream_500' });
    await endlessClosed;
  });
});

describe('normalizeOktaResponse: bodies and statuses (issue 16)', () => {
  const oktaJson = '{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00u1 (User)"}';
  const like = (over: Record<string, unknown>) => ({ status: 404, ok: false, bodyUsed: false, headers: new Headers(), text: async () => '', ...over }) as unknown as Response;

  it('reads a body that offers only getReader() (a web stream without async iteration)', async () => {
    const stream = new Response(oktaJson).body!;
    const body = { getReader: () => stream.getReader() };
    expect(await normalizeOktaResponse(like({ body }))).toMatchObject({ code: 'E0000007', status: 404, summary: 'Not found: Resource not found: 00u1 (User)' });
  });

  it('cancels a getReader() body it stops reading past the cap', async () => {
    const { stream, stats } = endlessBody();
    const body = { getReader: () => stream.getReader() };
    expect(await normalizeOktaResponse(like({ status: 500, body }))).toMatchObject({ code: 'upstream_500', status: 502 });
    expect(stats.cancelled).toBe(true);
  });

  it('a body that is neither iterable nor a web stream is no text', async () => {
    const n = await normalizeOktaResponse(like({ body: { chunks: [oktaJson] } }));
    expect(n).toMatchObject({ code: 'upstream_404' });
    expect(n).not.toHaveProperty('summary');
  });

  it('does not read a body marked as used, and says nothing it did not read', async () => {
    const n = await normalizeOktaResponse(like({ bodyUsed: true, body: Readable.from([Buffer.from(oktaJson)]) }));
    expect(n).toMatchObject({ code: 'upstream_404', upstreamStatus: 404 });
    expect(n).not.toHaveProperty('summary');
    const used = json(404, JSON.parse(oktaJson));
    await used.text();
    expect(await normalizeOktaResponse(used)).not.toHaveProperty('summary');
  });

  it('a body that throws when touched falls back on the status alone', async () => {
    const hostile = like({ status: 503 });
    Object.defineProperty(hostile, 'bodyUsed', { get: () => { throw new Error('no'); } });
    const n = await normalizeOktaResponse(hostile);
    expect(n).toMatchObject({ code: 'upstream_503', status: 503 });
    expect(n).not.toHaveProperty('summary');
  });

  it('only 200–299 is a success: 300 and a 1xx are read as failures', async () => {
    expect(await normalizeOktaResponse(new Response(null, { status: 299 }))).toBeUndefined();
    expect(await normalizeOktaResponse(new Response(oktaJson, { status: 300 }))).toMatchObject({ code: 'E0000007', upstreamStatus: 300 });
    expect(await normalizeOktaResponse(like({ status: 103, body: Readable.from([Buffer.from(oktaJson)]) }))).toMatchObject({ code: 'E0000007', upstreamStatus: 103 });
  });

  it('gives up on a body that does not arrive within 30 seconds', async () => {
    vi.useFakeTimers();
    try {
      const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
      const pending = normalizeOktaResponse(new Response(stream, { status: 502 }));
      await vi.advanceTimersByTimeAsync(29_999);
      let settled = false;
      void pending.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const n = await pending;
      expect(n).toMatchObject({ code: 'upstream_502', status: 502 });
      expect(n).not.toHaveProperty('summary');
    } finally {
      vi.useRealTimers();
    }
  });
});
