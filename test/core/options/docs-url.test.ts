/** The `docsUrl` option: checked at construction by both handlers of both adapters, resolved to a function. */
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, OEH_INVALID_OPTION } from '../../../src/core/errors.js';
import { DEFAULT_DOCS_URL, resolveOptions } from '../../../src/core/options/index.js';
import { oktaApiErrorHandler, oktaErrorHandler } from '../../../src/express/index.js';
import { oktaApiErrorHandler as koaApiErrorHandler, oktaErrorHandler as koaErrorHandler } from '../../../src/koa/index.js';

const info = { anchor: 'access_denied', type: 'callback.error' } as const;

describe('docsUrl', () => {
  it('defaults to the page shipped in the package, with the anchor appended', () => {
    expect(DEFAULT_DOCS_URL).toBe('node_modules/okta-error-handler/docs/errors.md');
    expect(resolveOptions({}).docsUrl('access_denied', info)).toBe('node_modules/okta-error-handler/docs/errors.md#access_denied');
  });
  it.each([
    ['https://docs.example.com/okta/errors', 'https://docs.example.com/okta/errors#access_denied'],
    ['http://localhost:4000/errors.html', 'http://localhost:4000/errors.html#access_denied'],
    ['https://wiki.example.com/page?id=42', 'https://wiki.example.com/page?id=42#access_denied'],
    ['docs/errors.md', 'docs/errors.md#access_denied'],
    ['/help/sign-in-errors', '/help/sign-in-errors#access_denied'],
    ['./errors.md', './errors.md#access_denied'],
  ])('a base URL %s gets #<anchor>', (base, url) => {
    expect(resolveOptions({ docsUrl: base }).docsUrl('access_denied', info)).toBe(url);
  });
  it('false leaves it out', () => {
    expect(resolveOptions({ docsUrl: false }).docsUrl('access_denied', info)).toBeUndefined();
  });
  it('a function receives the code and { anchor, type }; a result that is not a safe URL, or a throw, leaves it out', () => {
    const seen: unknown[] = [];
    const o = resolveOptions({ docsUrl: (code, i) => (seen.push([code, i]), `https://wiki.example.com/sso/${code}#${i.anchor}`) });
    expect(o.docsUrl('E0000047', { anchor: 'e0000047', type: 'upstream.error' })).toBe('https://wiki.example.com/sso/E0000047#e0000047');
    expect(seen).toEqual([['E0000047', { anchor: 'e0000047', type: 'upstream.error' }]]);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', ' https://x', 'https://x/a b', 'https://x/"onmouseover=', '', 42, null, {}, 'x'.repeat(3000), 'https://x/\u2028']) {
      expect(resolveOptions({ docsUrl: () => bad as never }).docsUrl('x', info), JSON.stringify(bad)).toBeUndefined();
    }
    expect(resolveOptions({ docsUrl: () => undefined }).docsUrl('x', info)).toBeUndefined();
    expect(resolveOptions({ docsUrl: () => { throw new Error('wiki down'); } }).docsUrl('x', info)).toBeUndefined();
  });

  const BAD: unknown[] = [true, 0, '', 'javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>', 'ftp://files.example.com/errors', '//evil.example/errors', 'https://docs.example.com/errors#top', 'docs/errors.md#x', 'https://exa mple.com', 'docs\\errors.md', 'docs/<b>.md', 'https://', 'x'.repeat(2049), 'docs/\u0000errors', ['https://docs.example.com'], { base: 'https://docs.example.com' }, null];
  it.each(BAD.map((v) => [JSON.stringify(v)?.slice(0, 60) ?? String(v), v]))('%s is refused with InvalidOptionError', (_name, value) => {
    let thrown: unknown;
    try {
      resolveOptions({ docsUrl: value as never });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect((thrown as InvalidOptionError).code).toBe(OEH_INVALID_OPTION);
    expect((thrown as InvalidOptionError).option).toBe('docsUrl');
    expect((thrown as Error).message).toMatch(/option "docsUrl" must be an http\(s\) URL or a relative path without "#" .*, or false, got /);
  });
  it.each([
    ['oktaErrorHandler (Express)', oktaErrorHandler],
    ['oktaApiErrorHandler (Express)', oktaApiErrorHandler],
    ['oktaErrorHandler (Koa)', koaErrorHandler],
    ['oktaApiErrorHandler (Koa)', koaApiErrorHandler],
  ] as const)('%s accepts every form and refuses a bad one at construction', (_name, factory) => {
    for (const ok of [undefined, false, 'https://docs.example.com/errors', 'docs/errors.md', () => 'https://x.example/e']) expect(() => (factory as (o: unknown) => unknown)({ docsUrl: ok })).not.toThrow();
    expect(() => (factory as (o: unknown) => unknown)({ docsUrl: 'javascript:alert(1)' })).toThrow(InvalidOptionError);
    expect(() => (factory as (o: unknown) => unknown)({ docsUrl: true })).toThrow(/option "docsUrl"/);
    expect(() => (factory as (o: unknown) => unknown)({ docsURL: 'https://x' })).toThrow(/Did you mean "docsUrl"/);
  });
});
