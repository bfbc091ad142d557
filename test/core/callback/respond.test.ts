/**
 * `respond`: a decision as the response and the one `onError` event (mutation testing, issue 16). The page
 * context is read through an app template, the event through `onError`.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../src/catalog/messages.js';
import { decide } from '../../../src/core/callback/decide.js';
import type { CallbackRequest } from '../../../src/core/callback/request.js';
import { respond } from '../../../src/core/callback/respond.js';
import type { Verified } from '../../../src/core/callback/verify.js';
import type { CallbackErrorEvent, OktaErrorEvent } from '../../../src/core/events.js';
import { resolveOptions } from '../../../src/core/options/index.js';
import type { OktaErrorHandlerOptions } from '../../../src/core/options/index.js';
import type { PageContext } from '../../../src/core/render/page.js';
import { callbackRequest as request } from '../../support/callback-request.js';

const NOW = 1_800_000_000;
const OK: Verified = { accepted: {} };

/** The response, the page context the template was given, and the events. */
async function answer(query: string, options: OktaErrorHandlerOptions<null> = {}, over: Partial<CallbackRequest<null>> = {}, verified: Verified = OK) {
  let ctx: PageContext | undefined;
  const events: OktaErrorEvent[] = [];
  const o = resolveOptions<null>({ callbackPath: '/cb', onError: (e) => void events.push(e), templates: { default: (c) => ((ctx = c), '<p>page</p>') }, ...options });
  const r = request(query, over);
  const res = await respond(decide(r, verified, o, NOW), r, o, new Date(NOW * 1000));
  return { res, ctx, event: events.find((e): e is CallbackErrorEvent => e.type === 'callback.error') };
}

describe('respond: the development page links error_uri only to a trusted https host', () => {
  const dev = { development: true, trustedErrorUriHosts: ['docs.okta.example'] };
  it.each([
    ['https://docs.okta.example/errors#x', 'https://docs.okta.example/errors#x'],
    ['https://DOCS.okta.example/a', 'https://docs.okta.example/a'],
    ['http://docs.okta.example/a', undefined],
    ['https://user:pw@docs.okta.example/a', undefined],
    ['https://user@docs.okta.example/a', undefined],
    ['https://evil.example/a', undefined],
    ['https://docs.okta.example.evil.example/a', undefined],
    ['javascript:alert(1)', undefined],
    ['not a url', undefined],
  ])('%s → %s', async (uri, link) => {
    const { ctx } = await answer(`error=access_denied&state=s&error_uri=${encodeURIComponent(uri)}`, dev);
    expect(ctx?.trustedLink).toBe(link);
    expect(ctx?.details?.error_uri).toBe(uri);
  });
  it('no trusted host, no error_uri: no link', async () => {
    expect((await answer(`error=access_denied&state=s&error_uri=${encodeURIComponent('https://docs.okta.example/a')}`, { development: true })).ctx?.trustedLink).toBeUndefined();
    expect((await answer('error=access_denied&state=s', dev)).ctx?.trustedLink).toBeUndefined();
  });
});

describe('respond: the event', () => {
  it('says whether a state came (an empty one is none), and the error_uri only when one came', async () => {
    expect((await answer('error=access_denied&state=s')).event).toMatchObject({ hasState: true, outcome: 'render', status: 403 });
    const none = (await answer('error=access_denied&state=')).event;
    expect(none?.hasState).toBe(false);
    expect(none).not.toHaveProperty('errorUri', expect.anything());
    expect((await answer(`error=access_denied&state=s&error_uri=${encodeURIComponent('https://x.example/e')}`)).event?.errorUri).toBe('https://x.example/e');
  });
  it('a redirect names its location; a page none; pass is outcome pass with status 0', async () => {
    expect((await answer('error=login_required&state=s')).event).toMatchObject({ outcome: 'redirect', status: 303, location: '/login?prompt=login' });
    expect((await answer('error=access_denied&state=s')).event?.location).toBeUndefined();
    const passed = await answer('error=access_denied&state=s', { actions: { access_denied: 'pass' } });
    expect(passed.res).toBeUndefined();
    expect(passed.event).toMatchObject({ outcome: 'pass', status: 0 });
  });
});

