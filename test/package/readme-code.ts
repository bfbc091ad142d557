/**
 * The README's TypeScript blocks, each type-checked on its own (issue 12): strict, against the packed
 * package's declarations, with the blanks a snippet leaves to the reader (`issuer`, `app`, `logger`, …)
 * declared once in a shared prelude. A block that shows a shape rather than code is not marked `ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The blanks every block may use without declaring them, as a reader's app would have them. */
export const PRELUDE = `
import type { Express } from 'express';
import type { Client } from '@okta/okta-sdk-nodejs';
declare global {
  /** An Express app (a block that makes its own shadows it). */
  const app: Express;
  const issuer: string;
  const clientID: string;
  const clientId: string;
  const clientSecret: string;
  const baseURL: string;
  /** The sign-in library's session or cookie secret. */
  const secret: string;
  const development: boolean;
  const logger: { warn(event: unknown): void; error(event: unknown): void; info(event: unknown): void };
  /** An @okta/okta-sdk-nodejs client. */
  const okta: Client;
  /** A Koa router (@koa/router). */
  const router: { routes(): import('koa').Middleware };
  /** What a route caught. */
  const err: unknown;
  /** The Okta org's URL, an API token, a user id. */
  const org: string;
  const token: string;
  const id: string;
  /** The sign-in library's callback handler. */
  const yourSignInLibrarysCallback: import('express').RequestHandler;
  function renderMyDeniedPage(page: { title: string; retry?: string | undefined; ref: string }): string;
  /** The app's own sign-in code and transaction, in the Fetch, Hono and Fastify examples. */
  function completeSignIn(request: Request): Promise<Response>;
  function stateCookieOf(request: { headers: unknown }): string | undefined;
  function authorizationUrl(prompt: string | undefined): string;
  /** The rest of a Fetch API app. */
  function handle(request: Request): Promise<Response>;
}
export {};
`;

/** Each ```ts block of `markdown`, with the line it starts on. */
export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Type-checks each block as its own module in `dir` (where `okta-error-handler` resolves to the packed package). */
export function checkBlocks(dir: string, blocks: readonly { line: number; code: string }[]): Map<number, string[]> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'prelude.d.ts'), PRELUDE);
  const files = blocks.map((b) => {
    const file = join(dir, `readme-line-${b.line}.ts`);
    // `export {}` makes a block without imports a module too, so blocks never see each other's names.
    writeFileSync(file, `${b.code}\nexport {};\n`);
    return { file, line: b.line };
  });
  const program = ts.createProgram([join(dir, 'prelude.d.ts'), ...files.map((f) => f.file)], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, types: ['node'],
  });
  const errors = new Map<number, string[]>();
  for (const { file, line } of files) {
    const source = program.getSourceFile(file)!;
    const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const at = d.start === undefined ? '' : `line ${line + source.getLineAndCharacterOfPosition(d.start).line}: `;
      return at + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    if (found.length > 0) errors.set(line, found);
  }
  return errors;
}
