/**
 * What a recognised failure becomes (classify.ts), through the public normalizer: the status overrides,
 * the fallbacks on an upstream 5xx, the production wording, Retry-After, ids and which fields are set.
 */
import createError from 'http-errors';
import { ClientError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { OKTA_API_CATEGORY_DETAIL } from '../../../src/catalog/okta-api.js';
import { UpstreamError } from '../../../src/core/upstream/errors.js';
import { normalizeOktaError } from '../../../src/core/upstream/normalize.js';

const E7 = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (User)' };

describe('statusFor', () => {
  const body = { errorCode: 'E0000047' };
  it.each<[unknown, number]>([
    [400, 400],
    [599, 599],
    [429, 429],
    [399, 503],
    [600, 503],
    [429.5, 503],
    ['429', 503],
    [null, 503],
  ])('an override of %j answers %i', (override, status) => {
    expect(normalizeOktaError(body, { status: 429, statusFor: { E0000047: override as number } })?.status).toBe(status);
  });

  it('an UpstreamError whose status the override repeats is returned as it is', () => {
    const n = normalizeOktaError(E7, { status: 404 })!;
    expect(normalizeOktaError(new UpstreamError(n), { statusFor: { E0000007: 404 } })).toBe(n);
    expect(normalizeOktaError(new UpstreamError(n), { statusFor: { E0000007: 410 } })).toMatchObject({ status: 410, title: 'Gone', code: 'E0000007' });
  });
});

describe('an upstream 5xx', () => {
  it('a known OAuth code keeps its own row', () => {
    expect(normalizeOktaError({ error: 'invalid_grant' }, { status: 503 })).toMatchObject({ code: 'invalid_grant', status: 400, retryable: false });
  });

  it('an unknown OAuth code is described by the status, as an answer without a code', () => {
    // Without a code, a 501 is an unlisted 5xx (a retryable failure); with an unknown Okta code it would be configuration.
    expect(normalizeOktaError({ error: 'brand_new_error' }, { status: 501 })).toMatchObject({ code: 'brand_new_error', status: 502, category: 'upstream_failure', retryable: true });
    expect(normalizeOktaError({ errorCode: 'E0009999' }, { status: 501 })).toMatchObject({ category: 'configuration', retryable: false });
  });

  it('an openid-client failure is described by the status, as an answer without a code', () => {
    const err = new ClientError('unexpected response', { cause: new Response('<html/>', { status: 501 }), code: 'OAUTH_RESPONSE_IS_NOT_CONFORM' } as ErrorOptions);
    expect(normalizeOktaError(err)).toMatchObject({ code: 'OAUTH_RESPONSE_IS_NOT_CONFORM', status: 502, category: 'upstream_failure', retryable: true });
  });
});

describe('codes', () => {
  it('only a string is an Okta code or an OAuth code', () => {
    expect(normalizeOktaError({ errorCode: ['E0000007'] }, { status: 404 })?.code).toBe('upstream_404');
    expect(normalizeOktaError({ errorSummary: 'x', error: ['invalid_grant'] }, { status: 400 })?.code).toBe('upstream_400');
  });

  it('a failure without any status is upstream_error', () => {
    const n = normalizeOktaError({ name: 'HttpError', status: 'n/a', message: 'HTTP n/a proxy error' });
    expect(n).toMatchObject({ code: 'upstream_error', status: 502, source: 'okta-sdk' });
    expect(n).not.toHaveProperty('upstreamStatus');
  });
});

describe('production wording', () => {
  it('a 500 is described as a server failure', () => {
    const n = normalizeOktaError(createError(500));
    expect(n).toMatchObject({ status: 500, category: 'upstream_failure' });
    expect(n?.detail).toBe(OKTA_API_CATEGORY_DETAIL.upstream_failure.server);
    expect(normalizeOktaError(createError(499, { expose: false }))?.detail).toBe(OKTA_API_CATEGORY_DETAIL.validation.client);
  });
});

describe('Retry-After', () => {
  const date = (s: number) => new Date(Date.UTC(2024, 2, 3, 21, 6, s)).toUTCString();
  it('an HTTP-date is measured against the caller\'s now when the response has no Date', () => {
    const n = normalizeOktaError('', { status: 503, headers: { 'retry-after': date(100) }, now: Date.UTC(2024, 2, 3, 21, 6, 40) });
    expect(n?.retryAfter).toBe(60);
  });

  it('is kept for a retryable failure, and for a 429 or 503 answer even when not retryable', () => {
    expect(normalizeOktaError('', { status: 500, headers: { 'retry-after': '7' } })).toMatchObject({ status: 502, retryable: true, retryAfter: 7 });
    expect(normalizeOktaError(E7, { status: 404, headers: { 'retry-after': '7' }, statusFor: { E0000007: 503 } })).toMatchObject({ status: 503, retryable: false, retryAfter: 7 });
    expect(normalizeOktaError(E7, { status: 404, headers: { 'retry-after': '7' } })).not.toHaveProperty('retryAfter');
  });
});

describe('ids, causes and summary', () => {
  it('an id is trimmed, then cut at its first character outside [A-Za-z0-9._-]', () => {
    expect(normalizeOktaError(E7, { status: 404, headers: { 'x-okta-request-id': '  req-1.A_b  ' } })?.requestId).toBe('req-1.A_b');
  });

  it('an id is read from its first 1,024 characters only: what follows cannot change it', () => {
    // Past the cut, an encoded secret would make the whole value decode (req%2D1 → req-1).
    const header = `req%2D1${' '.repeat(1100)}password%3Dhunter2`;
    expect(normalizeOktaError(E7, { status: 404, headers: { 'x-okta-request-id': header } })?.requestId).toBe('req');
  });

  it('keeps non-empty causes, read from the first 100 entries', () => {
    const causes = [{ errorSummary: '' }, { errorSummary: '  ' }, { errorSummary: 'login: taken' }];
    expect(normalizeOktaError({ errorCode: 'E0000001', errorCauses: causes }, { status: 400 })?.causes).toEqual(['login: taken']);
    const late = [...Array.from({ length: 100 }, () => ({ errorSummary: '' })), { errorSummary: 'too late' }];
    expect(normalizeOktaError({ errorCode: 'E0000001', errorCauses: late }, { status: 400 })?.causes).toEqual([]);
  });

  it('the summary is the first text that is not blank', () => {
    expect(normalizeOktaError({ errorCode: 'E0000007', errorSummary: '   ', error_description: 'The user is gone.' }, { status: 404 })?.summary).toBe('The user is gone.');
  });
});

describe('optional fields', () => {
  it('are absent, not undefined, when there is nothing to say', () => {
    const n = normalizeOktaError({ errorCode: 'E0000007' })!;
    expect(Object.keys(n).sort()).toEqual(['category', 'causes', 'code', 'detail', 'hint', 'retryable', 'source', 'status', 'title']);
  });

  it('are all set when there is', () => {
    const n = normalizeOktaError(
      { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: 'oae1' },
      { status: 401, headers: { 'x-okta-request-id': 'r1', 'retry-after': '3' }, statusFor: { E0000011: 503 } },
    )!;
    expect(n).toMatchObject({ requestId: 'r1', errorId: 'oae1', retryAfter: 3, upstreamStatus: 401, summary: 'Invalid token provided', errorLink: 'E0000011' });
    expect(normalizeOktaError({ error: 'invalid_grant' }, { status: 400 })).toHaveProperty('action');
  });
});
