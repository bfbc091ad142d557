import { describe, expect, it } from 'vitest';
import { PAGE_STRINGS } from '../../../src/catalog/messages.js';
import { compileFileTemplate } from '../../../src/core/render/file-template.js';

const ctx = { code: 'c', status: 400, title: '"<T>"', message: "it's & ok", loginUrl: '/login', reference: 'r', development: false, lang: 'en', strings: PAGE_STRINGS, action: { label: 'Go', href: '/login?a=1&b=2' } };

describe('compileFileTemplate', () => {
  it('escapes every value for text and quoted attributes; unknown and object paths are empty', () => {
    const render = compileFileTemplate('<p title="{{ title }}">{{message}}</p><a href="{{action.href}}">{{action.label}}</a>{{strings}}{{nope}}{{action.nope}}<b>{{status}}</b>');
    expect(render(ctx)).toBe('<p title="&quot;&lt;T&gt;&quot;">it&#39;s &amp; ok</p><a href="/login?a=1&amp;b=2">Go</a><b>400</b>');
  });
  it.each([
    ['<div class={{code}}>', /unquoted value/],
    ['<img alt=x {{code}}>', /inside a tag/],
    ['<{{code}}>', /is a tag name/],
    ['</{{code}}>', /is a tag name/],
    ['< {{code}}>', undefined],
    ['<a href="{{message}}">', /URL attribute "href"/],
    ['<a href=" {{action.href}} ">', undefined],
    ['<form action="{{loginUrl}}?x">', /URL attribute "action"/],
    ['<img srcset="{{action.href}} 2x">', /URL attribute "srcset"/],
    ['<p onmouseover="{{title}}">', /event handler attribute "onmouseover"/],
    ['<p style="x:{{title}}">', /"style" attribute/],
    ['<iframe srcdoc="{{title}}">', /"srcdoc"|inside <iframe>/],
    ['<script>{{title}}</script>', /inside <script>/],
    ['<STYLE>{{title}}</STYLE>', /inside <style>/],
    ['<noscript>{{title}}</noscript>', /inside <noscript>/],
    ['<meta http-equiv="refresh" content="{{loginUrl}}">', /<meta content>/],
  ])('%s is refused, or is text', (source, problem) => {
    if (problem) expect(() => compileFileTemplate(source, 'templates.x.file')).toThrow(problem);
    else expect(() => compileFileTemplate(source)).not.toThrow();
  });
  it('names the line of the placeholder', () => {
    expect(() => compileFileTemplate('<p>\n\n<script>{{title}}</script>', 'templates.x.file')).toThrow(/"templates.x.file" has a placeholder \{\{title\}\} \(line 3\)/);
  });
  it.each([
    '<a href="{{action.href}}">{{action.label}}</a>',
    "<a href='{{loginUrl}}'>x</a>",
    '<!-- {{title}} --><title>{{title}}</title><textarea>{{message}}</textarea>',
    '<p data-x="{{code}}" title=\'{{title}}\'>{{message}}</p>',
    '<script src="/x.js"></script><p>{{title}}</p>',
  ])('%s is accepted', (source) => expect(() => compileFileTemplate(source)).not.toThrow());
});

describe('compileFileTemplate: comments end where HTML ends them (issue 16)', () => {
  it.each([
    // Abruptly closed empty comments and `--!>` end the comment: what follows is markup.
    ['<!--><script>{{title}}</script>-->', /inside <script>/],
    ['<!---><script>{{title}}</script>-->', /inside <script>/],
    ['<!-- x --!><script>{{title}}</script>', /inside <script>/],
    ['<!----><p class={{code}}>', /unquoted value/],
    // Inside a comment, markup is text; a comment without its end runs to the end of the file.
    ['<!-- <script> -->{{title}}', undefined],
    ['<!-- a long comment <script> -->{{title}}', undefined],
    ['<!-- a -- > b <script>{{title}}</script> -->', undefined],
    ['<p>{{title}}</p><!-- <script>{{title}}', undefined],
  ])('%s', (source, problem) => {
    if (problem) expect(() => compileFileTemplate(source)).toThrow(problem);
    else expect(() => compileFileTemplate(source)).not.toThrow();
  });
});

describe('compileFileTemplate: the tokenizer (issue 16)', () => {
  it.each([
    // A `<` that opens no tag is text, even with a tag later on the line.
    ['< {{code}} <b>x</b>', undefined],
    // Self-closing tags and spaces inside tags.
    ['<br/><p>{{title}}</p>', undefined],
    ['<img alt="x" /><p title = "{{title}}">', undefined],
    ['<a href ="{{message}}">', /URL attribute "href"/],
    ['<a href= "{{message}}">', /URL attribute "href"/],
    ['<a\thref\n=\n"{{message}}">', /URL attribute "href"/],
    // An unquoted value runs to whitespace or `>`, quotes included.
    ['<p data=x="{{title}}">', /inside a tag/],
    ['<p data=a"b title="{{title}}">', undefined],
    // A quoted value ends at its own quote: what follows is the tag again.
    ['<p title="a=" {{code}} x="">', /inside a tag/],
    // Unterminated constructs at the end of the file.
    ['<p>{{title}}</p><p title', undefined],
    ['<p>{{title}}</p><p data=x', undefined],
    ['<p>{{title}}</p><img alt="x"', undefined],
    ['<p title="{{title}}', undefined],
    ['<a href="{{message}}', /URL attribute "href"/],
    // Only <meta content> holds a URL; other content attributes and other meta attributes are text.
    ['<p content="{{title}}">', undefined],
    ['<meta name="{{title}}">', undefined],
  ])('%s', (source, problem) => {
    if (problem) expect(() => compileFileTemplate(source)).toThrow(problem);
    else expect(() => compileFileTemplate(source)).not.toThrow();
  });

  it('names the option "templates" by default, and the line of the placeholder', () => {
    expect(() => compileFileTemplate('<script>{{title}}</script>\n<p>\n</p>\n')).toThrow(/option "templates" has a placeholder \{\{title\}\} \(line 1\)/);
  });
});

describe('compileFileTemplate: values (issue 16)', () => {
  const render = compileFileTemplate('[{{a}}][{{b}}][{{c.d}}][{{e.f.g}}][{{s.length}}][{{n}}][{{t}}]');
  it('an absent, undefined or null value, a missing path and a property of a string are all empty', () => {
    expect(render({ a: undefined, b: null, c: null, e: {}, s: 'title', n: 0, t: false } as never)).toBe('[][][][][][0][false]');
  });
  it('inherited properties are not read', () => {
    expect(render(Object.create({ a: 'inherited' }) as never)).toBe('[][][][][][][]');
  });
});
