/**
 * App-supplied pages: a function, a view of the app's own engine, or an HTML file with `{{placeholders}}`.
 * Whatever the kind, a template that fails falls back to the built-in page and is reported through
 * `onError`: a user never sees a stack trace because a template had a bug.
 * @module
 */
import { InvalidOptionError } from '../errors.js';
import { assertOption, isRecord } from '../options/checks.js';
import { fixedTelemetry } from '../../catalog/telemetry.js';
import { emit, eventLabels, eventTime, type OktaErrorEvent } from '../events.js';
import type { DocsUrlResolver } from '../options/docs-url.js';
import { compileFileTemplate, type TemplateFunction } from './file-template.js';
import { renderPage, type PageContext } from './page.js';
import { describeThrown } from '../text/redact.js';
import { TIMED_OUT, within } from '../timeout.js';

/** Longest a template may take, in ms: past it the built-in page is sent. */
export const TEMPLATE_TIMEOUT_MS = 5000;

export { compileFileTemplate, type TemplateFunction };

/**
 * A page template:
 * - a function `(ctx) => string | Promise<string>`;
 * - `{ view: 'errors/denied' }`: rendered by the app's view engine (`res.render` in Express, the
 *   `renderView` option in Koa) with the page context as locals;
 * - `{ file: '/abs/path.html' }`: read once at start-up; `{{title}}`, `{{message}}`, `{{action.href}}`
 *   and every other context field are replaced, escaped.
 * @group Rendering
 */
export type PageTemplate = TemplateFunction | { readonly view: string } | { readonly file: string };

/**
 * Renders a view with locals; supplied by the adapter or the `renderView` option.
 * @group Rendering
 */
export type ViewRenderer = (view: string, locals: PageContext) => string | Promise<string>;

/** A template after start-up checks: a function of the context and, for views, a renderer. */
export type CompiledTemplate = (ctx: PageContext, renderView: ViewRenderer | undefined) => string | Promise<string>;

/**
 * Reads a `{ file }` template's text at start-up. The adapters for Node give one (`node:fs`); the pure
 * core has none, so that it runs where there is no file system (Fetch API runtimes).
 */
export type ReadTextFile = (path: string) => string;

/** Checks one `templates` entry at start-up and turns it into a {@link CompiledTemplate}. */
export function compileTemplate(value: unknown, option: string, readFile?: ReadTextFile): CompiledTemplate {
  if (typeof value === 'function') return (ctx) => (value as TemplateFunction)(ctx);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const { view, file } = value as { view?: unknown; file?: unknown };
    if (keys.length === 1 && typeof view === 'string' && view !== '') {
      return (ctx, renderView) => {
        if (!renderView) throw new Error(`no view renderer: set the "renderView" option to render view "${view}"`);
        return renderView(view, ctx);
      };
    }
    if (keys.length === 1 && typeof file === 'string' && file !== '') {
      if (!readFile) {
        throw new InvalidOptionError(`${option}.file`, 'cannot be read here: this entry point runs where there may be no file system (Fetch API runtimes). Read the file at start-up and pass a function template, (ctx) => html`…`.');
      }
      let source: string;
      try {
        source = readFile(file);
      } catch (err) {
        throw new InvalidOptionError(`${option}.file`, `cannot be read: ${describeThrown(err)}`);
      }
      const render = compileFileTemplate(source, `${option}.file`);
      return (ctx) => render(ctx);
    }
  }
  return assertOption(false, option, value, "a function (ctx) => string | Promise<string>, { view: 'name' } or { file: 'path.html' }") as never;
}

/**
 * Renders the page for `ctx.code` with the app's template for that code (or its `default`), falling
 * back to the built-in page, with a `template.error` event, when the template throws or returns
 * something other than a string.
 */
export async function renderTemplate(
  ctx: PageContext,
  templates: Readonly<Record<string, CompiledTemplate>>,
  renderView: ViewRenderer | undefined,
  onError: ((event: OktaErrorEvent) => void) | undefined,
  docsUrl?: DocsUrlResolver,
): Promise<string> {
  const template = Object.hasOwn(templates, ctx.code) ? templates[ctx.code] : templates.default;
  if (!template) return renderPage(ctx);
  try {
    const out = await within(TEMPLATE_TIMEOUT_MS, () => template(ctx, renderView));
    if (out === TIMED_OUT) throw new Error(`template did not settle within ${TEMPLATE_TIMEOUT_MS} ms`);
    if (typeof out === 'string') return out;
    throw new TypeError(`template returned ${typeof out}, expected a string`);
  } catch (err) {
    const message = describeThrown(err);
    emit(onError, { type: 'template.error', ...eventLabels(fixedTelemetry('template_error'), 'template.error', docsUrl), code: ctx.code, reference: ctx.reference, message, time: eventTime() });
    return renderPage(ctx);
  }
}

/** Compiles the `templates` option. */
export function compileTemplates(value: unknown, readFile?: ReadTextFile): Record<string, CompiledTemplate> {
  const out: Record<string, CompiledTemplate> = {};
  if (value === undefined) return out;
  assertOption(isRecord(value), 'templates', value, 'an object keyed by error code (or "default")');
  for (const [code, t] of Object.entries(value as object)) out[code] = compileTemplate(t, `templates.${code}`, readFile);
  return out;
}
