/**
 * One instance of an app calling Okta, as a child process: the multi-instance tests and the benchmark
 * start several, all against one fake org (and one Redis). Run with `node --import tsx`; the
 * configuration comes as JSON in `RL_INSTANCE`; it says `ready` over IPC, runs its calls on `go`, and
 * reports `done` with what happened.
 *
 * Modes:
 * - `limiter`: `createOktaRateLimiter` (Redis store when `redis` is set), through `limiter.fetch` or,
 *   with `door: 'sdk'`, an Okta SDK Client with `limiter.requestExecutor()`;
 * - `sdk-default`: an Okta SDK Client with its DefaultRequestExecutor (its own 429 retries);
 * - `with-retry`: an Okta SDK Client without retries, each call wrapped in `withOktaRetry`.
 *
 * The library comes from `src/` unless `RL_PACKAGE=1`, which imports the built package by name (dist/).
 */
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import type * as RateLimit from '../../src/rate-limit/index.js';
import type * as Core from '../../src/core/index.js';
import { connect, type ClientName } from './clients.js';

export interface InstanceConfig {
  readonly mode: 'limiter' | 'sdk-default' | 'with-retry';
  readonly door?: 'fetch' | 'sdk';
  readonly orgUrl: string;
  /** Path of every call (`?delayMs=` makes them slow). */
  readonly path: string;
  readonly calls: number;
  readonly parallel: number;
  readonly redis?: { readonly client: ClientName; readonly port: number; readonly timeoutMs?: number };
  readonly limiter?: { readonly reserve?: number; readonly maxWaitMs?: number; readonly concurrency?: number; readonly leaseMs?: number };
  readonly prefix?: string;
}

export interface InstanceReport {
  readonly type: 'done';
  readonly ok: number;
  readonly failed: number;
  /** Error kinds of failed calls: `UpstreamError:E0000047`, `OktaApiError:429`, … */
  readonly failures: Record<string, number>;
  /** Duration of each call, ms. */
  readonly latencies: number[];
  /** Count of limiter events by type. */
  readonly events: Record<string, number>;
}

const config = JSON.parse(process.env.RL_INSTANCE ?? '{}') as InstanceConfig;
const fromPackage = process.env.RL_PACKAGE === '1';
const rateLimitModule: string = fromPackage ? 'okta-error-handler/rate-limit' : '../../src/rate-limit/index.js';
const coreModule: string = fromPackage ? 'okta-error-handler/core' : '../../src/core/index.js';
const { createOktaRateLimiter, redisRateLimitStore } = (await import(rateLimitModule)) as typeof RateLimit;
const { withOktaRetry } = (await import(coreModule)) as typeof Core;

const TOKEN = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
const events: Record<string, number> = {};
const send = (message: unknown) => process.send!(message);

let call: () => Promise<void>;
if (config.mode === 'limiter') {
  const store = config.redis
    ? redisRateLimitStore((await connect(config.redis.client, config.redis.port)).client, { prefix: config.prefix ?? 'oeh:rl:', timeoutMs: config.redis.timeoutMs ?? 250 })
    : undefined;
  const limiter = createOktaRateLimiter({
    ...(store && { store }),
    ...config.limiter,
    onEvent: (event) => {
      events[event.type] = (events[event.type] ?? 0) + 1;
      if (event.type === 'ratelimit.store_error') send({ type: 'event', event });
    },
  });
  if (config.door === 'sdk') {
    const client = new Client({ orgUrl: config.orgUrl, token: TOKEN, requestExecutor: limiter.requestExecutor(), cacheMiddleware: null });
    call = async () => void (await client.userApi.getUser({ userId: config.path.split('/').pop()! }));
  } else {
    call = async () => {
      const res = await limiter.fetch(`${config.orgUrl}${config.path}`, { headers: { authorization: `SSWS ${TOKEN}` } });
      await res.arrayBuffer();
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { name: 'HttpStatus', status: res.status });
    };
  }
} else {
  const requestExecutor = config.mode === 'sdk-default' ? new DefaultRequestExecutor() : new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 });
  const client = new Client({ orgUrl: config.orgUrl, token: TOKEN, requestExecutor, cacheMiddleware: null });
  const getUser = () => client.userApi.getUser({ userId: config.path.split('/').pop()! });
  call = config.mode === 'sdk-default' ? async () => void (await getUser()) : async () => void (await withOktaRetry(getUser));
}

const kind = (err: unknown): string => {
  const e = err as { name?: string; errorCode?: string; status?: number };
  return `${e?.name ?? 'Error'}:${e?.errorCode ?? e?.status ?? ''}`;
};

process.on('message', async (message: { type: string }) => {
  if (message.type !== 'go') return;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: config.parallel }, async () => {
      while (next < config.calls) {
        next++;
        const started = performance.now();
        try {
          await call();
          ok++;
        } catch (err) {
          failures[kind(err)] = (failures[kind(err)] ?? 0) + 1;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  const report: InstanceReport = { type: 'done', ok, failed: config.calls - ok, failures, latencies, events };
  send(report);
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
