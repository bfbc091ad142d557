/**
 * The built-in page (issue 12, items 2, 3 and 6): a way forward on every page, a notice only when it is
 * given, one timing sentence tied to the button, a reference line that can wrap, and no favicon request.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_STRINGS } from '../../../src/catalog/messages.js';
import { renderPage, type PageContext } from '../../../src/core/render/page.js';

const base: PageContext = {
  code: 'invalid_scope',
  status: 500,
  title: 'Sign-in is not available',
  message: 'Signing in to this app is not working right now.',
  loginUrl: '/login',
  reference: '0b9f6c1e-8a55-4a55-9d2a-3c8f2b1e7d10',
  development: false,
  lang: 'en',
  strings: PAGE_STRINGS,
};
const links = (page: string) => [...page.matchAll(/<a class="(\w+)" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ kind: m[1], href: m[2], label: m[3] }));

describe('renderPage', () => {
  it('a page without an action of its own still links home', () => {
    const page = renderPage({ ...base, home: { label: PAGE_STRINGS.home, href: '/' } });
    expect(links(page)).toEqual([{ kind: 'home', href: '/', label: 'Back to the home page' }]);
  });
  it('the action comes first, then home', () => {
    const page = renderPage({ ...base, action: { label: 'Sign in', href: '/login' }, home: { label: 'Back to Acme', href: '/app/' } });
    expect(links(page)).toEqual([
      { kind: 'action', href: '/login', label: 'Sign in' },
      { kind: 'home', href: '/app/', label: 'Back to Acme' },
    ]);
  });
  it('escapes the home link like everything else', () => {
    const page = renderPage({ ...base, home: { label: '<b>x</b>', href: '/"><script>' } });
    expect(page).toContain('href="/&quot;&gt;&lt;script&gt;"');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
  it('a notice follows the message only when given', () => {
    expect(renderPage({ ...base, notice: 'We have been notified.' })).toContain('<p>Signing in to this app is not working right now. We have been notified.</p>');
    expect(renderPage(base)).not.toMatch(/notified/);
  });
  it('a wait is said once, and the button is described by it', () => {
    const page = renderPage({ ...base, status: 503, retryAfter: 30, action: { label: 'Try again', href: '/login' } });
    expect(page.match(/seconds/g)).toHaveLength(1);
    expect(page).toContain('<p id="wait">Please wait about 30 seconds, then try again.</p>');
    expect(page).toContain('<a class="action" href="/login" aria-describedby="wait">Try again</a>');
    expect(renderPage({ ...base, action: { label: 'Try again', href: '/login' } })).not.toContain('aria-describedby');
  });
  it('the reference line is made of wrapping items (a UUID breaks rather than overflowing at 320 px)', () => {
    const page = renderPage({ ...base, requestId: 'req-abc_123' });
    expect(page).toMatch(/<p class="ref"><span>Reference: <code>[^<]+<\/code><\/span><span class="sep"> · <\/span><span>Error: <code>invalid_scope<\/code><\/span><span class="sep"> · <\/span><span>Okta request: <code>req-abc_123<\/code><\/span><\/p>/);
    expect(page).not.toContain('white-space:nowrap');
    expect(page).toMatch(/\.ref\{[^}]*overflow-wrap:anywhere/);
    // On a narrow screen each item is a line of its own, without separators.
    expect(page).toContain('@media (max-width:30rem){body{padding:.5rem}main{padding:1.25rem}.ref span{display:block}.ref .sep{display:none}}');
  });
  it('asks the browser for no favicon (no 404 in the console)', () => {
    expect(renderPage(base)).toContain('<link rel="icon" href="data:,">');
  });
});
