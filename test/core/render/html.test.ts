import { describe, expect, it } from 'vitest';
import { escapeHtml, html, unsafeRaw } from '../../../src/core/render/html.js';

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

describe('escapeHtml, character by character (issue 16)', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    ['`', '&#96;'],
    ['a&b&c', 'a&amp;b&amp;c'],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j', (input, expected) => expect(escapeHtml(input)).toBe(expected));
  it('interpolates numbers and 0, drops only undefined, null and false', () => {
    expect(html`${0}|${1}|${''}|${true}|${undefined}|${null}|${false}`.toString()).toBe('0|1||true|||');
  });
  it('nested arrays of fragments', () => {
    expect(html`${[[html`<i>${'&'}</i>`], '&']}`.toString()).toBe('<i>&amp;</i>&amp;');
  });
});
