/** Runs every upstream case against one framework adapter, through real HTTP (supertest). */
import type { Server } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { OktaErrorEvent } from '../../src/core/events.js';
import type { OktaApiErrorHandlerOptions } from '../../src/core/options/index.js';
import { matches } from './run.js';
import { UPSTREAM_CASES, UPSTREAM_SECRETS } from './upstream-cases.js';

/** Builds an app whose `/boom` route throws `error()`, with the upstream handler and a final `app-error` 500. */
export type UpstreamAppFactory = (options: OktaApiErrorHandlerOptions, error: () => unknown) => (req: any, res: any) => void;


/**
 * `errorsOnly`: the framework hands its error handler only `Error`s (Hono: anything else thrown is
 * rethrown past `onError`), so the cases that throw something else are left out. `passedText`: what the
 * app answers for an error passed on (default `app-error`, its own final handler); NestJS has no handler
 * after a global filter that catches everything, so there it is Nest's own default answer.
 */
export function runUpstreamConformance(framework: string, factory: UpstreamAppFactory, { errorsOnly = false, passedText = 'app-error' } = {}): void {
  const cases = UPSTREAM_CASES.filter((c) => !errorsOnly || c.error() instanceof Error);
  describe(`upstream conformance: ${framework}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const events: OktaErrorEvent[] = [];
      const app = factory({ ...c.options, onError: (e) => events.push(e) }, c.error);
      let req = request(app as unknown as Server).get('/boom?email=ann%40example.com');
      for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
      const res = await req;
      const e = c.expect;
      expect(res.status, res.text.slice(0, 300)).toBe(e.status);
      if (e.passed !== undefined) expect(res.text === passedText, res.text.slice(0, 300)).toBe(e.passed);
      if (e.location) expect(res.headers.location).toBe(e.location);
      for (const [name, value] of Object.entries(e.headers ?? {})) {
        if (value === undefined) expect(res.headers[name]).toBeUndefined();
        else expect(matches(res.headers[name], value), `header ${name}: ${res.headers[name]}`).toBe(true);
      }
      if (e.json) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const body = JSON.parse(res.text);
        expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.stringMatching(/^urn:uuid:/) });
        for (const [k, v] of Object.entries(e.json)) expect(matches(body[k], v), `${k} = ${JSON.stringify(body[k])}`).toBe(true);
      }
      if (e.html) expect(res.headers['content-type']).toMatch(/^text\/html/);
      for (const s of e.bodyIncludes ?? []) expect(res.text).toContain(s);
      if (!e.passed) {
        expect(events.filter((ev) => ev.type === 'upstream.error')).toHaveLength(1);
        const everything = `${res.text}\n${JSON.stringify(res.headers)}\n${JSON.stringify(events)}`;
        for (const secret of UPSTREAM_SECRETS) expect(everything).not.toContain(secret);
      }
    });
  });
}
