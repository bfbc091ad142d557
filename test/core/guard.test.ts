import { describe, expect, it } from 'vitest';
import { count, GUARD_COOKIE, guardCookie, PROBE_COOKIE, readGuard, SECURE_GUARD_COOKIE } from '../../src/core/guard.js';

describe('guard cookie', () => {
  const now = 1_800_000_000;
  const fresh = { reprompts: 0, retries: 0, restarts: 0, since: now };
  it('round-trips', () => {
    const cookie = guardCookie({ reprompts: 1, retries: 2, restarts: 1, since: now - 10 }, now, 600, false);
    expect(cookie).toMatch(/^oeh_guard=v2\.1\.2\.1\.\d+; Max-Age=590; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(readGuard(`a=b; ${cookie.split(';')[0]}`, now, 600)).toEqual({ reprompts: 1, retries: 2, restarts: 1, since: now - 10, sent: true });
  });
  it('reads the v1 format of earlier versions', () => {
    expect(readGuard(`oeh_guard=v1.1.2.${now - 5}`, now, 600)).toEqual({ reprompts: 1, retries: 2, restarts: 0, since: now - 5, sent: true });
  });
  it('is __Host-oeh_guard with SameSite=None; Secure over https (form_post is a cross-site POST)', () => {
    expect(guardCookie({ ...fresh, retries: 1 }, now, 600, true)).toMatch(/^__Host-oeh_guard=v2\.0\.1\.0\.\d+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/);
  });
  it.each([
    [undefined, false],
    ['oeh_guard=garbage', true],
    ['oeh_guard=v1.1.1.99999999999999', true],
    [`oeh_guard=v1.1.1.${now - 600}`, true],
    [`oeh_guard=v1.1.1.${now + 100}`, true],
    [`oeh_guard=v2.1.1.1.${now + 1}`, true],
  ])('%j is a fresh window', (header, sent) => expect(readGuard(header, now, 600)).toEqual({ ...fresh, sent }));
});
