/**
 * `npm run bench`: what the interceptor costs, as ratios measured in the same run (not part of `npm test`).
 *
 * 1. pass-through: req/s of an app with `oktaErrorHandler()` mounted vs the same app without it (Express, Koa);
 * 2. callback error page: req/s of the rendered `access_denied` page vs `res.send` of the same bytes;
 * 3. `normalizeOktaError` on a typical E0000047 body vs `JSON.parse` of that body (when exported);
 * 4. import time of the package entry points;
 * 5. the shared rate limiter (bench/rate-limit.ts): a cluster run against a fake Okta org, and its cost per call.
 *
 * `--only rate-limit` (or BENCH_ONLY=rate-limit) runs part 5 alone.
 * HTTP benchmarks use autocannon against servers on 127.0.0.1, each server in its own process; baseline
 * and candidate rounds alternate (ABBA…) and the ratio is the median of the per-round ratios (robust to
 * drift from other load on the machine); an A/A row (the same app in two processes) shows the noise floor.
 * In-process timings of the interceptor itself complete the picture. Tunables: BENCH_ROUNDS (10), BENCH_SECONDS (1), BENCH_CONNECTIONS (10). `--build` rebuilds dist/ first (it is built when missing).
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import autocannon from 'autocannon';
import { dist } from './dist.js';
import { benchRateLimit, printRateLimit } from './rate-limit.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CALLBACK = '/authorization-code/callback';
const ONLY = process.env.BENCH_ONLY ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------------
// Build

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureBuild(): void {
  const dist = path.join(ROOT, 'dist', 'index.js');
  if (process.argv.includes('--build') || !existsSync(dist)) {
    console.log('building dist/ (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  } else if (newestMtime(path.join(ROOT, 'src')) > statSync(dist).mtimeMs) {
    console.warn('warning: dist/ is older than src/; run `npm run bench -- --build` to measure the current source.');
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP

interface Server {
  readonly port: number;
  readonly child: ChildProcess;
}

async function startServer(kind: string, env: Record<string, string> = {}): Promise<Server> {
  const child = fork(path.join(ROOT, 'bench', 'server.ts'), [kind], { cwd: ROOT, execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { port, child };
}

interface Target {
  readonly label: string;
  readonly server: Server;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
}

function serverCpu(server: Server): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { type: string; micros: number }) => {
      if (m.type !== 'cpu') return;
      server.child.off('message', on);
      resolve(m.micros);
    };
    server.child.on('message', on);
    server.child.send({ type: 'cpu' });
  });
}

interface Sample {
  readonly rps: number;
  /** Server CPU time per request, µs. */
  readonly cpu: number;
}

async function load(target: Target, seconds: number): Promise<Sample> {
  const cpuBefore = await serverCpu(target.server);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.server.port}${target.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: target.headers ?? {},
  });
  const wrong = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== target.status);
  if (result.errors || result.timeouts || wrong.length) {
    throw new Error(`${target.label}: errors ${result.errors}, timeouts ${result.timeouts}, unexpected statuses ${JSON.stringify(wrong)}`);
  }
  const cpu = (await serverCpu(target.server)) - cpuBefore;
  return { rps: result.requests.total / (result.duration || seconds), cpu: cpu / result.requests.total };
}

interface Comparison {
  readonly name: string;
  readonly baseline: number;
  readonly candidate: number;
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  /** Server CPU µs per request (medians) and their ratio baseline/candidate: the req/s ratio at CPU saturation. */
  readonly baselineCpu: number;
  readonly candidateCpu: number;
  readonly cpuRatio: number;
  readonly target: string;
  readonly met: boolean;
}

