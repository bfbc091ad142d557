/**
 * The scenarios every hostile-input property runs over. A scenario says how to generate a case, how to
 * send it, and what in it the attacker controls; the properties (`properties.test.ts`) are written once
 * against this interface.
 *
 * Extension point: the upstream (Okta API) error handler adds its scenarios to `SCENARIOS` — a generator
 * of upstream failures (E-codes, proxy pages, rate limits, hostile bodies and headers) and a `run` that
 * makes a route of a test app fail with it — and every property then covers it with no other change.
 */
import type fc from 'fast-check';
import { callbackCase, secretPlacement, textValues, toWire, type CallbackCase, type Secret } from './arbitraries.js';
import { GOOD_STATE, send, type Framework, type Observed } from './harness.js';

/** What a property needs from the generator: the whole space, redirect-heavy, or secret-laden cases. */
export type Focus = 'any' | 'redirecting' | 'secrets';

export interface Scenario<C> {
  readonly name: string;
  readonly cases: (framework: Framework, focus: Focus) => fc.Arbitrary<C>;
  readonly run: (c: C) => Promise<Observed>;
  /** Attacker-controlled texts in the case that carry a taint marker (for the echo oracles). */
  readonly tainted: (c: C) => readonly string[];
  /** Secret-looking values in the case. */
  readonly secrets: (c: C) => readonly Secret[];
  /** Values that must never be logged at all, secret-looking or not (`state`). */
  readonly neverLogged: (c: C) => readonly string[];
  /**
   * Where the case may redirect: only to the configured login path, or (when the app's own `loginUrl`
   * builds the target from the request) to any same-origin relative path.
   */
  readonly redirects: (c: C) => 'loginPath' | 'sameOrigin';
  /** A response from the test app's own route (not the library's), which the oracles skip. */
  readonly passedToApp: (o: Observed) => boolean;
}

const callback: Scenario<CallbackCase> = {
  name: 'callback',
  cases: (framework, focus) =>
    callbackCase({
      frameworks: [framework],
      redirecting: focus === 'redirecting',
      ...(focus === 'secrets' && { secrets: secretPlacement, clean: true, profiles: ['production', 'development', 'strict', 'hooks'] }),
    }),
  run: (c) => send(c.key, toWire(c)),
  tainted: (c) => textValues(c).filter((t) => /QZ[A-Za-z0-9]{8}/.test(t)),
  secrets: (c) => c.secrets,
  // Only values that cannot occur in an event by coincidence (`reject` is in `state_rejected`).
  neverLogged: (c) => c.params.flatMap((p) => (p.name === 'state' && p.value && 'text' in p.value && (p.value.text === GOOD_STATE || /QZ[A-Za-z0-9]{8}|[A-Za-z0-9]{16}/.test(p.value.text)) ? [p.value.text] : [])),
  redirects: (c) => (c.key.profile === 'naiveReturnTo' ? 'sameOrigin' : 'loginPath'),
  passedToApp: (o) => o.body.startsWith('app:') || o.body === 'parser' || o.headers['x-app-route'] !== undefined,
};

/** Every scenario the properties cover. Case types differ per scenario, hence `any` here. */
export const SCENARIOS: readonly Scenario<any>[] = [callback];
