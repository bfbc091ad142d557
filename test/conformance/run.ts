/** Runs every conformance case against one framework adapter, through real HTTP (supertest). */
import type { Server } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { OktaErrorEvent } from '../../src/core/events.js';
import type { OktaErrorHandlerOptions } from '../../src/core/options/index.js';
import { CASES, ISSUER, type ConformanceCase } from './cases.js';

/** Builds an app with the interceptor mounted in front of a callback route answering `app:<body json>`. */
export type AppFactory = (options: OktaErrorHandlerOptions<any>) => (req: any, res: any) => void;

/** A RegExp matches strings, an array compares by value, anything else by identity. */
export function matches(actual: unknown, expected: unknown): boolean {
  // A repeated header (Set-Cookie) matches when one of its values does.
  if (expected instanceof RegExp) return typeof actual === 'string' ? expected.test(actual) : Array.isArray(actual) && actual.some((a) => typeof a === 'string' && expected.test(a));
  if (Array.isArray(expected)) return JSON.stringify(actual) === JSON.stringify(expected);
  return actual === expected;
}

/** What an adapter's runtime has: `fileSystem: false` for the Fetch API entry points (no `{ file }` templates). */
export interface AdapterHost {
  readonly fileSystem?: boolean;
  /**
   * `false`: the app registered no form parser (Fastify without @fastify/formbody), so a form body that is
   * not an error response reaches a framework that answers 415 itself, as it would without this package.
   */
  readonly formParser?: boolean;
}

export function runConformance(framework: string, factory: AppFactory, parserFirst = false, host: AdapterHost = {}): void {
  const cases = CASES.filter((c) => !(parserFirst && c.rawBodyOnly));
  describe(`conformance: ${framework}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const events: OktaErrorEvent[] = [];
      if (c.fileSystem && host.fileSystem === false) {
        expect(() => factory({ issuer: ISSUER, ...c.options })).toThrow(/cannot be read here: this entry point runs where there may be no file system/);
        return;
      }
      const app = factory({ issuer: ISSUER, ...c.options, onError: (e) => events.push(e) });
      const method = (c.request.method ?? 'GET').toLowerCase() as 'get' | 'post' | 'head' | 'put';
      let req = request(app as unknown as Server)[method](c.request.path);
      for (const [k, v] of Object.entries(c.request.headers ?? {})) req = req.set(k, v);
      if (c.request.form !== undefined) req = req.set('content-type', c.request.contentType ?? 'application/x-www-form-urlencoded').send(c.request.form);
      const res = await req;
      const e = c.expect;
      if (host.formParser === false && e.passed && c.request.form !== undefined && /^application\/x-www-form-urlencoded/i.test(c.request.contentType ?? 'application/x-www-form-urlencoded')) {
        expect(res.status, 'the framework answers a form it cannot parse').toBe(415);
        expect(events).toEqual([]);
        return;
      }
      expect(res.status, `status (body: ${res.text?.slice(0, 200)})`).toBe(e.status);
      if (e.passed !== undefined) expect(res.text?.startsWith('app:') ?? false).toBe(e.passed);
      if (e.location !== undefined) expect(res.headers.location).toBe(e.location);
      for (const [name, value] of Object.entries(e.headers ?? {})) {
        if (value === undefined) expect(res.headers[name]).toBeUndefined();
        else expect(matches(res.headers[name], value), `header ${name}: ${res.headers[name]}`).toBe(true);
      }
      if (e.contentType) expect(res.headers['content-type']).toMatch(e.contentType);
      for (const s of e.bodyIncludes ?? []) expect(res.text).toContain(s);
      for (const s of e.bodyExcludes ?? []) expect(res.text).not.toContain(s);
      if (e.json) expect(JSON.parse(res.text)).toMatchObject(e.json);
      if (e.setsGuardCookie !== undefined) {
        const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
        expect(cookies.some((v) => v.startsWith('oeh_guard=') && /HttpOnly/.test(v) && /SameSite=Lax/.test(v))).toBe(e.setsGuardCookie);
      }
      if (!e.passed && e.status !== 404 && e.status !== 413 && e.status !== 431) {
        // Every handled error: no caching, no referrer, exactly one event.
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(events.filter((ev) => ev.type === 'callback.error')).toHaveLength(1);
      }
      if (e.templateError !== undefined) expect(events.some((ev) => ev.type === 'template.error')).toBe(e.templateError);
      if (e.event) {
        const event = events.find((ev) => ev.type === 'callback.error')!;
        for (const [k, v] of Object.entries(e.event)) expect(matches((event as unknown as Record<string, unknown>)[k], v), `event.${k} = ${JSON.stringify((event as any)[k])}`).toBe(true);
      }
      for (const ev of events) expect(JSON.stringify(ev)).not.toMatch(/[\r\n]/);
    });
  });
}
