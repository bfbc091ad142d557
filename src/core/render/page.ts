/**
 * The built-in page shared by every code: one title, one sentence, the code's own action (if it has one),
 * a link home (every page has a way forward), a reference id.
 * Self-contained (no external assets, no script) so it works under helmet's default Content-Security-Policy;
 * the one `<style>` element carries the app's CSP nonce when there is one.
 * @module
 */
import { PAGE_STRINGS, type PageStrings } from '../../catalog/messages.js';
import { html, unsafeRaw, type SafeHtml } from './html.js';

/**
 * Everything a page (built-in or an app's template) is given. All strings are raw: escape them.
 * @group Rendering
 */
export interface PageContext {
  /** The error code (OAuth code, Okta E-code, or this library's own). */
  readonly code: string;
  readonly status: number;
  /** Mapped, safe title and message from the messages table. */
  readonly title: string;
  readonly message: string;
  /** Primary action, or `undefined` when the code has none of its own (configuration errors). */
  readonly action?: { readonly label: string; readonly href: string };
  /**
   * The way back to the app (`homePath`, "Back to the home page"): on every page the library builds, so
   * that no page is a dead end, even one without an action.
   */
  readonly home?: { readonly label: string; readonly href: string };
  /**
   * A sentence after the message that is true only sometimes: "We have been notified." for a fault on
   * the app's side when the app set `onError`, "Please try again later." for a transient failure
   * without `Retry-After`.
   */
  readonly notice?: string;
  /** The login route, with `prompt` when the code calls for one: where "Try again" goes. */
  readonly loginUrl: string;
  /** Seconds the user should wait (503 pages). */
  readonly retryAfter?: number;
  /** Id of this occurrence, also in the `onError` event: what a user quotes to support. */
  readonly reference: string;
  readonly development: boolean;
  /** Language of the page (`en`, or the locale chosen by Accept-Language). */
  readonly lang: string;
  /** The page's fixed strings in that language. */
  readonly strings: PageStrings;
  /** CSP nonce from `res.locals.cspNonce` / `ctx.state.cspNonce`, for `<style nonce>`. */
  readonly nonce?: string;
  /** Development only: the raw facts, for the developer wiring up the app. */
  readonly details?: Readonly<Record<string, string | undefined>>;
  /** Okta's `X-Okta-Request-Id`, for support (upstream errors). */
  readonly requestId?: string;
  /** What the user should correct (Okta validation causes, upstream errors under 500). */
  readonly causes?: readonly string[];
  /** Development only: what the code means. */
  readonly explanation?: string;
  /** Development only: how to fix it (remediation for Okta API codes). */
  readonly hint?: string;
  /** Development only: an `error_uri` that is `https:` on a trusted host, safe to link. */
  readonly trustedLink?: string;
  /** Development only: the code's entry in `docs/errors.md` (option `docsUrl`), as the event has it. */
  readonly docsUrl?: string;
}

const STYLE = unsafeRaw(`
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d1f24;--muted:#5b616e;--accent:#1662dd;--accent-fg:#fff;--border:#dfe3e8}
@media (prefers-color-scheme:dark){:root{--bg:#15171b;--card:#1f2228;--fg:#eceef2;--muted:#a9b0bc;--accent:#6ea2ff;--accent-fg:#0b1020;--border:#343945}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:1rem}
main{background:var(--card);border:1px solid var(--border);border-radius:12px;max-width:34rem;width:100%;padding:2rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
p,ul{margin:0 0 1.25rem}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem 1.25rem;margin:0 0 1.25rem}
.action{display:inline-block;background:var(--accent);color:var(--accent-fg);text-decoration:none;padding:.65rem 1.25rem;border-radius:8px;font-weight:600}
.action:focus-visible,.home:focus-visible{outline:3px solid var(--fg);outline-offset:2px}
.home{padding:.65rem 0;font-weight:600}
.ref{color:var(--muted);font-size:.875rem;margin:1.5rem 0 0;overflow-wrap:anywhere}
.ref span{display:inline-block;max-width:100%}.ref .sep{display:inline}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.875em;overflow-wrap:anywhere}
@media (max-width:30rem){body{padding:.5rem}main{padding:1.25rem}.ref span{display:block}.ref .sep{display:none}}
details{margin-top:1.5rem;border-top:1px solid var(--border);padding-top:1rem}
summary{cursor:pointer;font-weight:600;margin-bottom:.75rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0 0}
dt{color:var(--muted)}dd{margin:0}
a{color:var(--accent)}
`);

function developmentSection(ctx: PageContext): SafeHtml | undefined {
  if (!ctx.development) return undefined;
  const rows = Object.entries(ctx.details ?? {}).filter(([, v]) => v !== undefined && v !== '');
  const s = ctx.strings;
  return html`<details open><summary>${s.developmentDetails}</summary>
${ctx.explanation ? html`<p>${ctx.explanation}</p>` : undefined}
${ctx.hint ? html`<p><strong>${s.hint}:</strong> ${ctx.hint}</p>` : undefined}
<dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd><code>${v}</code></dd>`)}</dl>
${ctx.trustedLink ? html`<p><a href="${ctx.trustedLink}" rel="noopener noreferrer">${s.providerDocumentation}</a></p>` : undefined}
${ctx.docsUrl ? html`<p>${s.errorDocumentation}: ${/^https?:/i.test(ctx.docsUrl) ? html`<a href="${ctx.docsUrl}" rel="noopener noreferrer">${ctx.docsUrl}</a>` : html`<code>${ctx.docsUrl}</code>`}</p>` : undefined}
<p class="ref">${s.developmentNote}</p>
</details>`;
}

/**
 * Renders the built-in page.
 * @group Rendering
 */
export function renderPage(ctx: PageContext): string {
  const s = ctx.strings ?? PAGE_STRINGS;
  return html`<!doctype html>
<html lang="${ctx.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${ctx.title}</title><link rel="icon" href="data:,">
<style${ctx.nonce ? html` nonce="${ctx.nonce}"` : undefined}>${STYLE}</style></head>
<body><main>
<h1>${ctx.title}</h1>
<p>${ctx.message}${ctx.notice ? html` ${ctx.notice}` : undefined}</p>
${ctx.causes && ctx.causes.length > 0 ? html`<p>${s.causes}</p><ul>${ctx.causes.map((c) => html`<li>${c}</li>`)}</ul>` : undefined}
${ctx.retryAfter ? html`<p id="wait">${s.retryAfter.replace('{seconds}', String(ctx.retryAfter))}</p>` : undefined}
${ctx.action || ctx.home ? html`<p class="actions">${ctx.action ? html`<a class="action" href="${ctx.action.href}"${ctx.retryAfter ? html` aria-describedby="wait"` : undefined}>${ctx.action.label}</a>` : undefined}${ctx.home ? html`<a class="home" href="${ctx.home.href}">${ctx.home.label}</a>` : undefined}</p>` : undefined}
<p class="ref"><span>${s.reference}: <code>${ctx.reference}</code></span><span class="sep"> · </span><span>${s.error}: <code>${ctx.code}</code></span>${ctx.requestId ? html`<span class="sep"> · </span><span>${s.requestId}: <code>${ctx.requestId}</code></span>` : undefined}</p>
${developmentSection(ctx)}
</main></body></html>`.toString();
}
