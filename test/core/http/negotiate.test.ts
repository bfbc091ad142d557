import { describe, expect, it } from 'vitest';
import { clientHints, headerValue, isNavigation, prefersHtml, prefersJson } from '../../../src/core/http/negotiate.js';

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

describe('prefersJson: RFC 9110 ranking (issue 16)', () => {
  it.each([
    // Parameters other than q are not q-values.
    ['application/json; charset=utf-8', true],
    ['application/json;charset=utf-8;q=0.9, text/html;q=0.8', true],
    // The most specific range wins, whatever its q.
    ['*/*, application/json;q=0, application/problem+json;q=0', false],
    ['text/*;q=0.1, text/html, application/json;q=0.5', false],
    ['application/*;q=0.9, application/json;q=0.1, text/html;q=0.5', true],
    // Among equally specific ranges, the highest q.
    ['application/json;q=0.2, application/json;q=0.8, text/html;q=0.5', true],
    ['application/json;q=0.8, application/json;q=0.2, text/html;q=0.5', true],
    // Invalid q-values count as 0; explicit 1 and spaces are read.
    ['application/json;q=2', false],
    ['application/json;q=-1', false],
    ['application/json;q=1, text/html;q=0.9', true],
    ['application/json ; q= 0.5 , text/html ; q = 0.4', true],
    ['APPLICATION/JSON', true],
  ])('%j → %s', (accept, expected) => expect(prefersJson(accept)).toBe(expected));

  it('reads the first 1 KiB of Accept only', () => {
    const padding = 'x/y, '.repeat(204); // 1020 characters
    expect(prefersJson(`${padding}application/json`)).toBe(false); // cut at 1024: "appl"
    expect(prefersJson(`${'x/y, '.repeat(100)}application/json`)).toBe(true);
  });
});

describe('prefersHtml', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['text/html', true],
    ['text/html, application/json', false],
    ['text/html, application/json;q=0.9', true],
    ['application/json', false],
    ['text/*', true],
    ['text/html;q=0, */*', false],
    [`${'x/y, '.repeat(204)}text/html`, false],
  ])('%j → %s', (accept, expected) => expect(prefersHtml(accept)).toBe(expected));
});

describe('isNavigation: other X-Requested-With values', () => {
  it.each([
    [{ xRequestedWith: 'fetch' }, true],
    [{ xRequestedWith: 'xmlhttprequest' }, false],
    [{ xRequestedWith: 'XMLHttpRequest', secFetchMode: 'navigate' }, true],
    [{ secFetchMode: 'NAVIGATE' }, true],
    [{ accept: 'application/json' }, false],
  ])('%j → %s', (hints, expected) => expect(isNavigation(hints)).toBe(expected));
  it('takes a prefersJson answer it is given', () => {
    expect(isNavigation({ accept: 'application/json' }, false)).toBe(true);
    expect(isNavigation({ accept: 'text/html' }, true)).toBe(false);
  });
});

describe('clientHints and headerValue', () => {
  it('reads the three headers, repeated ones joined', () => {
    expect(clientHints({ accept: ['text/html', 'application/json'], 'sec-fetch-mode': 'navigate', 'x-requested-with': 'XMLHttpRequest' })).toEqual({ accept: 'text/html, application/json', secFetchMode: 'navigate', xRequestedWith: 'XMLHttpRequest' });
    expect(headerValue({}, 'accept')).toBeUndefined();
  });
});

describe('negotiation: which ranges count (issue 16)', () => {
  it.each([
    // A range names its type and subtype: `text/json` is not `application/json`, `*/foo` is no wildcard.
    ['text/json', false],
    ['application/json;q=0.5, */foo', true],
    // A more specific range decides even when an earlier, less specific one has a higher q.
    ['*/*, text/*;q=0.1, application/json;q=0.5', true],
  ])('prefersJson(%j) → %s', (accept, expected) => expect(prefersJson(accept)).toBe(expected));

  it.each([
    // text/html;q=0 is "not acceptable": it never outranks a type that is merely absent.
    ['text/html;q=0', false],
    // problem+json counts as JSON for prefersHtml too.
    ['text/html;q=0.5, application/problem+json', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html;q=0.5, image/png', true],
  ])('prefersHtml(%j) → %s', (accept, expected) => expect(prefersHtml(accept)).toBe(expected));
});
