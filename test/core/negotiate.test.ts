import { describe, expect, it } from 'vitest';
import { isNavigation, prefersJson } from '../../src/core/negotiate.js';

describe('prefersJson', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', true],
    ['application/problem+json', true],
    ['text/html', false],
    ['text/html, application/json', false],
    ['application/json, text/html', false],
    ['application/json, text/html;q=0.9', true],
    ['text/html;q=0.5, application/json', true],
    ['application/json;q=0.5, text/html', false],
    ['application/json, */*;q=0.1', true],
    ['application/*', true],
    ['application/json;q=0', false],
    ['application/json;q=abc, text/html;q=0.1', false],
    ['text/*;q=0.2, application/json;q=0.3', true],
    ['text/html;q=0.1, */*', true],
    ['a'.repeat(5000), false],
  ])('%j → %s', (accept, expected) => expect(prefersJson(accept)).toBe(expected));
});

describe('isNavigation', () => {
  it.each([
    [{ secFetchMode: 'navigate' }, true],
    [{ secFetchMode: 'navigate', accept: 'application/json' }, true],
    [{ secFetchMode: 'cors' }, false],
    [{ secFetchMode: 'no-cors' }, false],
    [{}, true],
    [{ accept: 'application/json' }, false],
    [{ xRequestedWith: 'XMLHttpRequest' }, false],
    [{ accept: 'text/html' }, true],
  ])('%j → %s', (hints, expected) => expect(isNavigation(hints)).toBe(expected));
});
