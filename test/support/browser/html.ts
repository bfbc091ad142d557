/** HTML forms as the test browser reads them: entities, attributes, forms, auto-submit (form_post) pages. */
import { type FormButton, type FormControl, type FormSelector, type Page, type ParsedForm } from './types.js';


const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Attributes of a start tag's inner text (`<input a="b" c>` → `{ a: 'b', c: '' }`), names lower-cased. */
export function parseAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const inner = tag.replace(/^<\s*[a-z0-9-]+/i, '').replace(/\/?>$/, '');
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** All `<input type="hidden">` name/value pairs in the HTML (later duplicates win). */
export function parseHiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = parseAttributes(m[0]);
    if ((a.type ?? '').toLowerCase() === 'hidden' && a.name) out[a.name] = a.value ?? '';
  }
  return out;
}

function stripTags(html: string): string {
  return decodeHtmlEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** Parse every `<form>` in the HTML. Relative actions are resolved against `baseUrl`. */
export function parseForms(html: string, baseUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form\s*>/gi)) {
    const formHtml = m[0];
    const openTag = /^<form\b[^>]*>/i.exec(formHtml)![0];
    const attrs = parseAttributes(openTag);
    const method = (attrs.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const action = new URL(attrs.action || baseUrl, baseUrl).href;

    const controls: FormControl[] = [];
    const buttons: FormButton[] = [];
    const fields: Record<string, string> = {};

    for (const input of formHtml.matchAll(/<input\b[^>]*>/gi)) {
      const a = parseAttributes(input[0]);
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'image') {
        buttons.push({ ...(a.name ? { name: a.name } : {}), value: a.value ?? '', type, text: a.value ?? '' });
        continue;
      }
      if (!a.name || 'disabled' in a || type === 'button' || type === 'reset' || type === 'file') continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      const value = a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      controls.push({ name: a.name, value, type });
      fields[a.name] = value;
    }

    for (const b of formHtml.matchAll(/<button\b[^>]*>[\s\S]*?<\/button\s*>/gi)) {
      const a = parseAttributes(/^<button\b[^>]*>/i.exec(b[0])![0]);
      const type = (a.type ?? 'submit').toLowerCase();
      if (type !== 'submit' || 'disabled' in a) continue;
      buttons.push({ ...(a.name ? { name: a.name } : {}), value: a.value ?? '', type, text: stripTags(b[0]) });
    }

    for (const s of formHtml.matchAll(/<select\b[^>]*>[\s\S]*?<\/select\s*>/gi)) {
      const a = parseAttributes(/^<select\b[^>]*>/i.exec(s[0])![0]);
      if (!a.name || 'disabled' in a) continue;
      const options = [...s[0].matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => {
        const oa = parseAttributes(`<option ${o[1]}>`);
        return { value: oa.value ?? decodeHtmlEntities(o[2]!).trim(), selected: 'selected' in oa };
      });
      const chosen = options.find((o) => o.selected) ?? options[0];
      if (!chosen) continue;
      controls.push({ name: a.name, value: chosen.value, type: 'select' });
      fields[a.name] = chosen.value;
    }

    for (const t of formHtml.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea\s*>/gi)) {
      const a = parseAttributes(`<textarea ${t[1]}>`);
      if (!a.name || 'disabled' in a) continue;
      const value = decodeHtmlEntities(t[2]!.replace(/^\r?\n/, ''));
      controls.push({ name: a.name, value, type: 'textarea' });
      fields[a.name] = value;
    }

    forms.push({ action, method, ...(attrs.id ? { id: attrs.id } : {}), fields, controls, buttons, html: formHtml });
  }
  return forms;
}

/**
 * The form a page submits by script on load (e.g. oidc-provider's
 * `response_mode=form_post` page: `document.forms[0].submit()`), if any.
 */
export function findAutoSubmitForm(html: string, baseUrl: string): ParsedForm | undefined {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)].map((m) => m[1]!).join('\n');
  if (!/\.submit\(\s*\)/.test(scripts)) return undefined;
  const forms = parseForms(html, baseUrl);
  const byIndex = /document\.forms\[(\d+)\]\.submit\(/.exec(scripts);
  if (byIndex) return forms[Number(byIndex[1])];
  return forms.find((f) => f.method === 'POST') ?? forms[0];
}

function matches(pattern: string | RegExp, ...candidates: Array<string | undefined>): boolean {
  return candidates.some((c) => c !== undefined && (typeof pattern === 'string' ? c === pattern : pattern.test(c)));
}

function actionMatches(pattern: string | RegExp, action: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(action);
  return action === pattern || new URL(action).pathname === pattern || action.endsWith(pattern);
}

/** Find a form (and the button to click) on a page. Throws a descriptive error when nothing matches. */
export function selectForm(page: Pick<Page, 'body' | 'url'>, selector: FormSelector = {}): { form: ParsedForm; button?: FormButton } {
  const forms = parseForms(page.body, page.url);
  const candidates: Array<{ form: ParsedForm; button?: FormButton }> = [];
  for (const form of forms) {
    if (selector.id !== undefined && form.id !== selector.id) continue;
    if (selector.action !== undefined && !actionMatches(selector.action, form.action)) continue;
    if (selector.button !== undefined) {
      const button = form.buttons.find((b) => matches(selector.button!, b.text, b.name, b.value));
      if (!button) continue;
      candidates.push({ form, button });
    } else {
      candidates.push({ form });
    }
  }
  const found = candidates[selector.index ?? 0];
  if (!found) {
    const summary = forms
      .map((f, i) => `  #${i} ${f.method} ${f.action} buttons=[${f.buttons.map((b) => JSON.stringify(b.text || b.value)).join(', ')}]`)
      .join('\n');
    throw new Error(`No form matching ${describeSelector(selector)} on ${page.url}\nForms on the page:\n${summary || '  (none)'}`);
  }
  return found;
}

function describeSelector(s: FormSelector): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof RegExp ? v.toString() : v));
}
