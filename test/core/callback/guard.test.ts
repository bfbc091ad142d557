import { describe, expect, it } from 'vitest';
import { count, GUARD_COOKIE, guardCookie, needsProbe, PROBE_COOKIE, readGuard, SECURE_GUARD_COOKIE } from '../../../src/core/callback/guard.js';

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

describe('guard cookie format (issue 16)', () => {
  const now = 1_800_000_000;
  const fresh = { reprompts: 0, retries: 0, restarts: 0, since: now, sent: true };
  it.each([
    [`x${GUARD_COOKIE}=v2.1.0.0.${now}`, { ...fresh, sent: false }],
    [`${GUARD_COOKIE}=xv2.1.0.0.${now}`, fresh],
    [`${GUARD_COOKIE}=v2.1.0.0.${now}x`, fresh],
    [`${GUARD_COOKIE}=v2.1.0.${now}`, fresh],
    [`${GUARD_COOKIE}=v3.1.0.0.${now}`, fresh],
    [`${GUARD_COOKIE}=v2.100.0.0.${now}`, fresh],
    [`${GUARD_COOKIE}=v2.1.0.0.${now}.1`, fresh],
    [`${GUARD_COOKIE}=v1.1.1.1.${now}`, fresh],
  ])('%j is not a valid guard', (header, expected) => expect(readGuard(header, now, 600)).toEqual(expected));

  it('counts have up to two digits, each its own', () => {
    expect(readGuard(`${GUARD_COOKIE}=v2.10.99.7.${now}`, now, 600)).toEqual({ reprompts: 10, retries: 99, restarts: 7, since: now, sent: true });
    expect(readGuard(`${SECURE_GUARD_COOKIE}= v2.3.4.5.${now} `, now, 600)).toEqual({ reprompts: 3, retries: 4, restarts: 5, since: now, sent: true });
  });

  it('a window is valid from its start until, not including, its end', () => {
    expect(readGuard(`${GUARD_COOKIE}=v2.1.0.0.${now - 599}`, now, 600)).toMatchObject({ reprompts: 1, since: now - 599 });
    expect(readGuard(`${GUARD_COOKIE}=v2.1.0.0.${now - 600}`, now, 600)).toMatchObject({ reprompts: 0, since: now });
    expect(readGuard(`${GUARD_COOKIE}=v2.1.0.0.${now}`, now, 600)).toMatchObject({ reprompts: 1 });
  });

  it('several cookies: the highest count of each, and the latest window', () => {
    const header = `${GUARD_COOKIE}=v2.1.0.0.${now - 100}; a=b; ${SECURE_GUARD_COOKIE}=v2.0.2.0.${now - 50}; ${GUARD_COOKIE}=v2.0.0.1.${now - 200}`;
    expect(readGuard(header, now, 600)).toEqual({ reprompts: 1, retries: 2, restarts: 1, since: now - 50, sent: true });
  });

  it('the probe alone says cookies come back, and counts nothing', () => {
    expect(readGuard(`${PROBE_COOKIE}=1`, now, 600)).toEqual(fresh);
    expect(readGuard(`other=1; oeh_other=2`, now, 600)).toEqual({ ...fresh, sent: false });
    expect(readGuard('oeh_guard', now, 600)).toEqual({ ...fresh, sent: false });
  });

  it('count() adds one to one counter', () => {
    const state = { reprompts: 1, retries: 2, restarts: 3, since: now };
    expect(count(state, 'reprompts')).toEqual({ ...state, reprompts: 2 });
    expect(count(state, 'retries')).toEqual({ ...state, retries: 3 });
    expect(count(state, 'restarts')).toEqual({ ...state, restarts: 4 });
  });

  it('Max-Age is what is left of the window, at least 1', () => {
    expect(guardCookie({ reprompts: 0, retries: 0, restarts: 0, since: now - 600 }, now, 600, false)).toMatch(/; Max-Age=1;/);
    expect(guardCookie({ reprompts: 0, retries: 0, restarts: 0, since: now - 100 }, now, 600, false)).toMatch(/; Max-Age=500;/);
  });
});

describe('readGuard: cookie pairs only (mutation testing, issue 16)', () => {
  const now = 1_800_000_000;
  it('a part without "=" is no cookie, even when it starts with a name of ours', () => {
    expect(readGuard('oeh_probeX', now, 600).sent).toBe(false);
    expect(readGuard(`oeh_guardX; a=${'b'}`, now, 600).sent).toBe(false);
    expect(readGuard('oeh_probe=1', now, 600).sent).toBe(true);
  });
});

describe('needsProbe: only a browser that may keep no cookie of ours is probed (mutation testing, issue 16)', () => {
  const now = 1_800_000_000;
  const unsent = readGuard(undefined, now, 600);
  const sent = readGuard('oeh_probe=1', now, 600);
  const http = { https: false, site: 'cross-site' };
  it('a cross-site POST over http: probed, unless it brought a cookie of ours', () => {
    expect(needsProbe(unsent, { method: 'POST', transport: http })).toBe(true);
    expect(needsProbe(sent, { method: 'POST', transport: http, cookie: 'oeh_probe=1' })).toBe(false);
    expect(needsProbe(unsent, { method: 'POST', transport: { https: true, site: 'cross-site' } })).toBe(false);
    expect(needsProbe(unsent, { method: 'POST', transport: { https: false, site: 'same-site' } })).toBe(false);
  });
  it("a library's redirect (unproven): a GET without any cookie pair is probed; a HEAD never, a GET with a cookie of anyone's never", () => {
    const get = { method: 'GET', transport: http };
    expect(needsProbe(unsent, get, true)).toBe(true);
    expect(needsProbe(unsent, { ...get, cookie: 'junk' }, true)).toBe(true);
    expect(needsProbe(unsent, { ...get, cookie: 'connect.sid=s%3Aabc' }, true)).toBe(false);
    expect(needsProbe(unsent, { ...get, method: 'HEAD' }, true)).toBe(false);
    expect(needsProbe(unsent, get, false)).toBe(false);
    expect(needsProbe(sent, { ...get, cookie: 'oeh_probe=1' }, true)).toBe(false);
  });
});
