/**
 * `npm run bench` (or only this part: `npm run bench -- --only rate-limit`): the shared rate limiter.
 *
 * 1. Cluster run: 4 instances (child processes, the built package) × BENCH_RL_CALLS calls, 4 at a time
 *    each, all to one bucket of the fake Okta org (BENCH_RL_LIMIT calls per BENCH_RL_WINDOW s), side by
 *    side in one run: the Okta SDK's DefaultRequestExecutor (its own 429 retries), per-instance
 *    `withOktaRetry` around an SDK without retries, and the SDK with `limiter.requestExecutor()` on one
 *    Redis (Debian's redis-server, started here). For each: 429s Okta sent, calls that failed, the share
 *    of the bucket's allowed calls used in the full windows of the run, p50/p99 latency of a call.
 * 2. The limiter's own cost per call far from the limit: `limiter.fetch` around a fetch that answers at
 *    once (with Okta's headers, 999,999 calls left) vs that fetch alone, in process, for the in-process
 *    store and for Redis through ioredis and node-redis.
 */
import { dist } from './dist.js';
import { performance } from 'node:perf_hooks';
import type * as RateLimit from '../src/rate-limit/index.js';
import { connect, type ClientName } from '../test/rate-limit/clients.js';
import { startFakeOrg, type FakeOrg } from '../test/rate-limit/fake-org.js';
import { startRedis, type RedisServer } from '../test/rate-limit/redis-server.js';
import { startInstance, stopInstance, type Instance } from '../test/rate-limit/spawn-instance.js';
import type { InstanceConfig, InstanceReport } from '../test/rate-limit/instance.js';

const CALLS = Number(process.env.BENCH_RL_CALLS ?? 75);
const LIMIT = Number(process.env.BENCH_RL_LIMIT ?? 50);
const WINDOW = Number(process.env.BENCH_RL_WINDOW ?? 2);
const INSTANCES = 4;
const PARALLEL = 4;
const USER = '00u1ab2cd3EF4GH5IJ6k';

const median = (xs: readonly number[]) => quantile(xs, 0.5);
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface ClusterResult {
  readonly name: string;
  readonly calls: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly rateLimited: number;
  readonly concurrencyLimited: number;
  /** Accepted calls over the full windows of the run, divided by what the bucket allows in them. */
  readonly share: number;
  /** The same, against the limit less the reserve (what the limiter lets itself use). */
  readonly shareOfAllowed: number;
  readonly windows: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

async function cluster(name: string, redis: RedisServer, make: (i: number, okta: FakeOrg) => InstanceConfig, reserve = 0): Promise<ClusterResult> {
  const okta = await startFakeOrg({ defaultBucket: { name: 'users', limit: LIMIT, windowSec: WINDOW }, latencyMs: 5 });
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance(make(i, okta), { fromPackage: true, readyTimeoutMs: 60_000 }));
    process.stdout.write(`${name}: `);
    const started = performance.now();
    const reports: InstanceReport[] = await Promise.all(instances.map((i) => i.go(600_000)));
    const seconds = (performance.now() - started) / 1000;
    const windows = [...okta.stats.windows].sort((a, b) => a.window - b.window);
    const full = windows.length > 2 ? windows.slice(1, -1) : windows;
    const accepted = full.reduce((n, w) => n + w.accepted, 0);
    const latencies = reports.flatMap((r) => r.latencies);
    const failures: Record<string, number> = {};
    for (const r of reports) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    const result: ClusterResult = {
      name,
      calls: INSTANCES * CALLS,
      failed: reports.reduce((n, r) => n + r.failed, 0),
      failures,
      rateLimited: okta.stats.rateLimited,
      concurrencyLimited: okta.stats.concurrencyLimited,
      share: accepted / (full.length * LIMIT),
      shareOfAllowed: accepted / (full.length * (LIMIT - Math.floor(LIMIT * reserve))),
      windows: windows.length,
      seconds,
      p50: median(latencies),
      p99: quantile(latencies, 0.99),
    };
    console.log(`${fmt(seconds, 1)} s, ${result.rateLimited} 429s, ${result.failed} failed, share ${fmt(100 * result.share, 1)} % over ${full.length} full windows`);
    return result;
  } finally {
    await Promise.all(instances.map(stopInstance));
    await okta.close();
    await redis.command('FLUSHALL');
  }
}

export interface CostResult {
  readonly store: string;
  readonly baselineNs: number;
  readonly limitedNs: number;
  readonly costNs: number;
}

