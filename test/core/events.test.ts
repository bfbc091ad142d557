import { describe, expect, it } from 'vitest';
import { emit, type OktaErrorEvent } from '../../src/core/events.js';

const event: OktaErrorEvent = { type: 'template.error', severity: 'error', errorType: 'template.error', code: 'x', reference: 'r', message: 'm', time: 't' };

describe('emit', () => {
  it('calls the hook with the event', () => {
    const seen: OktaErrorEvent[] = [];
    emit((e) => seen.push(e), event);
    expect(seen).toEqual([event]);
  });
  it('never lets the hook break the response: a throw, a rejected promise, no hook', async () => {
    expect(() => emit(() => { throw new Error('logger down'); }, event)).not.toThrow();
    expect(() => emit((() => Promise.reject(new Error('async logger down'))) as never, event)).not.toThrow();
    expect(() => emit(undefined, event)).not.toThrow();
    await new Promise((r) => setTimeout(r, 10)); // an unhandled rejection would fail the run
  });
});
