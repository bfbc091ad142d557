import { describe, expect, it } from 'vitest';
import { isSameOriginPath, toSameOriginPath, withQuery } from '../../../src/core/text/same-origin-path.js';

describe('isSameOriginPath', () => {
  it.each([
    ['/login', true],
    ['/login?returnTo=%2Fa', true],
    ['/a/b#c', true],
    ['//evil.example', false],
    ['/\\evil.example', false],
    ['\\\\evil.example', false],
    ['https://evil.example', false],
    ['javascript:alert(1)', false],
    ['login', false],
    ['', false],
    ['/a\r\nLocation: x', false],
    ['/a b', false],
    ['/\t/evil.example', false],
    [`/${'a'.repeat(3000)}`, false],
    [42, false],
  ])('%j → %s', (value, expected) => expect(isSameOriginPath(value)).toBe(expected));
});

describe('withQuery', () => {
  it.each([
    ['/login', { prompt: 'login' }, '/login?prompt=login'],
    ['/login?a=1', { prompt: 'consent' }, '/login?a=1&prompt=consent'],
    ['/login#x', { prompt: undefined }, '/login'],
  ])('%s', (path, params, expected) => expect(withQuery(path, params)).toBe(expected));
});

describe('toSameOriginPath', () => {
  it.each([
    ['/中文?q=é#h', '/%E4%B8%AD%E6%96%87?q=%C3%A9#h'],
    ['/a/../b', '/a/../b'],
    ['/.//evil.example', undefined],
    ['/a/..//evil.example', undefined],
    ['/%2e//evil.example', undefined],
    ['/\ud800', undefined],
    ['/ok', '/ok'],
    ['/\u00a0x', undefined],
    ['/a\u2028b', undefined],
    ['//evil.example', undefined],
  ])('%j → %j', (value, expected) => {
    expect(toSameOriginPath(value)).toBe(expected);
  });
});

describe('toSameOriginPath: limits and protocol-relative URLs (issue 16)', () => {
  it('takes a path of exactly 2,048 characters and refuses one of 2,049', () => {
    const at = `/${'a'.repeat(2047)}`;
    expect(toSameOriginPath(at)).toBe(at);
    expect(toSameOriginPath(`${at}b`)).toBeUndefined();
  });
  it('never takes a protocol-relative URL, even one that resolves to the checking origin', () => {
    expect(toSameOriginPath('//origin.invalid/a')).toBeUndefined();
    expect(toSameOriginPath('//origin.invalid')).toBeUndefined();
  });
});
