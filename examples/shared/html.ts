/** Tiny HTML helpers shared by the example provider and relying party. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape a value for interpolation into HTML text or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * A minimal, self-contained HTML document (no external fonts/scripts, so the
 * demo never touches the network). `body` must already be escaped.
 */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1d1d1f; }
    h1 { font-size: 1.5rem; }
    form.inline { display: inline; }
    button { font: inherit; padding: .35rem .9rem; margin: .2rem .3rem .2rem 0; cursor: pointer; }
    input[type=text] { font: inherit; padding: .3rem; }
    code, pre { background: #f3f3f3; padding: .1rem .3rem; border-radius: 3px; }
    pre { padding: .6rem; white-space: pre-wrap; word-break: break-word; }
    .muted { color: #666; font-size: .9rem; }
    .error { color: #a00; }
    li { margin: .25rem 0; }
  </style>
</head>
<body>
${body}
</body>
</html>`;
}
