/**
 * Load and memory: mixed traffic (pass-through, every callback error, hostile input) through Express 5
 * and Koa 3 with autocannon, on loopback only, bounded in count and in time. Asserts no 5xx the catalog
 * does not call for, no socket error, every response's status as expected, and a heap after a forced GC
 * within a small bound of the heap before: nothing is kept per request.
 *
 * The servers run in a child `node --expose-gc` process, so the heap measured is theirs alone.
 *
 * Extension point: `TRAFFIC` is the mix. The upstream (Okta API) handler adds its kinds of failure
 * as more entries, each with the status it must produce.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request as AutocannonRequest } from 'autocannon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK_ERRORS } from '../../src/catalog/oauth.js';
import { UPSTREAM_FAILURES } from './upstream-failures.js';

const CALLBACK = '/authorization-code/callback';
const ISSUER = 'https://example.okta.com/oauth2/default';
const NAV = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Requests per framework in the measured run (two frameworks: twice this in all). */
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 6_000);
const WARMUP = 2_000;
/** Hard time bound per run, whatever the count. */
const RUN_SECONDS = 20;
const CONNECTIONS = 8;
/** Allowed heap growth over the measured run, after a forced GC. */
const HEAP_BOUND_BYTES = 1.5 * 1024 * 1024;

interface Traffic {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The status this request must get: anything else is a failure. */
  readonly status: number;
}

const q = (params: Record<string, string>) => `${CALLBACK}?${new URLSearchParams(params)}`;
const now = () => Math.floor(Date.now() / 1000);

/** Every code of the catalog the provider can send, each as a navigation, a JSON fetch, a form_post and past its limit. */
function callbackTraffic(): Traffic[] {
  const out: Traffic[] = [];
  for (const [code, entry] of Object.entries(CALLBACK_ERRORS)) {
    if (entry.category === 'rejected') continue;
    const redirects = entry.action === 'reprompt' || entry.action === 'retry';
    const params = { error: code, state: 's', iss: ISSUER, error_description: `about ${code}` };
    out.push({ name: `${code} navigation`, method: 'GET', path: q(params), headers: NAV, status: redirects ? 303 : entry.status });
    out.push({ name: `${code} fetch`, method: 'GET', path: q(params), headers: { accept: 'application/json' }, status: entry.status });
    out.push({ name: `${code} form_post`, method: 'POST', path: CALLBACK, headers: { ...NAV, ...FORM }, body: new URLSearchParams(params).toString(), status: redirects ? 303 : entry.status });
    if (redirects) out.push({ name: `${code} past the limit`, method: 'GET', path: q(params), headers: { ...NAV, cookie: `oeh_guard=v1.9.9.${now()}` }, status: entry.status });
  }
  return out;
}

const TRAFFIC: readonly Traffic[] = [
  // Every kind of upstream failure, as an API client and as a browser.
  ...Object.entries(UPSTREAM_FAILURES).flatMap(([kind, f]): Traffic[] => [
    { name: `upstream ${kind}`, method: 'GET', path: `/okta/${kind}`, status: f.status },
    { name: `upstream ${kind} (browser)`, method: 'GET', path: `/okta/${kind}`, headers: NAV, status: f.browserStatus ?? f.status },
  ]),
  // Pass-through: other paths, successful callbacks (GET and form_post).
  { name: 'other path', method: 'GET', path: '/', status: 200 },
  { name: 'other path with error in the query', method: 'GET', path: '/?error=access_denied&state=s', status: 200 },
  { name: 'successful callback', method: 'GET', path: q({ code: 'c0de', state: 's', iss: ISSUER }), headers: NAV, status: 200 },
  { name: 'successful form_post', method: 'POST', path: CALLBACK, headers: FORM, body: `code=c0de&state=s&iss=${encodeURIComponent(ISSUER)}`, status: 200 },
  { name: 'other path', method: 'GET', path: '/', status: 200 },
  // Every callback error.
  ...callbackTraffic(),
  // The interceptor's own rejections and hostile input.
  { name: 'missing state', method: 'GET', path: q({ error: 'login_required' }), headers: NAV, status: 400 },
  { name: 'iss mix-up', method: 'GET', path: q({ error: 'login_required', state: 's', iss: 'https://evil.example' }), headers: NAV, status: 400 },
  { name: 'repeated error', method: 'GET', path: `${CALLBACK}?error=access_denied&error=login_required&state=s`, status: 400 },
  { name: 'invalid percent-encoding', method: 'GET', path: `${CALLBACK}?error=access_denied&state=%E0%A4%A`, status: 400 },
  { name: 'XSS in error_description', method: 'GET', path: q({ error: 'access_denied', state: 's', error_description: '<script>alert(1)</script>\r\nx' }), headers: NAV, status: 403 },
  { name: 'unknown code', method: 'GET', path: q({ error: '<svg/onload=alert(1)>', state: 's' }), headers: NAV, status: 400 },
  { name: '300 parameters', method: 'GET', path: `${CALLBACK}?error=access_denied&state=s&${Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join('&')}`, status: 400 },
  { name: '60 KB form_post description', method: 'POST', path: CALLBACK, headers: FORM, body: `error=access_denied&state=s&error_description=${'d'.repeat(60 * 1024)}`, status: 403 },
];

