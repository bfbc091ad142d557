import { describe, expect, it } from 'vitest';
import { FORM_READ_TIMEOUT_MS, formToObject, isFormContentType, MAX_FORM_BYTES, readFormBody } from '../../../src/core/http/read-body.js';

/** A stream of `count` chunks of `size` bytes that records how many were pulled. */
function chunks(count: number, size: number) {
  const seen = { pulled: 0 };
  async function* stream() {
    for (let i = 0; i < count; i++) {
      seen.pulled++;
      yield Buffer.alloc(size, 0x61);
    }
  }
  return { stream: stream(), seen };
}

describe('readFormBody', () => {
  it('reads exactly 64 KiB; one byte more is too large', async () => {
    expect(MAX_FORM_BYTES).toBe(65_536);
    expect(await readFormBody(chunks(1, MAX_FORM_BYTES).stream)).toEqual({ ok: true, text: 'a'.repeat(MAX_FORM_BYTES) });
    expect(await readFormBody(chunks(2, MAX_FORM_BYTES / 2).stream)).toEqual({ ok: true, text: 'a'.repeat(MAX_FORM_BYTES) });
    expect(await readFormBody(chunks(1, MAX_FORM_BYTES + 1).stream)).toEqual({ ok: false, reason: 'too_large' });
    expect(await readFormBody(chunks(0, 1).stream)).toEqual({ ok: true, text: '' });
  });

  it('joins chunks and decodes UTF-8 across chunk boundaries', async () => {
    const bytes = Buffer.from('error=ré&x=ü');
    async function* split() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    expect(await readFormBody(split())).toEqual({ ok: true, text: 'error=ré&x=ü' });
    async function* strings() {
      yield 'a=1';
      yield '&b=2';
    }
    expect(await readFormBody(strings())).toEqual({ ok: true, text: 'a=1&b=2' });
  });

  it('stops reading a body that never ends after 16 times the cap', async () => {
    const { stream, seen } = chunks(10_000, 1024);
    expect(await readFormBody(stream, 4096)).toEqual({ ok: false, reason: 'too_large' });
    // 4 KiB cap: drains to 64 KiB, then stops (a chunk or so more, never the whole stream).
    expect(seen.pulled).toBeGreaterThanOrEqual(64);
    expect(seen.pulled).toBeLessThanOrEqual(66);
  });

  it('keeps no chunk past the cap: a chunk that does not fit is dropped, not stored', async () => {
    // Had it been stored, the fixed-size buffer would have thrown.
    expect(await readFormBody(chunks(10, 1000).stream, 5000)).toEqual({ ok: false, reason: 'too_large' });
    expect(await readFormBody(chunks(1, 7000).stream, 5000)).toEqual({ ok: false, reason: 'too_large' });
    expect(await readFormBody(chunks(5, 1000).stream, 5000)).toEqual({ ok: true, text: 'a'.repeat(5000) });
  });

  it('a body that says "timeout" or "too_large" is just text', async () => {
    async function* words() {
      yield 'timeout';
    }
    expect(await readFormBody(words())).toEqual({ ok: true, text: 'timeout' });
  });

  it('gives up on a body still arriving after the timeout', async () => {
    expect(FORM_READ_TIMEOUT_MS).toBe(10_000);
    const never: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) };
    expect(await readFormBody(never, MAX_FORM_BYTES, 20)).toEqual({ ok: false, reason: 'timeout' });
  });
});

describe('isFormContentType', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['application/x-www-form-urlencoded', true],
    ['APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8', true],
    ['  application/x-www-form-urlencoded  ;x=y', true],
    ['application/x-www-form-urlencoded-x', false],
    ['multipart/form-data; boundary=x', false],
    ['text/plain', false],
  ])('%j → %s', (value, expected) => expect(isFormContentType(value)).toBe(expected));
});

describe('formToObject', () => {
  it('decodes like express.urlencoded({ extended: false }), repeated keys as arrays, in order', () => {
    expect({ ...formToObject('a=1&b=x+y&a=2&a=3&c') }).toEqual({ a: ['1', '2', '3'], b: 'x y', c: '' });
    expect(Object.getPrototypeOf(formToObject('__proto__=x'))).toBeNull();
  });
});