/** ns per call of `limiter.fetch` around an instant fetch vs that fetch alone: alternating batches, medians. */
async function cost(store: string, make: () => RateLimit.RateLimitStore | undefined, batches = 15, perBatch = 2000): Promise<CostResult> {
  const { createOktaRateLimiter } = (await import(dist('rate-limit'))) as typeof RateLimit;
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  const body = '{"id":"00u1ab2cd3EF4GH5IJ6k"}';
  const instant = async () =>
    new Response(body, {
      status: 200,
      headers: { 'x-rate-limit-limit': '1000000', 'x-rate-limit-remaining': '999999', 'x-rate-limit-reset': reset, date: new Date().toUTCString(), 'content-type': 'application/json' },
    });
  const s = make();
  const limiter = createOktaRateLimiter({ fetch: instant, ...(s && { store: s }), concurrency: 10_000 });
  const url = `https://acme.okta.com/api/v1/users/${USER}`;
  const run = async (fn: () => Promise<Response>, n: number) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    return Number(process.hrtime.bigint() - t) / n;
  };
  const direct = () => instant();
  const limited = () => limiter.fetch(url);
  await run(direct, perBatch);
  await run(limited, perBatch);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < batches; i++) {
    if (i % 2) {
      b.push(await run(limited, perBatch));
      a.push(await run(direct, perBatch));
    } else {
      a.push(await run(direct, perBatch));
      b.push(await run(limited, perBatch));
    }
  }
  const baselineNs = median(a);
  const limitedNs = median(b);
  return { store, baselineNs, limitedNs, costNs: limitedNs - baselineNs };
}

export interface RateLimitBench {
  readonly cluster: ClusterResult[];
  readonly cost: CostResult[];
}

export async function benchRateLimit(): Promise<RateLimitBench> {
  const redis = await startRedis();
  const connections: { close(): Promise<void> }[] = [];
  try {
    const base = (okta: FakeOrg) => ({ orgUrl: okta.url, path: `/api/v1/users/${USER}`, calls: CALLS, parallel: PARALLEL }) as const;
    const onRedis = (i: number): ClientName => (i % 2 ? 'redis' : 'ioredis');
    const results = [
      await cluster("SDK's DefaultRequestExecutor (per instance)", redis, (_i, okta) => ({ mode: 'sdk-default', ...base(okta) })),
      await cluster('withOktaRetry (per instance)', redis, (_i, okta) => ({ mode: 'with-retry', ...base(okta) })),
      await cluster('shared limiter on Redis, reserve 0', redis, (i, okta) => ({
        mode: 'limiter',
        door: 'sdk',
        ...base(okta),
        redis: { client: onRedis(i), port: redis.port },
        limiter: { reserve: 0, maxWaitMs: 30_000 },
      })),
      await cluster(
        'shared limiter on Redis, reserve 0.1 (default)',
        redis,
        (i, okta) => ({ mode: 'limiter', door: 'sdk', ...base(okta), redis: { client: onRedis(i), port: redis.port }, limiter: { reserve: 0.1, maxWaitMs: 30_000 } }),
        0.1,
      ),
    ];
    console.log('limiter cost per call, far from the limit…');
    const ioredis = await connect('ioredis', redis.port);
    const nodeRedis = await connect('redis', redis.port);
    connections.push(ioredis, nodeRedis);
    const { redisRateLimitStore } = (await import(dist('rate-limit'))) as typeof RateLimit;
    const costs = [
      await cost('in-process (default)', () => undefined),
      await cost('Redis, ioredis', () => redisRateLimitStore(ioredis.client), 9, 500),
      await cost('Redis, node-redis', () => redisRateLimitStore(nodeRedis.client), 9, 500),
    ];
    return { cluster: results, cost: costs };
  } finally {
    for (const c of connections) await c.close();
    await redis.stop();
  }
}

export function printRateLimit(r: RateLimitBench): void {
  console.log(`\nrate limiter, cluster run: ${INSTANCES} instances × ${CALLS} calls (${PARALLEL} at a time each) against one bucket of ${LIMIT} calls per ${WINDOW} s\n`);
  console.log('| executor | 429s from Okta | failed calls | share of the bucket used (full windows) | p50 latency | p99 latency | run time |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of r.cluster) {
    const failures = Object.entries(c.failures).map(([k, v]) => `${v} ${k}`).join(', ');
    const share = c.share === c.shareOfAllowed ? `${fmt(100 * c.share, 1)} %` : `${fmt(100 * c.share, 1)} % (${fmt(100 * c.shareOfAllowed, 1)} % of limit − reserve)`;
    console.log(`| ${c.name} | ${c.rateLimited + c.concurrencyLimited} | ${c.failed}${failures ? ` (${failures})` : ''} | ${share} | ${fmt(c.p50)} ms | ${fmt(c.p99)} ms | ${fmt(c.seconds, 1)} s |`);
  }
  console.log('\nlimiter cost per call far from the limit (limiter.fetch around an instant fetch, sequential calls)\n');
  console.log('| store | fetch alone | through the limiter | cost per call |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const c of r.cost) console.log(`| ${c.store} | ${fmt(c.baselineNs / 1000, 1)} µs | ${fmt(c.limitedNs / 1000, 1)} µs | ${fmt(c.costNs / 1000, 1)} µs |`);
}
