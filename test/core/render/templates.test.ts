import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_STRINGS } from '../../../src/catalog/messages.js';
import type { OktaErrorEvent } from '../../../src/core/events.js';
import type { PageContext } from '../../../src/core/render/page.js';
import { compileTemplates, renderTemplate, TEMPLATE_TIMEOUT_MS } from '../../../src/core/render/templates.js';
import { NODE_HOST } from '../../../src/node/host.js';

const readFile = NODE_HOST.readFile!;

const ctx: PageContext = { code: 'access_denied', status: 403, title: 'Access <denied>', message: 'No.', loginUrl: '/login', reference: 'ref-1', development: false, lang: 'en', strings: PAGE_STRINGS, action: { label: 'Try again', href: '/login?x=1&y=2' } };
const dir = mkdtempSync(join(tmpdir(), 'oeh-templates-unit-'));

describe('compileTemplates', () => {
  it('takes a function, { view } and { file }, per code or default', async () => {
    const file = join(dir, 'page.html');
    writeFileSync(file, '<h1>{{title}}</h1><a href="{{action.href}}">{{action.label}}</a>{{nope.deeper}}');
    const t = compileTemplates({ access_denied: (c: PageContext) => `fn:${c.code}`, default: { file }, login_required: { view: 'errors/login' } }, readFile);
    expect(await t.access_denied!(ctx, undefined)).toBe('fn:access_denied');
    expect(await t.default!(ctx, undefined)).toBe('<h1>Access &lt;denied&gt;</h1><a href="/login?x=1&amp;y=2">Try again</a>');
    expect(await t.login_required!(ctx, (view, locals) => `view:${view}:${locals.code}`)).toBe('view:errors/login:access_denied');
    await expect(async () => t.login_required!(ctx, undefined)).rejects.toThrow(/no view renderer/);
  });
  it.each([
    ['a string', { access_denied: '<html>' }, /"templates.access_denied" must be a function/],
    ['an array', [], /"templates" must be an object keyed by error code/],
    ['two keys', { default: { view: 'a', file: 'b' } }, /"templates.default" must be a function/],
    ['an empty view', { default: { view: '' } }, /"templates.default"/],
    ['a missing file', { default: { file: join(dir, 'missing.html') } }, /"templates.default.file" cannot be read: Error: ENOENT/],
  ])('refuses %s at start-up', (_name, value, message) => {
    expect(() => compileTemplates(value, readFile)).toThrow(message);
  });
  it('without a file reader (the Fetch API entry points), a { file } template is refused at start-up, saying what to do', () => {
    const file = join(dir, 'exists.html');
    writeFileSync(file, '<h1>{{title}}</h1>');
    expect(() => compileTemplates({ default: { file } })).toThrow(/"templates.default.file" cannot be read here: this entry point runs where there may be no file system \(Fetch API runtimes\)\. Read the file at start-up and pass a function template/);
  });
  it('nothing is no templates', () => expect(compileTemplates(undefined)).toEqual({}));
});

describe('renderTemplate', () => {
  afterEach(() => vi.useRealTimers());
  const events: OktaErrorEvent[] = [];
  const onError = (e: OktaErrorEvent) => void events.push(e);

  it('the code\'s template, else default, else the built-in page', async () => {
    const templates = compileTemplates({ access_denied: () => 'mine', default: () => 'any' });
    expect(await renderTemplate(ctx, templates, undefined, onError)).toBe('mine');
    expect(await renderTemplate({ ...ctx, code: 'other' }, templates, undefined, onError)).toBe('any');
    expect(await renderTemplate(ctx, {}, undefined, onError)).toMatch(/^<!doctype html>[\s\S]*<h1>Access &lt;denied&gt;<\/h1>/);
  });

  it.each([
    ['throws', () => { throw new Error('bug'); }, 'Error: bug'],
    ['returns a number', () => 42, 'TypeError: template returned number, expected a string'],
    ['rejects with something unprintable', () => Promise.reject(Object.create(null)), 'an unprintable object'],
  ])('falls back to the built-in page when the template %s, and reports it', async (_name, template, message) => {
    events.length = 0;
    const out = await renderTemplate(ctx, compileTemplates({ default: template as never }), undefined, onError);
    expect(out).toContain('<h1>Access &lt;denied&gt;</h1>');
    expect(events).toEqual([expect.objectContaining({ type: 'template.error', code: 'access_denied', reference: 'ref-1', message })]);
  });

  it(`gives a template ${TEMPLATE_TIMEOUT_MS} ms, then falls back`, async () => {
    vi.useFakeTimers();
    events.length = 0;
    const pending = renderTemplate(ctx, compileTemplates({ default: () => new Promise<string>(() => {}) }), undefined, onError);
    await vi.advanceTimersByTimeAsync(TEMPLATE_TIMEOUT_MS);
    expect(await pending).toContain('<h1>Access &lt;denied&gt;</h1>');
    expect(events[0]).toMatchObject({ message: `Error: template did not settle within ${TEMPLATE_TIMEOUT_MS} ms` });
  });
});
