/**
 * Property: re-prompt and retry chains always terminate. A browser that keeps its cookies follows every
 * redirect back through the provider, which answers with an error again each time (the `prompt=none`
 * without a session, the provider that stays down); after at most `limits.reprompts + limits.retries`
 * redirects to the login path the interceptor must answer with a page.
 *
 * The jar behaves as Chromium does for the provider's form_post (a cross-site POST): only `SameSite=None`
 * cookies come along, and only over https (here: behind a proxy that says `X-Forwarded-Proto: https`). A
 * redirect to the callback itself (the form_post continuation) is followed at once as a top-level GET,
 * which carries Lax cookies; each POST may cause at most one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPROMPT_OR_RETRY, KNOWN_CODES } from './arbitraries.js';
import { CALLBACK, FRAMEWORKS, GOOD_STATE, ISSUER, isSameOriginRelative, runProperty, runsFor, send, startServers, stopServers, timeoutFor, type AppKey, type Framework, type Profile } from './harness.js';

beforeAll(startServers);
afterAll(stopServers);

/** A cookie jar that honours `Max-Age` as a browser would (times are not advanced: one window). */
class CookieJar {
  /** name → value and whether it is `SameSite=None` (sent on a cross-site POST). */
  readonly #cookies = new Map<string, { value: string; none: boolean }>();
  constructor(initial?: string) {
    for (const pair of initial?.split('; ') ?? []) this.#cookies.set(pair.slice(0, pair.indexOf('=')), { value: pair.slice(pair.indexOf('=') + 1), none: false });
  }
  store(setCookie: string | string[] | undefined, https: boolean): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const secure = attributes.some((a) => /^\s*secure\s*$/i.test(a));
      if (secure && !https) continue; // a Secure cookie set over http is refused
      const maxAge = attributes.map((a) => /^\s*max-age=(-?\d+)/i.exec(a)?.[1]).find((v) => v !== undefined);
      if (maxAge !== undefined && Number(maxAge) <= 0) this.#cookies.delete(name);
      else this.#cookies.set(name, { value: pair.slice(eq + 1).trim(), none: attributes.some((a) => /^\s*samesite=none\s*$/i.test(a)) });
    }
  }
  header(crossSitePost: boolean): string | undefined {
    const sent = [...this.#cookies].filter(([, c]) => !crossSitePost || c.none);
    return sent.length === 0 ? undefined : sent.map(([k, c]) => `${k}=${c.value}`).join('; ');
  }
}

interface Chain {
  readonly key: AppKey & { readonly limits: { readonly reprompts: number; readonly retries: number } };
  /** What the provider answers on each trip, cycled. */
  readonly codes: readonly string[];
  readonly formPost: readonly boolean[];
  /** Behind a TLS-terminating proxy (`X-Forwarded-Proto: https`), or plain http. */
  readonly https: boolean;
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
    https: fc.boolean(),
    initialCookie: fc.option(
      fc.constantFrom(
        `oeh_guard=v1.0.0.${now}`,
        `oeh_guard=v1.0.1.${now - 30}`,
        `oeh_guard=v1.9.9.${now + 600}`,
        'oeh_guard=v1.0.0.1',
        'oeh_guard=garbage',
        `oeh_guard=v1.99.99.${now}`,
        `oeh_guard=v2.0.0.0.${now}`,
        `oeh_guard=x; oeh_guard=v2.0.0.0.${now}`,
        `oeh_guard=v2.0.0.0.${now + 600}; oeh_guard=v2.0.0.0.${now - 5}`,
        'oeh_probe=1',
      ),
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
          const proxy: Record<string, string> = c.https ? { 'x-forwarded-proto': 'https' } : {};
          let redirects = 0;
          for (let trip = 0; ; trip++) {
            const error = c.codes[trip % c.codes.length]!;
            const form = `error=${error}&state=${GOOD_STATE}&iss=${encodeURIComponent(ISSUER)}`;
            const post = c.formPost[trip % c.formPost.length]!;
            const cookie = jar.header(post);
            const headers: Record<string, string> = { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'cross-site', accept: 'text/html', ...proxy, ...(cookie && { cookie }) };
            let o = await send(
              c.key,
              post
                ? { method: 'POST', path: CALLBACK, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form) }
                : { method: 'GET', path: `${CALLBACK}?${form}`, headers },
            );
            jar.store(o.headers['set-cookie'], c.https);
            const location = String(o.headers.location);
            if (o.status === 303 && location.startsWith(`${CALLBACK}?`)) {
              // The continuation of a form_post: followed at once, a top-level GET with every cookie.
              expect(post, `a continuation after a GET: ${location}`).toBe(true);
              const again = jar.header(false);
              o = await send(c.key, { method: 'GET', path: location, headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'cross-site', accept: 'text/html', ...proxy, ...(again && { cookie: again }) } });
              jar.store(o.headers['set-cookie'], c.https);
              expect(String(o.headers.location).startsWith(`${CALLBACK}?`), 'a continuation of a continuation').toBe(false);
            }
            if (o.status !== 303) break;
            redirects++;
            longest = Math.max(longest, redirects);
            expect(isSameOriginRelative(String(o.headers.location)), `Location ${o.headers.location}`).toBe(true);
            expect(redirects, `redirect #${redirects} with limits ${JSON.stringify(c.key.limits)}; cookie ${jar.header(false)}`).toBeLessThanOrEqual(bound);
          }
        },
        runs,
      );
      expect(longest, 'no chain redirected more than twice: the generator is not reaching the guard').toBeGreaterThan(2);
    },
    timeoutFor(runs, 8),
  );
}
