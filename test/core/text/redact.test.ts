import { describe, expect, it } from 'vitest';
import { describeThrown, REDACTED, redactSecrets, sanitizeText, workingSize } from '../../../src/core/text/redact.js';

const SSWS = '00abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMHUxIiwiaXNzIjoiaHR0cHM6Ly94Lm9rdGEuY29tIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactSecrets', () => {
  it.each([
    ['SSWS token', `Authorization failed for SSWS ${SSWS}`, [SSWS]],
    ['Bearer JWT', `got Bearer ${JWT} back`, [JWT, 'eyJ']],
    ['bare JWT', `id_token was ${JWT}.`, ['eyJhbGci']],
    ['truncated JWT', `token eyJhbGciOiJSUzI1NiIsImtpZCI6`, ['eyJhbGci']],
    ['bare Okta API token', `key ${SSWS} leaked`, [SSWS]],
    ['client_secret in a form', 'grant_type=refresh_token&client_secret=s3cr3t-Value&client_id=abc', ['s3cr3t-Value']],
    ['token parameters', 'access_token=AT1&id_token=IT1&refresh_token=RT1&code=C0DE1', ['AT1', 'IT1', 'RT1', 'C0DE1']],
    ['JSON secrets', '{"client_secret":"s3cr3t","refresh_token": "RT\\"x","code":"C0DE"}', ['s3cr3t', 'RT\\"x', 'C0DE']],
    ['Cookie header', 'Cookie: sid=SESSION123; idx=IDX456\r\nAccept: */*', ['SESSION123', 'IDX456']],
    ['Set-Cookie header', 'set-cookie: JSESSIONID=ABCDEF; Path=/', ['ABCDEF']],
    ['cookie pairs', 'sent sid=SESSION123; DT=DEVICE789', ['SESSION123', 'DEVICE789']],
    ['Authorization header line', 'authorization: Basic dXNlcjpwYXNz', ['dXNlcjpwYXNz']],
    ['URL query', 'GET https://x.okta.com/api/v1/users?q=secret&limit=1 failed', ['q=secret', 'limit=1']],
    ['URL fragment', 'https://app.example.com/cb#access_token=AT&state=S', ['access_token', 'AT&']],
    ['relative URL query', 'path /api/v1/users?search=profile.email%20eq%20%22ann%22', ['search=', 'ann']],
  ])('%s', (_name, input, secrets) => {
    const out = redactSecrets(input);
    for (const secret of secrets) expect(out).not.toContain(secret);
  });

  it('keeps the useful part', () => {
    expect(redactSecrets('GET https://x.okta.com/api/v1/users?q=secret')).toBe('GET https://x.okta.com/api/v1/users');
    expect(redactSecrets(`SSWS ${SSWS}`)).toBe(`SSWS ${REDACTED}`);
    expect(redactSecrets('errorCode=E0000011 errorSummary: Invalid token provided')).toBe('errorCode=E0000011 errorSummary: Invalid token provided');
    expect(redactSecrets('Api validation failed: login')).toBe('Api validation failed: login');
    expect(redactSecrets('login: An object with this field already exists in the current organization')).toBe(
      'login: An object with this field already exists in the current organization',
    );
  });

  it('is linear on hostile input', () => {
    const hostile = [
      '"code":"' + '\\'.repeat(50_000),
      'Bearer '.repeat(20_000),
      '/'.repeat(100_000),
      '/ '.repeat(50_000),
      'eyJ' + 'a.'.repeat(50_000),
      'http://'.repeat(15_000),
      ':/'.repeat(50_000),
      'a+b://'.repeat(15_000),
      ' code=x'.repeat(15_000),
      '"code":"a'.repeat(10_000),
      'cookie: x\n'.repeat(10_000),
    ];
    const start = performance.now();
    for (const s of hostile) redactSecrets(s);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('sanitizeText', () => {
  it('strips control characters and collapses whitespace', () => {
    expect(sanitizeText('line1\r\nline2\u0000\u001b[31m\u2028x\u202Ey')).toBe('line1 line2 [31m x y');
  });

  it('caps the length with an ellipsis', () => {
    const out = sanitizeText('a'.repeat(1000), 50);
    expect(out).toHaveLength(50);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitizeText('short', 50)).toBe('short');
  });

  it('does not split a surrogate pair', () => {
    const out = sanitizeText('a'.repeat(8) + '😀'.repeat(10), 10);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('handles a 5 MB string quickly and still redacts at the cut', () => {
    const big = `Bearer ${JWT} ` + 'x'.repeat(5 * 1024 * 1024);
    const start = performance.now();
    const out = sanitizeText(big, 100);
    expect(performance.now() - start).toBeLessThan(200);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).not.toContain('eyJ');
    // A secret straddling the working window is still caught by its prefix.
    const straddle = 'x '.repeat(300) + `SSWS ${SSWS}`;
    expect(sanitizeText(straddle, 150)).not.toContain(SSWS.slice(0, 10));
    expect(sanitizeText('y'.repeat(600) + ' SSWS ' + SSWS, 150)).not.toContain('00abcdefgh');
  });

  it.each([undefined, null, 42, {}, ['a']])('gives "" for %s', (value) => {
    expect(sanitizeText(value)).toBe('');
  });
});

describe('sanitizeText (control characters and length)', () => {
  it('strips control characters and caps length', () => {
    expect(sanitizeText('a\r\nb\u0000c\u2028d')).toBe('a b c d');
    expect(sanitizeText('x'.repeat(20), 5)).toBe('xxxx…');
    expect(sanitizeText('token: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).not.toContain('eyJ');
  });
});

/** No 8-character slice of `secret` is in `text`: a secret must not survive even in part. */
function expectNoPart(text: string, secret: string): void {
  for (let i = 0; i + 8 <= secret.length; i++) expect(text, `${JSON.stringify(secret.slice(i, i + 8))} of ${secret}`).not.toContain(secret.slice(i, i + 8));
}

describe('redactSecrets: each rule, whole (issue 16)', () => {
  const OPAQUE = 'abc123opaqueTokenValue9xyz';
  it.each([
    ['an opaque Bearer credential outside any header line', `the call sent Bearer ${OPAQUE} and failed`, OPAQUE],
    ['an SSWS credential in prose', `retrying with SSWS ${OPAQUE}`, OPAQUE],
    ['DPoP, Basic and Negotiate credentials', `DPoP ${OPAQUE}1 Basic ${OPAQUE}2 Negotiate ${OPAQUE}3`, `${OPAQUE}2`],
    ['an x-api-key header line', `x-api-key: ${OPAQUE}\r\naccept: */*`, OPAQUE],
    ['a Proxy-Authorization header line', `Proxy-Authorization: Basic ${OPAQUE}`, OPAQUE],
    ['Authorization: Digest with quoted fields', `Authorization: Digest username="ann", realm="okta", nonce="${OPAQUE}", response="${OPAQUE}"`, OPAQUE],
    ['a Cookie line whose names are on no list', `Cookie: theme=dark; my_app_sess=${OPAQUE}`, OPAQUE],
    ['a Set-Cookie line', `set-cookie: whatever=${OPAQUE}; Path=/`, OPAQUE],
    ['every segment of a JWT', 'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxYWJjIn0.c2lnbmF0dXJlLWJ5dGVz here', 'eyJzdWIiOiIwMHUxYWJjIn0'],
    ['the signature of a JWT', 'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxYWJjIn0.c2lnbmF0dXJlLWJ5dGVz here', 'c2lnbmF0dXJlLWJ5dGVz'],
  ])('%s', (_name, input, secret) => expectNoPart(redactSecrets(input), secret));

  it('an Okta API token is 00 and at least 38 more characters: shorter ids (users, errors) stay', () => {
    const token = `00${'a1B2c3D4e5'.repeat(4).slice(0, 38)}`;
    expect(redactSecrets(`leaked ${token}`)).toBe('leaked [REDACTED]');
    expect(redactSecrets(`leaked ${token.slice(0, -1)}`)).toBe(`leaked ${token.slice(0, -1)}`);
    expect(redactSecrets('user 00u1a2b3c4d5e6f7g8h9 not found (E0000007)')).toBe('user 00u1a2b3c4d5e6f7g8h9 not found (E0000007)');
    expect(redactSecrets(`x${token}`)).toBe(`x${token}`);
  });

  it('header lines end at the line end', () => {
    expect(redactSecrets('cookie: a=b\nnext: line')).toBe('cookie: [REDACTED]\nnext: line');
  });
});

describe('sanitizeText: the working size (issue 16)', () => {
  it('is four times the cap plus 256 characters', () => {
    expect(workingSize(100)).toBe(656);
    expect(workingSize(500)).toBe(2256);
  });

  it('reads the word a cut falls in whole, so a secret straddling the cut is seen', () => {
    const token = `00${'Zk9qR3tW7y'.repeat(4).slice(0, 40)}`;
    const padding = 'x '.repeat(1126); // 2252 characters: the token starts 4 characters before the cut
    const out = sanitizeText(`${padding}${token}`, 500);
    expectNoPart(out, token);
  });

  it('drops a word longer than the overrun instead of reading it', () => {
    expect(sanitizeText(`ok ${'a'.repeat(20_000)}`, 10)).toBe('ok');
  });

  it('redacts before it cuts, so the cap never leaves part of a secret', () => {
    const token = `00${'Qw3rTy7UiO'.repeat(4).slice(0, 40)}`;
    for (let max = 10; max < 60; max++) expectNoPart(sanitizeText(`id ${token} end`, max), token);
  });

  it('counts redacted text, not raw text, against the cap', () => {
    // 7 credentials of 106 characters shrink to 16 each: 112 characters, cut to 100.
    const pieces = Array.from({ length: 8 }, (_, i) => `SSWS ${String(i).repeat(100)} `).join('');
    expect(sanitizeText(pieces, 100)).toHaveLength(100);
  });
});

describe('describeThrown', () => {
  it.each([
    [new TypeError('bad'), 'TypeError: bad'],
    ['text', 'text'],
    [42, '42'],
    [Object.create(null), 'an unprintable object'],
    [null, 'null'],
  ])('%j', (value, expected) => expect(describeThrown(value)).toBe(expected));
  it('an Error whose message getter throws', () => {
    const err = new Error('x');
    Object.defineProperty(err, 'message', { get: () => { throw new Error('no'); } });
    expect(describeThrown(err)).toBe('an unprintable object');
  });
  it('redacts and caps', () => {
    expect(describeThrown(new Error(`token=${'s'.repeat(20)} ${'y'.repeat(400)}`), 40)).toMatch(/^Error: token=\[REDACTED\] y+…$/);
  });
});

describe('redactSecrets: quoted values at every JSON escape level (issue 16)', () => {
  // JSON encoded once, twice, three times: logs often hold JSON inside a JSON string.
  const levels = (value: unknown): string[] => {
    const out = [JSON.stringify(value)];
    for (let i = 0; i < 2; i++) out.push(JSON.stringify(out[i]));
    return out;
  };
  it.each([
    ['a quote inside', 'se"cret-tail-value'],
    ['a backslash inside', 'se\\cret-tail-value'],
    ['a backslash at the end', 'secret-tail-value\\'],
    ['a quote at the start', '"secret-tail-value'],
    ['backslashes and quotes', 'a\\"b\\\\"c-secret-tail'],
  ])('%s: no part of the secret survives, and the next field does', (_name, secret) => {
    for (const text of levels({ password: secret, next: 'visible' })) {
      const out = redactSecrets(text);
      expectNoPart(out, secret.replace(/[\\"]/g, ''));
      expect(out).toContain('visible');
      expect(out).toContain(REDACTED);
    }
  });

  it('closes the value exactly where its quote is', () => {
    expect(redactSecrets('"password":"x", "other":"visible"')).toBe('"password":"[REDACTED]", "other":"visible"');
    expect(redactSecrets('"password":"a\\"b","next":"ok"')).toBe('"password":"[REDACTED]","next":"ok"');
    expect(redactSecrets('"password":"a\\\\","next":"ok"')).toBe('"password":"[REDACTED]","next":"ok"');
    expect(redactSecrets('"password":"\\"x","n":"ok"')).toBe('"password":"[REDACTED]","n":"ok"');
    expect(redactSecrets('{\\"password\\":\\"x\\",\\"next\\":\\"ok\\"}')).toBe('{\\"password\\":\\"[REDACTED]\\",\\"next\\":\\"ok\\"}');
    expect(redactSecrets('{\\"password\\":\\"a\\\\\\"b\\",\\"next\\":\\"ok\\"}')).toBe('{\\"password\\":\\"[REDACTED]\\",\\"next\\":\\"ok\\"}');
    expect(redactSecrets("password='it\\'s' next")).toBe("password='[REDACTED]' next");
  });

  it('an unterminated value runs to the end', () => {
    expect(redactSecrets('password="abc')).toBe('password="[REDACTED]');
    expect(redactSecrets('{\\"password\\":\\"abc')).toBe('{\\"password\\":\\"[REDACTED]');
  });

  it('goes on after the value, not inside it', () => {
    expect(redactSecrets('password="a token=b" next')).toBe('password="[REDACTED]" next');
  });
});

describe('redactSecrets: percent-encoding (issue 16)', () => {
  it('bytes that are not UTF-8 decode as Latin-1, and the secret they sit next to still goes', () => {
    expect(redactSecrets('x=%FF&client_secret%3Dabc')).toBe('x=ÿ&client_secret=[REDACTED]');
    expect(redactSecrets('x=%E9&client_secret%3Dabc')).toBe('x=é&client_secret=[REDACTED]');
  });

  it('undoes at most three levels of encoding', () => {
    expect(redactSecrets('client_secret%3Dabc %25252541')).toBe('client_secret=[REDACTED] %41');
    expect(redactSecrets('client_secret%25253Dabc')).toBe('client_secret=[REDACTED]');
  });

  it('a ? or # in a word without a slash is kept', () => {
    expect(redactSecrets('Retry? Maybe #2')).toBe('Retry? Maybe #2');
  });
});

describe('sanitizeText: whitespace, caps and cuts (issue 16)', () => {
  it('collapses runs of whitespace to one space and keeps single non-control spaces', () => {
    expect(sanitizeText('a  b \t c')).toBe('a b c');
    expect(sanitizeText('a\u00a0b')).toBe('a\u00a0b');
  });

  it('a text of exactly the cap is kept whole; a cap of 0 or less gives ""', () => {
    expect(sanitizeText('abcde', 5)).toBe('abcde');
    expect(sanitizeText('abcdef', 5)).toBe('abcd…');
    expect(sanitizeText('abc', 0)).toBe('');
    expect(sanitizeText('abc', -1)).toBe('');
  });

  it('drops only a high surrogate left at the end of the cut', () => {
    expect(sanitizeText(`😀${'a'.repeat(20)}`, 10)).toBe('😀aaaaaaa…');
    expect(sanitizeText(`${'a'.repeat(8)}${'😀'.repeat(10)}`, 10)).toBe('aaaaaaaa…');
  });

  it('keeps the word a working-size cut falls in, and nothing past it', () => {
    // workingSize(100) = 656: the cut falls inside "keepme" (652–657). Redaction then brings it under the cap.
    expect(sanitizeText(`SSWS ${'a'.repeat(646)} keepme tail`, 100)).toBe('SSWS [REDACTED] keepme');
  });

  it('a text that is one word longer than the overrun gives ""', () => {
    expect(sanitizeText('a'.repeat(20_000), 10)).toBe('');
  });
});
