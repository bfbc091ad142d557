/**
 * Property: re-prompt and retry chains always terminate. A browser that keeps its cookies follows every
 * redirect back through the provider, which answers with an error again each time (the `prompt=none`
 * without a session, the provider that stays down); after at most `limits.reprompts + limits.retries`
 * redirects the interceptor must answer with a page.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPROMPT_OR_RETRY, KNOWN_CODES } from './arbitraries.js';
import { CALLBACK, FRAMEWORKS, GOOD_STATE, ISSUER, isSameOriginRelative, runProperty, runsFor, send, startServers, stopServers, timeoutFor, type AppKey, type Framework, type Profile } from './harness.js';

beforeAll(startServers);
afterAll(stopServers);

/** A cookie jar that honours `Max-Age` as a browser would (times are not advanced: one window). */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  constructor(initial?: string) {
    if (initial) this.#cookies.set(initial.slice(0, initial.indexOf('=')), initial.slice(initial.indexOf('=') + 1));
  }
  store(setCookie: string | string[] | undefined): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const maxAge = attributes.map((a) => /^\s*max-age=(-?\d+)/i.exec(a)?.[1]).find((v) => v !== undefined);
      if (maxAge !== undefined && Number(maxAge) <= 0) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header(): string | undefined {
    return this.#cookies.size === 0 ? undefined : [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface Chain {
  readonly key: AppKey & { readonly limits: { readonly reprompts: number; readonly retries: number } };
  /** What the provider answers on each trip, cycled. */
  readonly codes: readonly string[];
  readonly formPost: readonly boolean[];
  readonly initialCookie?: string | undefined;
}

const now = Math.floor(Date.now() / 1000);

const chain = (framework: Framework): fc.Arbitrary<Chain> =>
  fc.record({
    key: fc.record({
      framework: fc.constant(framework),
      profile: fc.constantFrom<Profile>('production', 'development', 'strict', 'naiveReturnTo', 'hooks'),
      parser: fc.constantFrom<'none' | 'before'>('none', 'before'),
      limits: fc.record({ reprompts: fc.integer({ min: 0, max: 10 }), retries: fc.integer({ min: 0, max: 10 }) }),
    }),
    codes: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...REPROMPT_OR_RETRY) }, { weight: 1, arbitrary: fc.constantFrom(...KNOWN_CODES) }), { minLength: 1, maxLength: 30 }),
    formPost: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    initialCookie: fc.option(
      fc.constantFrom(`oeh_guard=v1.0.0.${now}`, `oeh_guard=v1.0.1.${now - 30}`, `oeh_guard=v1.9.9.${now + 600}`, 'oeh_guard=v1.0.0.1', 'oeh_guard=garbage', `oeh_guard=v1.99.99.${now}`),
      { nil: undefined },
    ),
  });

const runs = Math.ceil(runsFor(0.5) / FRAMEWORKS.length);
/** Longest chain seen, so that a property that never redirects cannot pass vacuously. */
let longest = 0;

for (const framework of FRAMEWORKS) {
  const name = `callback on ${framework}: re-prompt and retry chains terminate within the limits`;
  it(
    name,
    async () => {
      await runProperty(
        name,
        chain(framework),
        async (c) => {
          const jar = new CookieJar(c.initialCookie);
          const bound = c.key.limits.reprompts + c.key.limits.retries;
          let redirects = 0;
          for (let trip = 0; ; trip++) {
            const error = c.codes[trip % c.codes.length]!;
            const form = `error=${error}&state=${GOOD_STATE}&iss=${encodeURIComponent(ISSUER)}`;
            const cookie = jar.header();
            const headers: Record<string, string> = { 'sec-fetch-mode': 'navigate', accept: 'text/html', ...(cookie && { cookie }) };
            const post = c.formPost[trip % c.formPost.length]!;
            const o = await send(
              c.key,
              post
                ? { method: 'POST', path: CALLBACK, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form) }
                : { method: 'GET', path: `${CALLBACK}?${form}`, headers },
            );
            jar.store(o.headers['set-cookie']);
            if (o.status !== 303) break;
            redirects++;
            longest = Math.max(longest, redirects);
            expect(isSameOriginRelative(String(o.headers.location)), `Location ${o.headers.location}`).toBe(true);
            expect(redirects, `redirect #${redirects} with limits ${JSON.stringify(c.key.limits)}; cookie ${jar.header()}`).toBeLessThanOrEqual(bound);
          }
        },
        runs,
      );
      expect(longest, 'no chain redirected more than twice: the generator is not reaching the guard').toBeGreaterThan(2);
    },
    timeoutFor(runs, 8),
  );
}
