import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/core/errors.js';
import { resolveOptions } from '../../../src/core/options/index.js';

describe('resolveOptions', () => {
  it('applies defaults and freezes', () => {
    const o = resolveOptions(undefined);
    expect([...o.callbackPaths]).toEqual(['/authorization-code/callback']);
    expect(o.loginPath).toBe('/login');
    expect(o.development).toBe(false);
    expect(o.limits).toEqual({ reprompts: 1, retries: 2, restarts: 1, windowSeconds: 600, retryAfterSeconds: 30 });
    expect(o.verifyStateTimeoutMs).toBe(5000);
    expect(Object.isFrozen(o)).toBe(true);
  });
  it.each([
    [{ callbackpath: '/cb' }, /"callbackpath" is not a known option. Did you mean "callbackPath"\?/],
    [{ loginPath: '//evil.example' }, /"loginPath" must be a same-origin path/],
    [{ loginPath: 'https://x' }, /"loginPath"/],
    [{ callbackPath: 'cb' }, /"callbackPath" must be a path starting with "\/"/],
    [{ callbackPath: ['/a', 3] }, /"callbackPath\[1\]"/],
    [{ callbackPath: [] }, /"callbackPath"/],
    [{ issuer: 'example.okta.com' }, /"issuer" must be an issuer URL/],
    [{ requireIss: true }, /"requireIss" needs the "issuer" option/],
    [{ requireIss: 'yes' }, /"requireIss" must be a boolean, got "yes"/],
    [{ verifyState: true }, /"verifyState" must be a function, got true/],
    [{ actions: { login_required: 'redirect' } }, /"actions.login_required" must be one of "reprompt", "retry", "render", "pass"/],
    [{ templates: { access_denied: '<html>' } }, /"templates.access_denied" must be a function/],
    [{ messages: { access_denied: { titel: 'x' } } }, /"messages.access_denied.titel" is not a known option. Did you mean "messages.access_denied.title"\?/],
    [{ limits: { retries: 100 } }, /"limits.retries" must be an integer from 0 to 10, got 100/],
    [{ limits: { retry: 1 } }, /"limits.retry" is not a known option. Did you mean "limits.retries"\?/],
    [{ development: 'true' }, /"development" must be a boolean/],
    [{ trustedErrorUriHosts: ['https://x.com'] }, /"trustedErrorUriHosts\[0\]"/],
    ['string', /"options" must be an object/],
    [() => {}, /call the factory/],
  ])('%j throws at construction', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(InvalidOptionError);
    expect(() => resolveOptions(options as never)).toThrow(message);
  });
});
