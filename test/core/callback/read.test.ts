import { describe, expect, it } from 'vitest';
import { mayBeErrorResponse, readCallback, type CallbackSource } from '../../../src/core/callback/read.js';

async function* bytes(text: string) {
  yield Buffer.from(text);
}
const source = (over: Partial<CallbackSource<null>>): CallbackSource<null> => ({
  method: 'GET',
  path: '/cb',
  url: '/cb',
  headers: {},
  secure: false,
  parsedBody: undefined,
  consumed: false,
  stream: bytes(''),
  req: null,
  ...over,
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('mayBeErrorResponse', () => {
  it.each([
    ['GET', '/cb?error=x', undefined, true],
    ['HEAD', '/cb?a=1&error', undefined, true],
    ['GET', '/cb?code=1&state=error', undefined, false],
    ['GET', '/cb', undefined, false],
    ['GET', '/cb#error=x', undefined, false],
    ['GET', '/cb?x=1#&error=x', undefined, false],
    ['POST', '/cb', 'application/x-www-form-urlencoded; charset=utf-8', true],
    ['POST', '/cb?error=x', 'application/json', false],
    ['PUT', '/cb?error=x', 'application/x-www-form-urlencoded', false],
  ])('%s %s (%s) → %s', (method, url, type, expected) => expect(mayBeErrorResponse(method, url, type)).toBe(expected));
});

describe('readCallback', () => {
  it('a GET error response is read from the query only', async () => {
    const read = await readCallback(source({ url: '/cb?error=access_denied&state=s#frag', originalUrl: '/app/cb?error=access_denied&state=s', headers: { cookie: 'a=b', 'accept-language': 'fr', accept: 'text/html' } }));
    expect(read).toMatchObject({ kind: 'read', request: { originalPath: '/app/cb', cookie: 'a=b', acceptLanguage: 'fr', hints: { accept: 'text/html' }, parsed: { ok: true, params: { error: 'access_denied', state: 's' } } } });
    expect('body' in read).toBe(false);
  });
  it('a GET without error, another method, or a POST that is not a form passes', async () => {
    expect(await readCallback(source({ url: '/cb?code=x' }))).toEqual({ kind: 'pass' });
    expect(await readCallback(source({ method: 'PUT', url: '/cb?error=x' }))).toEqual({ kind: 'pass' });
    expect(await readCallback(source({ method: 'POST', headers: { 'content-type': 'application/json' }, stream: bytes('{"error":"x"}') }))).toEqual({ kind: 'pass' });
  });
  it('a form_post body from the stream is read, and handed on for the route', async () => {
    const read = await readCallback(source({ method: 'POST', headers: FORM, stream: bytes('error=login_required&state=s&x=1&x=2') }));
    expect(read).toMatchObject({ kind: 'read', request: { parsed: { ok: true, params: { error: 'login_required' } } }, body: { error: 'login_required', x: ['1', '2'] } });
    expect(await readCallback(source({ method: 'POST', headers: FORM, stream: bytes('code=c&state=s') }))).toMatchObject({ kind: 'pass', body: { code: 'c' } });
  });
  it('a parser\'s result is used as it is: an object, a string or a Buffer', async () => {
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: { error: ['a', 'b'] } }))).toMatchObject({ kind: 'read', request: { parsed: { ok: false, reason: 'repeated_parameter' } } });
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: { code: 'c' } }))).toEqual({ kind: 'pass' });
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: 'error=x&state=s' }))).toMatchObject({ kind: 'read', request: { parsed: { ok: true } } });
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: Buffer.from('code=1') }))).toEqual({ kind: 'pass' });
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: Buffer.from('error=x&state=s') }))).toMatchObject({ kind: 'read', request: { parsed: { ok: true, params: { error: 'x' } } } });
    // Decoded as Buffer's toString() would: a leading BOM stays, so the first name is not "error" (as for a parser).
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: Buffer.from('\uFEFFerror=x&state=s') }))).toEqual({ kind: 'pass' });
    expect(await readCallback(source({ method: 'POST', headers: FORM, consumed: true, parsedBody: undefined }))).toEqual({ kind: 'pass' });
  });
  it('a form_post body past 64 KiB is not read: 413, connection closed', async () => {
    const read = await readCallback(source({ method: 'POST', headers: FORM, stream: bytes(`error=x&pad=${'a'.repeat(70_000)}`) }));
    expect(read).toMatchObject({ kind: 'unread', response: { status: 413, headers: { connection: 'close', 'cache-control': 'no-store' } } });
  });
});
