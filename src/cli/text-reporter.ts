/**
 * The terminal report: a header, one line per check as it finishes (status, id, title, detail), the
 * fix and Okta's request id indented under a warning or failure, and a summary line. Colours only
 * when asked for; a spinner on stderr while checks run, when stderr is a terminal.
 * @module
 */
import type { CheckStatus, DoctorCheck, DoctorReport } from './doctor/types.js';

const STYLE: Readonly<Record<CheckStatus, string>> = Object.freeze({ pass: '32', warn: '33', fail: '31', skip: '90' });
const ID_WIDTH = 12;

/** Upstream text is sanitized already; this keeps our own inputs (a redirect URI, a login) from moving the cursor. */
const printable = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ');

export interface Writer {
  write(text: string): void;
}

export interface TextReporter {
  start(ids: readonly string[]): void;
  check(check: DoctorCheck): void;
  end(report: DoctorReport): void;
}

export function createTextReporter(out: Writer, options: { readonly color: boolean; readonly issuer: string; readonly spinner?: Spinner }): TextReporter {
  const paint = (code: string, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[0m` : text);
  const emit = (text: string) => {
    options.spinner?.clear();
    out.write(text);
  };
  return {
    start(ids) {
      emit(`${paint('1', 'okta-error-handler doctor')} ${printable(options.issuer)}\n\n`);
      options.spinner?.start(ids);
    },
    check(check) {
      options.spinner?.done(check.id);
      const label = paint(`1;${STYLE[check.status]}`, check.status.toUpperCase());
      const timing = check.status === 'skip' ? '' : ` ${paint('2', `(${check.durationMs} ms${check.status === 'pass' && check.requestId ? `, request id ${printable(check.requestId)}` : ''})`)}`;
      let text = `${label}  ${check.id.padEnd(ID_WIDTH)}  ${printable(check.title)}: ${printable(check.detail)}${timing}\n`;
      const indent = ' '.repeat(6 + ID_WIDTH);
      if (check.fix) text += `${indent}${paint('1', 'fix:')} ${printable(check.fix)}\n`;
      if (check.status !== 'pass' && check.requestId) text += `${indent}X-Okta-Request-Id: ${printable(check.requestId)}\n`;
      emit(text);
    },
    end(report) {
      options.spinner?.stop();
      const { pass, warn, fail, skip } = report.summary;
      const part = (n: number, word: string, status: CheckStatus) => (n > 0 ? paint(STYLE[status], `${n} ${word}`) : `${n} ${word}`);
      emit(`\n${paint('1', 'Summary:')} ${part(pass, 'pass', 'pass')}, ${part(warn, 'warn', 'warn')}, ${part(fail, 'fail', 'fail')}, ${part(skip, 'skip', 'skip')}\n`);
    },
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  start(ids: readonly string[]): void;
  done(id: string): void;
  /** Erases the spinner's line before something else is written to the terminal. */
  clear(): void;
  stop(): void;
}

/** A one-line spinner naming the checks still running, redrawn on `err` (a terminal). */
export function createSpinner(err: Writer): Spinner {
  let pending: string[] = [];
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  let drawn = false;
  const draw = () => {
    if (pending.length === 0) return;
    const names = pending.join(', ');
    err.write(`\r\u001B[K${FRAMES[frame++ % FRAMES.length]} ${names.length > 60 ? `${names.slice(0, 59)}…` : names}`);
    drawn = true;
  };
  const clear = () => {
    if (!drawn) return;
    err.write('\r\u001B[K');
    drawn = false;
  };
  return {
    start(ids) {
      pending = [...ids];
      draw();
      timer = setInterval(draw, 80);
      timer.unref();
    },
    done(id) {
      pending = pending.filter((p) => p !== id);
    },
    clear,
    stop() {
      clearInterval(timer);
      pending = [];
      clear();
    },
  };
}
