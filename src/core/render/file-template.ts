/**
 * `{ file }` templates: an HTML file with `{{placeholders}}`. Values are escaped for HTML text and quoted
 * attribute values, and only there: a placeholder anywhere else (an unquoted attribute, a tag or attribute
 * name, inside `<script>` or `<style>`, an event handler or `style` attribute, or a URL attribute other
 * than the built-in action link) is refused when the app starts, because escaping cannot make it safe.
 * @module
 */
import { InvalidOptionError } from '../errors.js';
import { escapeHtml } from './html.js';
import type { PageContext } from './page.js';

/**
 * A function returning the whole HTML document. It must escape what it interpolates.
 * @group Rendering
 */
export type TemplateFunction = (ctx: PageContext) => string | Promise<string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}/g;

/** Placeholders allowed as the whole value of a URL attribute: same-origin paths this library built. */
const LINKS: ReadonlySet<string> = new Set(['action.href', 'home.href', 'loginUrl']);

/** Attributes whose value is a URL (HTML's URL-valued attributes, and SVG's `xlink:href`). */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data', 'cite', 'background', 'xlink:href',
  'ping', 'manifest', 'codebase', 'lowsrc', 'dynsrc', 'icon', 'longdesc', 'usemap', 'archive', 'imagesrcset',
]);
/** Elements whose content is not HTML text, where HTML escaping means nothing. */
const RAW_TEXT: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

/** Where in the document a span of the source lies. */
type Place =
  | { readonly kind: 'text' }
  | { readonly kind: 'raw'; readonly element: string }
  | { readonly kind: 'tag' }
  | { readonly kind: 'quoted'; readonly element: string; readonly attribute: string; readonly start: number; readonly end: number };

interface Span {
  readonly start: number;
  readonly end: number;
  readonly place: Place;
}

const NAME_END = /[\s/>=]/;
const COMMENT_END = /--!?>/g;

/**
 * Splits an HTML source into consecutive, non-overlapping spans by place: a small HTML tokenizer, enough
 * to tell text from markup. Comments count as text: `>` is escaped, so a value cannot close one.
 */
function spans(source: string): Span[] {
  const out: Span[] = [];
  const n = source.length;
  const push = (start: number, end: number, place: Place) => {
    if (end > start) out.push({ start, end, place });
  };
  let text = 0;
  let i = 0;
  while (i < n) {
    if (source.startsWith('<!--', i)) {
      // As HTML's tokenizer: `<!-->` and `<!--->` are whole comments, and `--!>` ends one too.
      COMMENT_END.lastIndex = i + 2;
      const close = COMMENT_END.exec(source);
      i = close === null ? n : close.index + close[0].length;
      continue;
    }
    const name = source[i] === '<' ? /^<\/?([A-Za-z][A-Za-z0-9:-]*)/.exec(source.slice(i, i + 64)) : null;
    if (!name) {
      i++;
      continue;
    }
    push(text, i, TEXT);
    const element = name[1]!.toLowerCase();
    const closing = source[i + 1] === '/';
    let tag = i;
    i += name[0].length;
    while (i < n && source[i] !== '>') {
      if (/[\s/]/.test(source[i]!)) {
        i++;
        continue;
      }
      const nameStart = i;
      while (i < n && !NAME_END.test(source[i]!)) i++;
      const attribute = source.slice(nameStart, i).toLowerCase();
      while (i < n && /\s/.test(source[i]!)) i++;
      if (source[i] !== '=') continue;
      i++;
      while (i < n && /\s/.test(source[i]!)) i++;
      const quote = source[i];
      if (quote !== '"' && quote !== "'") {
        while (i < n && !/[\s>]/.test(source[i]!)) i++; // an unquoted value stays part of the tag
        continue;
      }
      const close = source.indexOf(quote, i + 1);
      const end = close === -1 ? n : close;
      push(tag, i + 1, TAG);
      push(i + 1, end, { kind: 'quoted', element, attribute, start: i + 1, end });
      tag = end;
      i = end + 1;
    }
    i = Math.min(n, i + 1);
    push(tag, i, TAG);
    text = i;
    if (!closing && RAW_TEXT.has(element)) {
      const close = source.toLowerCase().indexOf(`</${element}`, i);
      const end = close === -1 ? n : close;
      push(i, end, { kind: 'raw', element });
      i = text = end;
    }
  }
  push(text, n, TEXT);
  return out;
}

const TEXT: Place = { kind: 'text' };
const TAG: Place = { kind: 'tag' };

/** Why a placeholder at `at` is not safe where it is, or `undefined` when it is. */
function problemAt(source: string, place: Place, at: number, length: number, path: string): string | undefined {
  switch (place.kind) {
    case 'text':
      // `<{{x}}>` is a tag whose name the value chooses (`script`): the tokenizer saw text only because
      // the name was not there yet.
      return /<\/?$/.test(source.slice(Math.max(0, at - 2), at)) ? 'is a tag name' : undefined;
    case 'raw':
      return `is inside <${place.element}>, where HTML escaping does not apply`;
    case 'tag':
      return 'is inside a tag but not in a quoted attribute value (an unquoted value, or a tag or attribute name)';
    case 'quoted': {
      const { attribute, element } = place;
      if (attribute.startsWith('on')) return `is in the event handler attribute "${attribute}" (JavaScript)`;
      if (attribute === 'style') return 'is in a "style" attribute (CSS)';
      if (attribute === 'srcdoc') return 'is in a "srcdoc" attribute (a whole HTML document)';
      if (element === 'meta' && attribute === 'content') return 'is in a <meta content> attribute (it can hold a URL)';
      if (URL_ATTRIBUTES.has(attribute)) {
        const whole = source.slice(place.start, place.end).trim() === source.slice(at, at + length);
        if (!whole || !LINKS.has(path)) return `is in the URL attribute "${attribute}": only {{action.href}}, {{home.href}} or {{loginUrl}}, as the whole value, may be there`;
      }
      return undefined;
    }
  }
}

/**
 * Compiles an HTML file template: every `{{path}}` becomes the escaped context value ('' when absent).
 * @throws InvalidOptionError (`option`) when a placeholder sits where escaping cannot make it safe.
 */
export function compileFileTemplate(source: string, option = 'templates'): TemplateFunction {
  const list = spans(source);
  let span = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    // Placeholders come in order: walk the spans once. A placeholder holds no quote or `>`, so it never
    // straddles two spans.
    while (span < list.length - 1 && list[span]!.end <= match.index) span++;
    const problem = problemAt(source, list[span]?.place ?? TEXT, match.index, match[0].length, match[1]!);
    if (problem) {
      const line = source.slice(0, match.index).split('\n').length;
      throw new InvalidOptionError(option, `has a placeholder ${match[0]} (line ${line}) that ${problem}. Values are escaped for HTML text and quoted attribute values only.`);
    }
  }
  return (ctx) => source.replace(PLACEHOLDER, (_, path: string) => lookup(ctx, path));
}

function lookup(ctx: unknown, path: string): string {
  let value: unknown = ctx;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return '';
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null || typeof value === 'object' ? '' : escapeHtml(String(value));
}
