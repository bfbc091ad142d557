import { describe, expect, it } from 'vitest';
import { readTransport } from '../../../src/core/http/transport.js';

describe('readTransport', () => {
  it.each([
    [{}, false, { secure: false, https: false, site: 'unknown' }],
    [{}, true, { secure: true, https: true, site: 'unknown' }],
    [{ 'x-forwarded-proto': 'https' }, false, { secure: false, https: true }],
    [{ 'x-forwarded-proto': 'HTTPS, http' }, false, { https: true }],
    [{ 'x-forwarded-proto': 'http, https' }, false, { https: false }],
    [{ forwarded: 'for=1.2.3.4;proto=https;by=x' }, false, { https: true }],
    [{ forwarded: 'proto="https"' }, false, { https: true }],
    [{ forwarded: 'proto=http, proto=https' }, false, { https: false }],
    [{ forwarded: 'protocol=https' }, false, { https: false }],
    [{ 'sec-fetch-site': 'cross-site' }, false, { site: 'cross-site' }],
    [{ 'sec-fetch-site': 'same-origin' }, false, { site: 'same-site' }],
    [{ 'sec-fetch-site': 'same-site' }, false, { site: 'same-site' }],
    [{ 'sec-fetch-site': 'none' }, false, { site: 'same-site' }],
    [{ origin: 'null' }, false, { site: 'cross-site' }],
    [{ origin: 'https://idp.example', host: 'app.example' }, false, { site: 'cross-site' }],
    [{ origin: 'https://app.example:8443', host: 'APP.example:8443' }, false, { site: 'same-site' }],
    [{ origin: 'not a url', host: 'app.example' }, false, { site: 'cross-site' }],
    [{ origin: '' }, false, { site: 'unknown' }],
    [{ 'sec-fetch-site': 'weird', origin: 'https://app.example', host: 'app.example' }, false, { site: 'same-site' }],
  ])('%j, secure %s → %j', (headers, secure, expected) => expect(readTransport(headers, secure)).toMatchObject(expected));
});

describe('readTransport: header edges (issue 16)', () => {
  it.each([
    // X-Forwarded-Proto: the first element, trimmed, of at most 256 characters.
    [{ 'x-forwarded-proto': ' https ' }, { https: true }],
    [{ 'x-forwarded-proto': `${' '.repeat(300)}https` }, { https: false }],
    // Forwarded: `proto` as a whole parameter name and `https` as its whole value.
    [{ forwarded: 'for=1.2.3.4; proto=https' }, { https: true }],
    [{ forwarded: 'myproto=https' }, { https: false }],
    [{ forwarded: 'proto=nothttps' }, { https: false }],
    [{ forwarded: 'proto=httpsx' }, { https: false }],
    [{ forwarded: 'proto=https x' }, { https: false }],
    // Only the first 1 KiB of Forwarded is read.
    [{ forwarded: `for=${'a'.repeat(1100)};proto=https` }, { https: false }],
    // Origin and Host are compared trimmed; an Origin without a Host is cross-site.
    [{ origin: 'https://app.example', host: ' app.example ' }, { site: 'same-site' }],
    [{ origin: 'https://app.example' }, { site: 'cross-site' }],
    [{ origin: '   ' }, { site: 'unknown' }],
  ])('%j → %j', (headers, expected) => expect(readTransport(headers, false)).toMatchObject(expected));
});
