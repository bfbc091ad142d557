/**
 * A local HTTP server that rate-limits like an Okta org, for the limiter's tests and the benchmark.
 *
 * - Buckets: each request falls in the first bucket whose method and pattern match (else the default
 *   one) and counts against that bucket's fixed window (`windowSec`, aligned on the org's clock like
 *   Okta's per-minute windows, only shorter). Past `limit`, the answer is a 429 with an E0000047 body.
 * - Concurrency: past `concurrencyLimit` requests in flight, a 429 whose `X-Rate-Limit-*` headers carry
 *   the concurrency values (limit = the concurrency limit, remaining 0, reset in about a second), as
 *   Okta does.
 * - Every answer has `X-Rate-Limit-Limit/Remaining/Reset`, `Date` (on the org's clock, which may be
 *   skewed against the local one by `skewMs`) and `X-Okta-Request-Id`; 429s are not counted.
 * - `?delayMs=N` holds the answer N ms (slow calls); `GET /__stats` reports what happened (not counted).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBucket {
  readonly name: string;
  readonly method?: string;
  readonly pattern?: RegExp;
  readonly limit: number;
  readonly windowSec: number;
}

export interface FakeOrgOptions {
  readonly buckets?: readonly FakeBucket[];
  /** The bucket of everything else (default 600 per 60 s, like many Okta endpoints). */
  readonly defaultBucket?: Omit<FakeBucket, 'method' | 'pattern'>;
  /** Okta's org-wide concurrency limit (default 75). */
  readonly concurrencyLimit?: number;
  /** Time each answer takes, in ms (default 2). */
  readonly latencyMs?: number;
  /** The org's clock minus the local one, in ms (default 0). */
  readonly skewMs?: number;
  /** Paths answered without rate-limit headers. */
  readonly noHeaders?: RegExp;
}

export interface WindowStats {
  readonly bucket: string;
  readonly window: number;
  accepted: number;
  rejected: number;
}

export interface FakeOrgStats {
  requests: number;
  accepted: number;
  rateLimited: number;
  concurrencyLimited: number;
  maxInFlight: number;
  inFlight: number;
  windows: WindowStats[];
}

export interface FakeOrg {
  readonly url: string;
  readonly server: Server;
  readonly stats: FakeOrgStats;
  /** The org's clock, in ms. */
  now(): number;
  reset(): void;
  close(): Promise<void>;
}

export const E0000047 = {
  errorCode: 'E0000047',
  errorSummary: 'API call exceeded rate limit due to too many requests.',
  errorLink: 'E0000047',
  errorCauses: [],
};

const emptyStats = (): FakeOrgStats => ({ requests: 0, accepted: 0, rateLimited: 0, concurrencyLimited: 0, maxInFlight: 0, inFlight: 0, windows: [] });

export async function startFakeOrg(options: FakeOrgOptions = {}): Promise<FakeOrg> {
  const buckets = options.buckets ?? [];
  const fallback: FakeBucket = { name: 'default', limit: 600, windowSec: 60, ...options.defaultBucket };
  const concurrencyLimit = options.concurrencyLimit ?? 75;
  const latencyMs = options.latencyMs ?? 2;
  const skewMs = options.skewMs ?? 0;
  const now = () => Date.now() + skewMs;
  let stats = emptyStats();
  const counts = new Map<string, WindowStats>();

  const bucketOf = (method: string, path: string): FakeBucket =>
    buckets.find((b) => (b.method === undefined || b.method === method) && (b.pattern === undefined || b.pattern.test(path))) ?? fallback;

  const windowOf = (bucket: FakeBucket, nowMs: number) => {
    const start = Math.floor(nowMs / 1000 / bucket.windowSec) * bucket.windowSec;
    const key = `${bucket.name}@${start}`;
    let w = counts.get(key);
    if (!w) {
      w = { bucket: bucket.name, window: start, accepted: 0, rejected: 0 };
      counts.set(key, w);
      stats.windows.push(w);
    }
    return { stats: w, reset: start + bucket.windowSec };
  };

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      date: new Date(now()).toUTCString(),
      'x-okta-request-id': randomBytes(10).toString('base64url'),
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/__stats') {
      send(res, 200, {}, stats);
      return;
    }
    stats.requests++;
    stats.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stats.inFlight--;
    };
    res.on('close', finish);
    const method = req.method ?? 'GET';
    const t = now();
    if (stats.inFlight > concurrencyLimit) {
      stats.concurrencyLimited++;
      send(
        res,
        429,
        { 'x-rate-limit-limit': String(concurrencyLimit), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(t / 1000) + 1) },
        E0000047,
      );
      return;
    }
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const bucket = bucketOf(method, url.pathname);
    const window = windowOf(bucket, t);
    const rateHeaders = (remaining: number): Record<string, string> =>
      options.noHeaders?.test(url.pathname)
        ? {}
        : { 'x-rate-limit-limit': String(bucket.limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(window.reset) };
    if (window.stats.accepted >= bucket.limit) {
      window.stats.rejected++;
      stats.rateLimited++;
      send(res, 429, rateHeaders(0), E0000047);
      return;
    }
    window.stats.accepted++;
    stats.accepted++;
    const remaining = bucket.limit - window.stats.accepted;
    const delay = Number(url.searchParams.get('delayMs') ?? latencyMs);
    req.resume();
    const id = url.pathname.split('/').pop() ?? 'x';
    const reply = () => send(res, 200, rateHeaders(remaining), { id, status: 'ACTIVE', profile: { login: `${id}@example.com`, email: `${id}@example.com` } });
    if (delay > 0) setTimeout(reply, delay).unref();
    else reply();
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    get stats() {
      return stats;
    },
    now,
    reset() {
      stats = emptyStats();
      counts.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The stats of a fake org running in another process. */
export async function fetchStats(url: string): Promise<FakeOrgStats> {
  return (await (await fetch(`${url}/__stats`)).json()) as FakeOrgStats;
}
