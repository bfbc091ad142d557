import { describe, expect, it } from 'vitest';
import { guardCookie, readGuard } from '../../src/core/guard.js';
import { escapeHtml, html, unsafeRaw } from '../../src/core/html.js';
import { isSameOriginPath, withQuery } from '../../src/core/sanitize.js';
import { sanitizeText } from '../../src/core/redact.js';

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

describe('sanitizeText', () => {
  it('strips control characters and caps length', () => {
    expect(sanitizeText('a\r\nb\u0000c\u2028d')).toBe('a b c d');
    expect(sanitizeText('x'.repeat(20), 5)).toBe('xxxx…');
    expect(sanitizeText('token: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).not.toContain('eyJ');
  });
});

describe('withQuery', () => {
  it.each([
    ['/login', { prompt: 'login' }, '/login?prompt=login'],
    ['/login?a=1', { prompt: 'consent' }, '/login?a=1&prompt=consent'],
    ['/login#x', { prompt: undefined }, '/login'],
  ])('%s', (path, params, expected) => expect(withQuery(path, params)).toBe(expected));
});

describe('guard cookie', () => {
  const now = 1_800_000_000;
  const fresh = { reprompts: 0, retries: 0, restarts: 0, since: now };
  it('round-trips', () => {
    const cookie = guardCookie({ reprompts: 1, retries: 2, restarts: 1, since: now - 10 }, now, 600, false);
    expect(cookie).toMatch(/^oeh_guard=v2\.1\.2\.1\.\d+; Max-Age=590; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(readGuard(`a=b; ${cookie.split(';')[0]}`, now, 600)).toEqual({ reprompts: 1, retries: 2, restarts: 1, since: now - 10, sent: true });
  });
  it('reads the v1 format of earlier versions', () => {
    expect(readGuard(`oeh_guard=v1.1.2.${now - 5}`, now, 600)).toEqual({ reprompts: 1, retries: 2, restarts: 0, since: now - 5, sent: true });
  });
  it('is __Host-oeh_guard with SameSite=None; Secure over https (form_post is a cross-site POST)', () => {
    expect(guardCookie({ ...fresh, retries: 1 }, now, 600, true)).toMatch(/^__Host-oeh_guard=v2\.0\.1\.0\.\d+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/);
  });
  it.each([
    [undefined, false],
    ['oeh_guard=garbage', true],
    ['oeh_guard=v1.1.1.99999999999999', true],
    [`oeh_guard=v1.1.1.${now - 600}`, true],
    [`oeh_guard=v1.1.1.${now + 100}`, true],
    [`oeh_guard=v2.1.1.1.${now + 1}`, true],
  ])('%j is a fresh window', (header, sent) => expect(readGuard(header, now, 600)).toEqual({ ...fresh, sent }));
});

describe('html', () => {
  it('escapes every interpolated value', () => {
    const evil = `<img src=x onerror="alert('1')">\``;
    expect(html`<p title="${evil}">${evil}</p>`.toString()).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&#96;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&#96;</p>',
    );
  });
  it('nests fragments and arrays without double escaping, drops nullish', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${undefined}${null}${false}${unsafeRaw('<hr>')}</ul>`.toString()).toBe('<ul><li>&lt;a&gt;</li><li>b</li><hr></ul>');
  });
  it('escapeHtml leaves clean text alone', () => expect(escapeHtml('plain')).toBe('plain'));
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
  ])('%j → %j', async (value, expected) => {
    const { toSameOriginPath } = await import('../../src/core/sanitize.js');
    expect(toSameOriginPath(value)).toBe(expected);
  });
});
