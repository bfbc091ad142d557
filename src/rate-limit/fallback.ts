/**
 * A shared store that fails never fails a call. When a store operation throws or times out, the
 * limiter switches to its in-process store at once (for that call too), reports the outage once, and
 * checks in the background, once a second, whether the shared store answers again; the first answer
 * ends the outage.
 * @module
 */
import type { AcquireInput, AcquireOutcome, CompleteInput, RateLimitStore } from './store.js';

/** How often a store in outage is pinged, in ms. */
export const STORE_RETRY_MS = 1000;

/** A granted lease, with the store that granted it (its release must go there). */
export interface Lease {
  readonly leaseId: string;
  readonly org: string;
  readonly bucket: string;
  readonly probe: boolean;
  readonly store: RateLimitStore;
}

/** Called once per outage: the store, the bucket of the call that found it, the error. */
export type OutageListener = (info: { readonly store: string; readonly org: string; readonly bucket: string; readonly error: unknown; readonly elapsedMs: number }) => void;

/**
 * The primary store with the in-process fallback. With the in-process store as primary there is no
 * fallback, and this is a pass-through.
 */
export class FallbackStore {
  readonly #primary: RateLimitStore;
  readonly #fallback: RateLimitStore | undefined;
  readonly #onOutage: OutageListener;
  #down = false;
  #checking = false;
  #lastCheck = 0;

  constructor(primary: RateLimitStore, fallback: RateLimitStore | undefined, onOutage: OutageListener) {
    this.#primary = primary;
    this.#fallback = fallback;
    this.#onOutage = onOutage;
  }

  /** Whether the shared store is currently being replaced by the in-process one. */
  get down(): boolean {
    return this.#down;
  }

  #current(): RateLimitStore {
    if (this.#down && this.#fallback) {
      this.#check();
      return this.#fallback;
    }
    return this.#primary;
  }

  #fail(ref: { readonly org: string; readonly bucket: string }, error: unknown, started: number): void {
    if (this.#down) return;
    this.#down = true;
    this.#lastCheck = Date.now();
    this.#onOutage({ store: this.#primary.name, org: ref.org, bucket: ref.bucket, error, elapsedMs: Date.now() - started });
  }

  /** Pings the primary in the background, at most once per {@link STORE_RETRY_MS}. */
  #check(): void {
    if (this.#checking || Date.now() - this.#lastCheck < STORE_RETRY_MS) return;
    this.#checking = true;
    this.#lastCheck = Date.now();
    this.#primary.ping().then(
      () => {
        this.#down = false;
        this.#checking = false;
      },
      () => {
        this.#checking = false;
      },
    );
  }

  async acquire(input: AcquireInput): Promise<{ outcome: AcquireOutcome; store: RateLimitStore }> {
    const store = this.#current();
    if (store === this.#fallback || !this.#fallback) return { outcome: await store.acquire(input), store };
    const started = Date.now();
    try {
      return { outcome: await store.acquire(input), store };
    } catch (err) {
      this.#fail(input, err, started);
      return { outcome: await this.#fallback.acquire(input), store: this.#fallback };
    }
  }

  /**
   * Releases a lease where it was granted and records what was learned. A lease the shared store
   * granted before an outage is left to expire there; what the answer taught goes to the store in use.
   */
  async complete(lease: Lease, learned: CompleteInput['learned']): Promise<void> {
    const input: CompleteInput = { org: lease.org, bucket: lease.bucket, leaseId: lease.leaseId, probe: lease.probe, learned };
    const current = this.#current();
    const target = lease.store === this.#primary && current !== this.#primary ? current : lease.store;
    if (target !== this.#primary || !this.#fallback) return target.complete(input);
    const started = Date.now();
    try {
      await target.complete(input);
    } catch (err) {
      this.#fail(lease, err, started);
      await this.#fallback.complete(input);
    }
  }

  /** Renews leases on the store that granted each; errors are ignored (an unrenewed lease expires). */
  async renew(leases: readonly Lease[], leaseMs: number): Promise<void> {
    const groups = new Map<RateLimitStore, Map<string, Lease[]>>();
    for (const lease of leases) {
      if (lease.store === this.#primary && this.#down) continue;
      const byOrg = groups.get(lease.store) ?? new Map<string, Lease[]>();
      groups.set(lease.store, byOrg);
      byOrg.set(lease.org, [...(byOrg.get(lease.org) ?? []), lease]);
    }
    const pending: Promise<void>[] = [];
    for (const [store, byOrg] of groups) {
      for (const [org, list] of byOrg) pending.push(store.renew(org, list, leaseMs).catch(() => {}));
    }
    await Promise.all(pending);
  }
}