/** Alternates baseline and candidate rounds (ABBA…) after a warm-up of each; the median of the paired ratios. */
async function compare(name: string, baseline: Target, candidate: Target, minRatio: number): Promise<Comparison> {
  process.stdout.write(`${name}: warm-up…`);
  await load(baseline, 2);
  await load(candidate, 2);
  const b: Sample[] = [];
  const c: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ([baseline, candidate] as const) : ([candidate, baseline] as const);
    for (const t of order) (t === baseline ? b : c).push(await load(t, SECONDS));
    process.stdout.write('.');
  }
  const roundRatios = c.map((x, i) => x.rps / b[i]!.rps);
  const ratio = median(roundRatios);
  const baselineCpu = median(b.map((x) => x.cpu));
  const candidateCpu = median(c.map((x) => x.cpu));
  const result: Comparison = {
    name,
    baseline: median(b.map((x) => x.rps)),
    candidate: median(c.map((x) => x.rps)),
    ratio,
    roundRatios,
    baselineCpu,
    candidateCpu,
    cpuRatio: baselineCpu / candidateCpu,
    target: `≥ ${minRatio.toFixed(2)}`,
    met: ratio >= minRatio,
  };
  console.log(` ${fmt(result.candidate)} vs ${fmt(result.baseline)} req/s, ratio ${ratio.toFixed(3)} (rounds ${roundRatios.map((r) => r.toFixed(2)).join(' ')}); server CPU ${fmt(candidateCpu, 1)} vs ${fmt(baselineCpu, 1)} µs/request, ratio ${result.cpuRatio.toFixed(3)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// normalizeOktaError vs JSON.parse

const E0000047 = JSON.stringify({
  errorCode: 'E0000047',
  errorSummary: 'API call exceeded rate limit due to too many requests.',
  errorLink: 'E0000047',
  errorId: 'oaeHfmOAx1iRLa0H10DeMz5fQ',
  errorCauses: [],
});

/** ns per call of each function, alternating batches, median of batches. */
function microbench(fns: Record<string, () => unknown>, batches = 30, perBatch = 20_000): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  let sink: unknown;
  for (const fn of Object.values(fns)) for (let i = 0; i < perBatch; i++) sink = fn(); // warm-up (JIT)
  for (let batch = 0; batch < batches; batch++) {
    const names = Object.keys(fns);
    if (batch % 2) names.reverse();
    for (const name of names) {
      const fn = fns[name]!;
      const start = process.hrtime.bigint();
      for (let i = 0; i < perBatch; i++) sink = fn();
      samples[name]!.push(Number(process.hrtime.bigint() - start) / perBatch);
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

interface NormalizeResult {
  readonly skipped?: string;
  readonly normalizeNs?: number;
  readonly parseNs?: number;
  readonly objectNs?: number;
  readonly ratio?: number;
  readonly met?: boolean;
}

async function benchNormalize(): Promise<NormalizeResult> {
  const core = (await import(dist('core'))) as Record<string, unknown>; // built by ensureBuild()
  const normalize = core.normalizeOktaError as ((input: unknown, context?: object) => unknown) | undefined;
  if (typeof normalize !== 'function') return { skipped: 'normalizeOktaError is not exported from okta-error-handler/core (src/core/index.ts) yet' };
  const context = { status: 429, headers: { 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 30) } };
  const parsed = JSON.parse(E0000047) as unknown;
  if (!normalize(E0000047, context)) return { skipped: 'normalizeOktaError did not recognise the E0000047 body' };
  const ns = microbench({ normalize: () => normalize(E0000047, context), parse: () => JSON.parse(E0000047), object: () => normalize(parsed, context) });
  const ratio = ns.normalize! / ns.parse!;
  return { normalizeNs: ns.normalize!, parseNs: ns.parse!, objectNs: ns.object!, ratio, met: ratio <= 2 };
}

// ---------------------------------------------------------------------------------------------------
// In process: what the interceptor itself costs per request, free of HTTP and scheduling noise

interface InProcessResult {
  readonly name: string;
  readonly ns: number;
}

async function benchInProcess(): Promise<InProcessResult[]> {
  const { oktaErrorHandler } = (await import(dist('index'))) as typeof import('../src/express/index.js');
  const { interceptCallback, resolveOptions } = (await import(dist('core'))) as typeof import('../src/core/index.js');
  const { oktaErrorHandler: koaHandler } = (await import(dist('koa'))) as typeof import('../src/koa/index.js');
  const express = oktaErrorHandler() as unknown as (req: unknown, res: unknown, next: () => void) => void;
  const koa = koaHandler() as unknown as (ctx: unknown, next: () => Promise<void>) => Promise<void>;
  const req = { path: '/api/user', method: 'GET', url: '/api/user' };
  const ctx = { path: '/api/user', method: 'GET', url: '/api/user' };
  const done = Promise.resolve();
  const noop = () => {};
  const next = () => done;
  const ns = microbench({ express: () => express(req, {}, noop), koa: () => koa(ctx, next) }, 20, 50_000);

  // The page: everything from the raw URL to the response object, per request.
  const options = resolveOptions<unknown>({});
  const source = {
    method: 'GET',
    path: CALLBACK,
    url: `${CALLBACK}?error=access_denied&state=af0ifjsldkj&error_description=User%20is%20not%20assigned%20to%20the%20client%20application.`,
    headers: { accept: NAV.accept, 'sec-fetch-mode': 'navigate' },
    parsedBody: undefined,
    consumed: true,
    stream: (async function* () {})(),
    secure: false,
    req: {},
  };
  const passSource = { ...source, url: `${CALLBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj` };
  const timeAsync = async (fn: () => Promise<unknown>, n: number) => {
    for (let i = 0; i < n; i++) await fn();
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    return Number(process.hrtime.bigint() - start) / n;
  };
  const runs = async (fn: () => Promise<unknown>, n: number) => median([await timeAsync(fn, n), await timeAsync(fn, n), await timeAsync(fn, n)]);
  const page = await runs(() => interceptCallback(source, options), 5_000);
  // The Fetch API adapter on another route: the URL split and the path check, then `undefined`.
  const { oktaErrorHandler: fetchHandler } = (await import(dist('fetch'))) as typeof import('../src/fetch/index.js');
  const intercept = fetchHandler();
  const other = new Request('http://localhost/api/user');
  const fetchPass = await runs(() => intercept(other), 50_000);
  const success = await runs(() => interceptCallback(passSource, options), 20_000);
  return [
    { name: 'Express middleware, other route (path check, next())', ns: ns.express! },
    { name: 'Koa middleware, other route (path check, next())', ns: ns.koa! },
    { name: 'Fetch API handler, other route (URL split, path check, undefined)', ns: fetchPass },
    { name: 'interceptCallback, successful callback (one string scan)', ns: success },
    { name: 'interceptCallback, access_denied page (parse, decide, render)', ns: page },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Import time

interface ImportResult {
  readonly entry: string;
  readonly inProcessMs: number;
  readonly wallMs: number;
}

function timeNode(args: readonly string[]): { wall: number; out: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr}`);
  return { wall, out: r.stdout.trim() };
}

