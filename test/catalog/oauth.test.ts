import { describe, expect, it } from 'vitest';
import { CALLBACK_ERRORS, lookupCallbackError, lookupWireError, UNKNOWN_CALLBACK_ERROR } from '../../src/catalog/oauth.js';
import { MESSAGES } from '../../src/catalog/messages.js';
import { ENTRA_SUBCODES, refineFromDescription } from '../../src/catalog/entra.js';

describe('callback catalog', () => {
  it.each(Object.entries(CALLBACK_ERRORS))('%s is a complete row', (code, row) => {
    expect(row.status).toBeGreaterThanOrEqual(400);
    expect(row.status).toBeLessThan(600);
    expect(['reprompt', 'retry', 'restart', 'render']).toContain(row.action);
    expect(row.explanation.length).toBeGreaterThan(20);
    if (row.action === 'retry') expect(row.status).toBe(503);
    if (row.category === 'configuration') expect(row.status).toBe(500);
    if (row.category === 'rejected') expect(row.action).toBe('render');
    // Every code has wording: its own row, or its category's.
    expect(Object.hasOwn(MESSAGES, code) || row.category === 'configuration').toBe(true);
  });
  it('falls back for unknown codes, including prototype names', () => {
    expect(lookupCallbackError('nope')).toBe(UNKNOWN_CALLBACK_ERROR);
    expect(lookupCallbackError('__proto__')).toBe(UNKNOWN_CALLBACK_ERROR);
    expect(lookupCallbackError('toString')).toBe(UNKNOWN_CALLBACK_ERROR);
  });
  it.each(Object.entries(ENTRA_SUBCODES))('%s refines to %s, which has a message', (sub, variant) => {
    expect(refineFromDescription(`${sub}: something`)).toBe(variant);
    expect(Object.hasOwn(MESSAGES, variant)).toBe(true);
  });
  it('ignores unknown sub-codes and plain text', () => {
    expect(refineFromDescription('AADSTS99999 x')).toBeUndefined();
    expect(refineFromDescription('nothing here')).toBeUndefined();
    expect(refineFromDescription(undefined)).toBeUndefined();
  });
});

describe('lookupWireError', () => {
  it.each(Object.entries(CALLBACK_ERRORS).filter(([, row]) => 'internal' in row))('%s from a provider is an unknown code', (code) => {
    expect(lookupWireError(code)).toBe(UNKNOWN_CALLBACK_ERROR);
    expect(lookupCallbackError(code)).not.toBe(UNKNOWN_CALLBACK_ERROR);
  });
  it('a provider code is its row', () => expect(lookupWireError('login_required')).toBe(CALLBACK_ERRORS.login_required));
});
