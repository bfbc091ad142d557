import createError from 'http-errors';
import { describe, expect, it, vi } from 'vitest';
import { UpstreamError, OEH_UPSTREAM_ERROR } from '../../../src/core/upstream/errors.js';
import { withOktaRetry } from '../../../src/core/upstream/with-retry.js';

/** An SDK-like OktaApiError. */
function oktaError(status: number, errorCode: string | undefined, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Okta HTTP ${status} ${errorCode}`), {
    name: 'OktaApiError',
    status,
    errorCode,
    errorSummary: 'summary',
    errorId: 'oaeID',
    headers: new Headers({ 'x-okta-request-id': 'req42', ...headers }),
  });
}

/** A function failing with the given errors in turn, then returning 'ok'. */
function failing(...errors: unknown[]) {
  return vi.fn(async (_attempt: number) => {
    if (errors.length) throw errors.shift();
    return 'ok';
  });
}

function recorder() {
  const delays: number[] = [];
  const sleep = vi.fn(async (ms: number) => {
    delays.push(ms);
  });
  return { delays, sleep };
}

describe('withOktaRetry', () => {
  it('returns the first success without sleeping', async () => {
    const { sleep } = recorder();
    expect(await withOktaRetry(async () => 42, { sleep })).toBe(42);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries a 5xx with exponential backoff and full jitter', async () => {
    const { delays, sleep } = recorder();
    const fn = failing(oktaError(500, 'E0000009'), oktaError(502, undefined));
    expect(await withOktaRetry(fn, { sleep, random: () => 0.5, baseDelayMs: 100 })).toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(fn.mock.calls.map((c) => c[0])).toEqual([0, 1, 2]);
    expect(delays).toEqual([50, 100]); // 0.5 × 100, 0.5 × 200
  });

  it('caps the backoff at maxDelayMs', async () => {
    const { delays, sleep } = recorder();
    const fn = failing(...Array.from({ length: 5 }, () => oktaError(500, 'E0000009')));
    await withOktaRetry(fn, { sleep, random: () => 0.999, baseDelayMs: 1000, maxDelayMs: 3000, maxRetries: 5 });
    expect(Math.max(...delays)).toBeLessThanOrEqual(3000);
    expect(delays[3]).toBe(2997);
  });

  it('honours retryAfter exactly (not less) on a rate limit', async () => {
    const { delays, sleep } = recorder();
    const reset = 1709500000 + 3;
    const err = oktaError(429, 'E0000047', { date: 'Sun, 03 Mar 2024 21:06:40 GMT', 'x-rate-limit-reset': String(reset) });
    const onRetry = vi.fn();
    expect(await withOktaRetry(failing(err), { sleep, random: () => 0, onRetry })).toBe('ok');
    expect(delays).toEqual([3000]);
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, delayMs: 3000, error: expect.objectContaining({ code: 'E0000047', retryAfter: 3 }) }));
  });

  it('uses the larger of backoff and retryAfter', async () => {
    const { delays, sleep } = recorder();
    const err = oktaError(503, undefined, { 'retry-after': '1' });
    await withOktaRetry(failing(err, err, err), { sleep, random: () => 1, baseDelayMs: 800, maxRetries: 3 });
    expect(delays).toEqual([1000, 1600, 3200]);
  });

  it('gives up at once when retryAfter exceeds maxDelayMs', async () => {
    const { sleep } = recorder();
    const err = oktaError(429, 'E0000047', { 'retry-after': '30' });
    const fn = failing(err);
    const thrown = await withOktaRetry(fn, { sleep, maxDelayMs: 10_000 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UpstreamError);
    expect(thrown).toMatchObject({ status: 503, errorCode: 'E0000047', retryAfter: 30, requestId: 'req42', errorId: 'oaeID', expose: false });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('gives up on a rate limit whose headers give nothing (60 s default > maxDelayMs)', async () => {
    const { sleep } = recorder();
    const fn = failing(oktaError(429, 'E0000047'));
    await expect(withOktaRetry(fn, { sleep })).rejects.toMatchObject({ retryAfter: 60 });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('stops after maxRetries and throws an UpstreamError wrapping the last error', async () => {
    const { sleep } = recorder();
    const errors = [oktaError(500, 'E0000009'), oktaError(500, 'E0000009'), oktaError(500, 'E0000009')];
    const last = errors[2];
    const fn = failing(...errors, 'never');
    const thrown = (await withOktaRetry(fn, { sleep, maxRetries: 2 }).catch((e: unknown) => e)) as UpstreamError;
    expect(fn).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(thrown).toBeInstanceOf(UpstreamError);
    expect(thrown.cause).toBe(last);
    expect(thrown).toMatchObject({ code: OEH_UPSTREAM_ERROR, status: 502, expose: false, errorCode: 'E0000009', name: 'UpstreamError' });
    expect(thrown.normalized).toMatchObject({ code: 'E0000009', upstreamStatus: 500, retryable: true });
    // Compact when logged: the bulky normalized error and the cause are not enumerable.
    expect(Object.keys(thrown)).not.toContain('normalized');
    expect(thrown.message).not.toContain('summary');
  });

  it('maxRetries: 0 never retries', async () => {
    const { sleep } = recorder();
    const fn = failing(oktaError(500, 'E0000009'));
    await expect(withOktaRetry(fn, { sleep, maxRetries: 0 })).rejects.toBeInstanceOf(UpstreamError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['validation', oktaError(400, 'E0000001'), 400],
    ['not found', oktaError(404, 'E0000007'), 404],
    ["the app's bad token", oktaError(401, 'E0000011'), 502],
    ['a retryable 409 (minutes, not milliseconds)', oktaError(409, 'E0000112'), 409],
    ['a non-retryable 5xx', oktaError(500, 'E0000049'), 502],
  ])('does not retry %s', async (_name, err, status) => {
    const { sleep } = recorder();
    const fn = failing(err);
    await expect(withOktaRetry(fn, { sleep })).rejects.toMatchObject({ status, expose: status < 500 });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('rethrows unrecognised errors untouched, immediately', async () => {
    const { sleep } = recorder();
    const original = new TypeError('x is not a function');
    const fn = failing(original);
    await expect(withOktaRetry(fn, { sleep })).rejects.toBe(original);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries openid-client timeouts and passes normalize options through', async () => {
    const { sleep } = recorder();
    const timeout = Object.assign(new Error('operation timed out'), { name: 'ClientError', code: 'OAUTH_TIMEOUT' });
    expect(await withOktaRetry(failing(timeout), { sleep })).toBe('ok');
    const fn = failing(oktaError(429, 'E0000047', { 'retry-after': '1' }));
    const statusFor = { E0000047: 429 };
    await expect(withOktaRetry(fn, { sleep, maxRetries: 0, normalize: { statusFor } })).rejects.toMatchObject({ status: 429 });
  });

  it('rethrows an UpstreamError from a nested call as is', async () => {
    const { sleep } = recorder();
    const inner = await withOktaRetry(failing(oktaError(404, 'E0000007')), { sleep }).catch((e: unknown) => e);
    await expect(withOktaRetry(failing(inner), { sleep })).rejects.toBe(inner);
  });

  it('http-errors 503 is retried', async () => {
    const { sleep } = recorder();
    const fn = failing(createError(503));
    expect(await withOktaRetry(fn, { sleep })).toBe('ok');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw oktaError(500, 'E0000009');
    });
    const sleep = vi.fn(async () => {
      controller.abort(new Error('shutting down'));
    });
    await expect(withOktaRetry(fn, { sleep, signal: controller.signal })).rejects.toThrow('shutting down');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('aborts the default timer', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw oktaError(500, 'E0000009');
    });
    const pending = withOktaRetry(fn, { signal: controller.signal, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1 });
    setTimeout(() => controller.abort(new Error('bye')), 10);
    await expect(pending).rejects.toThrow('bye');
  });

  it('waits for real with the default timer', async () => {
    const fn = failing(oktaError(500, 'E0000009'));
    const start = Date.now();
    expect(await withOktaRetry(fn, { baseDelayMs: 30, random: () => 1 })).toBe('ok');
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
  });

  it.each([
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxDelayMs', Number.NaN],
    ['baseDelayMs', '250'],
  ])('rejects %s: %s up front', async (option, value) => {
    const fn = vi.fn(async () => 1);
    const err = await withOktaRetry(fn, { [option]: value } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    // The one format every bad argument has (issue 10): InvalidOptionError naming the option and the value.
    expect(err).toMatchObject({ code: 'OEH_INVALID_OPTION', option, message: expect.stringMatching(new RegExp(`^okta-error-handler: option "${option}" must be a non-negative integer, got `)) });
    expect(fn).not.toHaveBeenCalled();
  });
});