/**
 * In-process: `performance.now()` around the `import()`/`require()` in a fresh node. Wall: the whole
 * `node -e` run minus the same run importing nothing (node's own start-up), medians over alternating runs.
 */
function benchImports(runs = 11): { baselineMs: number; results: ImportResult[] } {
  const empty = path.join(os.tmpdir(), 'okta-error-handler-bench-empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const entries = [
    { entry: 'okta-error-handler (ESM)', code: `const t=performance.now();await import('okta-error-handler');console.log(performance.now()-t)`, module: true },
    { entry: 'okta-error-handler/core (ESM)', code: `const t=performance.now();await import('okta-error-handler/core');console.log(performance.now()-t)`, module: true },
    { entry: 'okta-error-handler/koa (ESM)', code: `const t=performance.now();await import('okta-error-handler/koa');console.log(performance.now()-t)`, module: true },
    { entry: 'okta-error-handler/fetch (ESM)', code: `const t=performance.now();await import('okta-error-handler/fetch');console.log(performance.now()-t)`, module: true },
    { entry: 'okta-error-handler/rate-limit (ESM)', code: `const t=performance.now();await import('okta-error-handler/rate-limit');console.log(performance.now()-t)`, module: true },
    { entry: 'okta-error-handler (CJS require)', code: `const t=performance.now();require('okta-error-handler');console.log(performance.now()-t)`, module: false },
    // References, to read the rows above: the loader's first import() of anything, and node:crypto
    // (which the package imports for randomUUID).
    { entry: 'reference: an empty ES module', code: `const t=performance.now();await import(${JSON.stringify(pathToFileURL(empty).href)});console.log(performance.now()-t)`, module: true },
    { entry: 'reference: node:crypto', code: `const t=performance.now();await import('node:crypto');console.log(performance.now()-t)`, module: true },
  ];
  const baselineCode = `const t=performance.now();console.log(performance.now()-t)`;
  const base: number[] = [];
  const wall: number[][] = entries.map(() => []);
  const inProc: number[][] = entries.map(() => []);
  for (let i = 0; i < runs; i++) {
    base.push(timeNode(['--input-type=module', '-e', baselineCode]).wall);
    entries.forEach((e, j) => {
      const { wall: w, out } = timeNode(e.module ? ['--input-type=module', '-e', e.code] : ['-e', e.code]);
      wall[j]!.push(w);
      inProc[j]!.push(Number(out));
    });
  }
  const baselineMs = median(base);
  return { baselineMs, results: entries.map((e, j) => ({ entry: e.entry, inProcessMs: median(inProc[j]!), wallMs: median(wall[j]!) - baselineMs })) };
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  ensureBuild();
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${cpu}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (ONLY !== undefined && ONLY !== 'rate-limit') throw new Error(`--only ${ONLY}: the only part that runs alone is rate-limit`);
  if (ONLY === 'rate-limit') {
    printRateLimit(await benchRateLimit());
    console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  console.log(`rounds ${ROUNDS} × ${SECONDS} s per side, ${CONNECTIONS} connections, loopback\n`);

  const servers: Server[] = [];
  const start = async (kind: string, env?: Record<string, string>) => {
    const s = await startServer(kind, env);
    servers.push(s);
    return s;
  };
  const comparisons: Comparison[] = [];
  try {
    const [expressBare, expressOeh, koaBare, koaOeh] = [await start('express-bare'), await start('express-oeh'), await start('koa-bare'), await start('koa-oeh')];
    const api = (label: string, server: Server): Target => ({ label, server, path: '/api/user', status: 200 });
    const expressBare2 = await start('express-bare');
    comparisons.push(await compare('A/A control: Express bare vs Express bare', api('express bare', expressBare), api('express bare, second process', expressBare2), 0.98));
    expressBare2.child.kill();
    comparisons.push(await compare('Express pass-through (other route)', api('express bare', expressBare), api('express + oktaErrorHandler', expressOeh), 0.98));
    comparisons.push(await compare('Koa pass-through (other route)', api('koa bare', koaBare), api('koa + oktaErrorHandler', koaOeh), 0.98));
    const success = (label: string, server: Server): Target => ({ label, server, path: `${CALLBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj`, status: 200 });
    comparisons.push(await compare('Express pass-through (successful callback)', success('express bare', expressBare), success('express + oktaErrorHandler', expressOeh), 0.98));

    const pagePath = `${CALLBACK}?error=access_denied&state=af0ifjsldkj&error_description=User%20is%20not%20assigned%20to%20the%20client%20application.`;
    const sample = await fetch(`http://127.0.0.1:${expressOeh.port}${pagePath}`, { headers: NAV });
    const page = await sample.text();
    const sendSame = await start('express-send', { BENCH_PAGE: page, BENCH_STATUS: String(sample.status) });
    comparisons.push(
      await compare(
        'Callback error page (access_denied)',
        { label: 'res.send of the same bytes', server: sendSame, path: pagePath, headers: NAV, status: sample.status },
        { label: 'rendered by oktaErrorHandler', server: expressOeh, path: pagePath, headers: NAV, status: sample.status },
        0.9,
      ),
    );
  } finally {
    for (const s of servers) s.child.kill();
  }

  console.log('\nin-process costs…');
  const inProcess = await benchInProcess();
  console.log('normalizeOktaError…');
  const normalize = await benchNormalize();
  console.log('import time…');
  const imports = benchImports();
  console.log('rate limiter…');
  const rateLimit = await benchRateLimit();

  console.log('\n| benchmark | baseline req/s | candidate req/s | req/s ratio | server CPU µs/request (baseline → candidate) | CPU ratio | target | met (req/s, CPU) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const c of comparisons) {
    const min = Number(c.target.replace(/[^\d.]/g, ''));
    console.log(`| ${c.name} | ${fmt(c.baseline)} | ${fmt(c.candidate)} | ${c.ratio.toFixed(3)} | ${fmt(c.baselineCpu, 1)} → ${fmt(c.candidateCpu, 1)} | ${c.cpuRatio.toFixed(3)} | ${c.target} | ${c.met ? 'yes' : 'no'}, ${c.cpuRatio >= min ? 'yes' : 'no'} |`);
  }
  console.log('\n| benchmark | JSON.parse | normalizeOktaError | ratio | target | met |');
  console.log('| --- | ---: | ---: | ---: | --- | --- |');
  if (normalize.skipped) console.log(`| normalizeOktaError vs JSON.parse (E0000047) | skipped: ${normalize.skipped} | | | ≤ 2× | |`);
  else console.log(`| E0000047 body text (429) | ${fmt(normalize.parseNs!)} ns | ${fmt(normalize.normalizeNs!)} ns (parsed object: ${fmt(normalize.objectNs!)} ns) | ${normalize.ratio!.toFixed(2)}× | ≤ 2× | ${normalize.met ? 'yes' : 'no'} |`);
  // What a whole request costs the bare app's server, in CPU time.
  const expressRequestNs = 1000 * (comparisons.find((c) => c.name.startsWith('Express pass-through (other'))?.baselineCpu ?? NaN);
  const koaRequestNs = 1000 * (comparisons.find((c) => c.name.startsWith('Koa pass-through'))?.baselineCpu ?? NaN);
  console.log(`\nin process (the interceptor alone, against the server CPU time of a whole bare-app request: Express ${fmt(expressRequestNs / 1000, 0)} µs, Koa ${fmt(koaRequestNs / 1000, 0)} µs)\n`);
  console.log('| what | per call | share of a bare request | implied req/s ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of inProcess) {
    const request = r.name.startsWith('Koa') ? koaRequestNs : expressRequestNs;
    console.log(`| ${r.name} | ${r.ns >= 10_000 ? `${fmt(r.ns / 1000, 1)} µs` : `${fmt(r.ns, 0)} ns`} | ${fmt((100 * r.ns) / request, 2)} % | ${(request / (request + r.ns)).toFixed(4)} |`);
  }
  console.log(`\nimport time (node start-up alone: ${fmt(imports.baselineMs, 1)} ms wall)\n`);
  console.log('| entry point | import() in process | wall clock minus node start-up | target | met |');
  console.log('| --- | ---: | ---: | --- | --- |');
  for (const r of imports.results) {
    const verdict = r.entry.startsWith('reference') ? '' : Math.max(r.inProcessMs, r.wallMs) <= 15 ? 'yes' : 'no';
    console.log(`| ${r.entry} | ${fmt(r.inProcessMs, 1)} ms | ${fmt(r.wallMs, 1)} ms | ${verdict ? '≤ 15 ms' : ''} | ${verdict} |`);
  }
  printRateLimit(rateLimit);
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