interface Tally {
  total: number;
  unexpected: Map<string, number>;
  fiveHundreds: number;
}

async function blast(port: number, amount: number, tally: Tally): Promise<autocannon.Result> {
  const requests: AutocannonRequest[] = TRAFFIC.map((t) => ({
    method: t.method,
    path: t.path,
    headers: t.headers ?? {},
    ...(t.body !== undefined && { body: t.body }),
    onResponse: (status: number) => {
      tally.total++;
      if (status >= 500) tally.fiveHundreds++;
      if (status !== t.status) {
        const key = `${t.name}: ${status} (expected ${t.status})`;
        tally.unexpected.set(key, (tally.unexpected.get(key) ?? 0) + 1);
      }
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, amount, timeout: 10, requests }, (err, result) => {
      clearTimeout(bound);
      if (err) reject(err);
      else resolve(result);
    });
    const bound = setTimeout(() => instance.stop(), RUN_SECONDS * 1000);
  });
}

let child: ChildProcess;
let ports: { express: number; koa: number };
const stderr: string[] = [];

function ask<T>(message: { type: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type === message.type) {
        child.off('message', onMessage);
        resolve(m as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.join('')}`)));
    child.send(message);
  });
}

beforeAll(async () => {
  child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready: ${stderr.join('')}`)), 20_000);
    child.once('message', (m: { type: string; ports: typeof ports }) => {
      clearTimeout(timer);
      resolve(m.ports);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.join('')}`)));
  });
}, 30_000);

afterAll(() => {
  if (child?.connected) child.send({ type: 'stop' });
  child?.kill();
});

it(
  'mixed traffic: no 5xx the catalog does not call for, no socket error, no heap growth',
  async () => {
    const expectedFiveHundreds = TRAFFIC.filter((t) => t.status >= 500).length / TRAFFIC.length;
    const warm: Tally = { total: 0, unexpected: new Map(), fiveHundreds: 0 };
    for (const port of [ports.express, ports.koa]) await blast(port, WARMUP, warm);
    const before = await ask<{ heapUsed: number }>({ type: 'heap' });

    const tally: Tally = { total: 0, unexpected: new Map(), fiveHundreds: 0 };
    const results: Record<string, autocannon.Result> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = await blast(port, REQUESTS, tally);
    const after = await ask<{ heapUsed: number; events: number; appErrors: number }>({ type: 'heap' });

    const growth = after.heapUsed - before.heapUsed;
    const summary = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { requests: r.requests.total, rps: Math.round(r.requests.average), errors: r.errors, timeouts: r.timeouts, resets: r.resets, p99ms: r.latency.p99 }]));
    console.log(`[load] ${tally.total} responses; heap ${(before.heapUsed / 1048576).toFixed(2)} → ${(after.heapUsed / 1048576).toFixed(2)} MB (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KB, ${(growth / tally.total).toFixed(1)} B/request)`, summary);

    expect(tally.total).toBeGreaterThanOrEqual(10_000);
    for (const r of Object.values(results)) {
      expect(r.errors, 'socket errors').toBe(0);
      expect(r.timeouts, 'timeouts').toBe(0);
    }
    expect(Object.fromEntries(tally.unexpected), 'responses whose status differs from the expected one').toEqual({});
    expect(after.appErrors, 'errors that reached the framework').toBe(0);
    // The only 5xx are the catalog's own (configuration 500s, transient 503s), in their share of the mix.
    expect(tally.fiveHundreds / tally.total).toBeCloseTo(expectedFiveHundreds, 1);
    expect(growth, `heap grew ${growth} bytes over ${tally.total} requests`).toBeLessThan(HEAP_BOUND_BYTES);
  },
  90_000,
);