describe('respond: headers and wording', () => {
  it('Retry-After only on a 503', async () => {
    const exhausted = await answer('error=server_error&state=s', {}, { cookie: `oeh_guard=v2.0.2.0.${NOW - 5}` });
    expect(exhausted.res?.status).toBe(503);
    expect(exhausted.res?.headers['retry-after']).toBe('30');
    expect(exhausted.ctx?.retryAfter).toBe(30);
    const denied = await answer('error=access_denied&state=s');
    expect(denied.res?.status).toBe(403);
    expect(denied.res?.headers).not.toHaveProperty('retry-after');
    expect(denied.ctx?.retryAfter).toBeUndefined();
  });
  it("an app's partial message keeps the built-in fields of that code", async () => {
    const { ctx } = await answer('error=access_denied&state=s', { messages: { access_denied: { title: 'No entry' } } });
    expect(ctx).toMatchObject({ title: 'No entry', message: MESSAGES.access_denied.message });
  });
  it("a code without its own message: the default's fields, the app's default override over them", async () => {
    const plain = await answer('error=SECURITY_ALERT&state=s');
    expect(plain.ctx).toMatchObject({ title: 'Sign-in did not complete', message: expect.stringMatching(/^Something went wrong/) });
    const own = await answer('error=SECURITY_ALERT&state=s', { messages: { default: { title: 'Oops' } } });
    expect(own.ctx).toMatchObject({ title: 'Oops', message: expect.stringMatching(/^Something went wrong/) });
  });
  it("an app's partial message for its own code: the default's other fields under it", async () => {
    const { ctx } = await answer('error=my_code&state=s', { actions: { my_code: 'render' }, messages: { my_code: { title: 'Your plan expired' } } });
    expect(ctx).toMatchObject({ code: 'my_code', title: 'Your plan expired', message: MESSAGES.default.message });
  });
  it('a polluted Object.prototype never words a page', async () => {
    for (const code of ['access_denied', 'SECURITY_ALERT']) Object.defineProperty(Object.prototype, code, { value: { title: 'Polluted', message: 'Polluted' }, configurable: true });
    try {
      expect((await answer('error=access_denied&state=s')).ctx).toMatchObject({ title: MESSAGES.access_denied.title, message: MESSAGES.access_denied.message });
      expect((await answer('error=SECURITY_ALERT&state=s')).ctx).toMatchObject({ title: MESSAGES.default.title, message: MESSAGES.default.message });
      expect((await answer('error=constructor&state=s')).ctx).toMatchObject({ title: MESSAGES.default.title, message: MESSAGES.default.message });
    } finally {
      for (const code of ['access_denied', 'SECURITY_ALERT']) delete (Object.prototype as Record<string, unknown>)[code];
    }
  });
  it('the development page asks docsUrl for a callback.error link', async () => {
    const seen: unknown[] = [];
    const docsUrl = (code: string, info: { type: string }) => (seen.push(info.type), `https://docs.example/${info.type}/${code}`);
    const { ctx } = await answer('error=access_denied&state=s', { development: true, docsUrl });
    expect(ctx?.docsUrl).toBe('https://docs.example/callback.error/access_denied');
    // Once, for the event and the page (the start-up notice of a development app asks for its own).
    expect(seen.filter((type) => type === 'callback.error')).toHaveLength(1);
  });
  it('a language: its messages and page strings, Content-Language; a language with page strings only keeps the English messages', async () => {
    const locales = { fr: { messages: { access_denied: { title: 'Accès refusé' } }, page: { reference: 'Référence' } }, de: { page: { reference: 'Referenz' } } };
    const fr = await answer('error=access_denied&state=s', { locales }, { acceptLanguage: 'fr' });
    expect(fr.ctx).toMatchObject({ title: 'Accès refusé', lang: 'fr', strings: { reference: 'Référence', error: 'Error' } });
    expect(fr.res?.headers['content-language']).toBe('fr');
    const de = await answer('error=access_denied&state=s', { locales }, { acceptLanguage: 'de' });
    expect(de.ctx).toMatchObject({ title: MESSAGES.access_denied.title, lang: 'de', strings: { reference: 'Referenz' } });
    const en = await answer('error=access_denied&state=s', { locales }, { acceptLanguage: 'ja' });
    expect(en.ctx).toMatchObject({ title: MESSAGES.access_denied.title, lang: 'en', strings: { reference: 'Reference' } });
    expect(en.res?.headers['content-language']).toBe('en');
  });
});

describe('respond: the development page warns about a missing state check only where it applies', () => {
  const warning = /^none: without verifyState/;
  it('no verifyState: warned', async () => {
    expect((await answer('error=access_denied&state=s', { development: true })).ctx?.details?.state_check).toMatch(warning);
  });
  it('with verifyState, on a continuation, for a library failure: not warned', async () => {
    expect((await answer('error=access_denied&state=s', { development: true, verifyState: () => true })).ctx?.details?.state_check).toBeUndefined();
    expect((await answer('oeh_continue=retry:server_error', { development: true })).ctx?.details?.state_check).toBeUndefined();
    let ctx: PageContext | undefined;
    const o = resolveOptions<null>({ callbackPath: '/cb', development: true, templates: { default: (c) => ((ctx = c), '<p>x</p>') } });
    const r = request('', { hints: { secFetchMode: 'cors' } });
    await respond(decide(r, OK, o, NOW, { library: 'express-openid-connect', failure: 'transaction_missing' }), r, o, new Date(NOW * 1000));
    expect(ctx?.details?.library).toBe('express-openid-connect');
    expect(ctx?.details?.state_check).toBeUndefined();
  });
});
