import { describe, expect, it } from 'vitest';
import { escapeHtml, html, unsafeRaw } from '../../src/core/html.js';

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
