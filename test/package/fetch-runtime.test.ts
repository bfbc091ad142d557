/**
 * `okta-error-handler/fetch` runs where Node's built-ins do not exist (Cloudflare Workers, Deno without
 * its Node compatibility, browsers' service workers): its whole import graph is bundled for a neutral
 * platform (a `node:` import fails the build) and run in a V8 context that has only the web globals.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let bundle = '';

beforeAll(async () => {
  const out = await build({ entryPoints: [join(root, 'src/fetch/index.ts')], bundle: true, platform: 'neutral', format: 'iife', globalName: 'oeh', write: false, logLevel: 'silent' });
  bundle = out.outputFiles[0]!.text;
}, 60_000);

/** A context with the web platform's globals and nothing of Node's (no Buffer, process, require, setImmediate). */
function webRuntime() {
  const g = globalThis;
  const context = createContext({
    Request: g.Request, Response: g.Response, Headers: g.Headers, URL: g.URL, URLSearchParams: g.URLSearchParams,
    TextEncoder: g.TextEncoder, TextDecoder: g.TextDecoder, ReadableStream: g.ReadableStream, crypto: g.crypto,
    setTimeout: g.setTimeout, clearTimeout: g.clearTimeout, queueMicrotask: g.queueMicrotask, console: g.console,
  });
  runInContext(bundle, context);
  return context as unknown as { oeh: typeof import('../../src/fetch/index.js'); Buffer?: unknown; process?: unknown };
}

describe('okta-error-handler/fetch without Node', () => {
  it('bundles for a neutral platform: no node: import anywhere in its graph', () => {
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(bundle.length).toBeGreaterThan(10_000);
  });

  it('answers a cancel, a form_post and an upstream failure in a context with only web globals', async () => {
    const runtime = webRuntime();
    expect(runtime.Buffer).toBeUndefined();
    expect(runtime.process).toBeUndefined();
    const { oktaErrorHandler, oktaApiErrorHandler } = runtime.oeh;
    const intercept = oktaErrorHandler({ issuer: 'https://id.example' });
    const nav = { 'sec-fetch-mode': 'navigate', accept: 'text/html' };

    const cancel = await intercept(new Request('https://app.example/authorization-code/callback?error=access_denied&state=s', { headers: nav }));
    expect(cancel?.status).toBe(403);
    expect(cancel?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await cancel?.text()).toContain('<!doctype html>');

    const form = new Request('https://app.example/authorization-code/callback', { method: 'POST', headers: { ...nav, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, body: 'error=login_required&state=s' });
    const reprompt = await intercept(form);
    expect(reprompt?.status).toBe(303);
    expect(reprompt?.headers.get('location')).toBe('/login?prompt=login');
    expect(reprompt?.headers.getSetCookie().some((c) => c.startsWith('__Host-oeh_guard='))).toBe(true);

    const success = new Request('https://app.example/authorization-code/callback', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=abc&state=s' });
    expect(await intercept(success)).toBeUndefined();
    expect(await success.text()).toBe('code=abc&state=s'); // the route can still read it

    expect(() => oktaErrorHandler({ templates: { default: { file: 'page.html' } } })).toThrow(/no file system/);

    const respond = oktaApiErrorHandler({});
    // A failed call to Okta, as a route that used fetch() would throw it.
    const failed = new Response(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorId: 'oae1' }), { status: 429, headers: { 'content-type': 'application/json', 'x-rate-limit-reset': '9999999999' } });
    const limited = await respond(failed, new Request('https://app.example/api/users', { headers: { accept: 'application/json' } }));
    expect(limited?.status).toBe(503); // Okta's rate limit is not the client's fault
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(await limited!.text())).toMatchObject({ status: 503, code: 'upstream_429' });
    expect(await respond(new Error('not ours'), new Request('https://app.example/api'))).toBeUndefined();
  });
});
