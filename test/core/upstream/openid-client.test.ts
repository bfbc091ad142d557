/**
 * Real openid-client v6 errors, produced by real calls to a local authorization server, normalized.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOktaError } from '../../../src/core/upstream/normalize.js';

const CLIENT_SECRET = 'cs-very-secret-value';

describe('openid-client v6 against a local authorization server', () => {
  let server: Server;
  let base: string;
  let config: client.Configuration;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', base);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-okta-request-id': `req${status}`, ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return send(200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          userinfo_endpoint: `${base}/userinfo`,
          jwks_uri: `${base}/keys`,
          response_types_supported: ['code'],
        });
      }
      if (url.pathname === '/userinfo') {
        return send(401, '', { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid."' });
      }
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(raw).get('refresh_token');
        switch (token) {
          case 'rt-expired':
            return send(400, { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
          case 'rt-client':
            return send(401, { error: 'invalid_client', error_description: `Client authentication failed: client_secret=${CLIENT_SECRET}` });
          case 'rt-busy':
            return send(503, { error: 'temporarily_unavailable' }, { 'retry-after': '5' });
          case 'rt-html':
            res.writeHead(502, { 'content-type': 'text/html' });
            return res.end('<html>Bad Gateway</html>');
          case 'rt-slow':
            return setTimeout(() => send(200, {}), 2000).unref();
          default:
            return send(400, { error: 'invalid_request' });
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config = await client.discovery(new URL(base), 'client-id', CLIENT_SECRET, undefined, { execute: [client.allowInsecureRequests] });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const refreshFailure = (token: string) => client.refreshTokenGrant(config, token).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as Error & { code?: string },
  );

  it('invalid_grant on refresh: the session is over', async () => {
    const err = await refreshFailure('rt-expired');
    expect(err.code).toBe('OAUTH_RESPONSE_BODY_ERROR');
    expect(normalizeOktaError(err, { kind: 'refresh' })).toMatchObject({
      source: 'openid-client',
      code: 'invalid_grant',
      status: 401,
      action: 'session_expired',
      upstreamStatus: 400,
      requestId: 'req400',
    });
  });

  it('invalid_client: configuration, 502, and the secret never shows', async () => {
    const err = await refreshFailure('rt-client');
    const n = normalizeOktaError(err)!;
    expect(n).toMatchObject({ code: 'invalid_client', status: 502, category: 'configuration' });
    expect(JSON.stringify(n)).not.toContain(CLIENT_SECRET);
  });

  it('a 503 (even with an OAuth body): 503 with the Retry-After', async () => {
    const err = await refreshFailure('rt-busy');
    // oauth4webapi only reads OAuth error bodies on 4xx; a 5xx is "not conform", with the Response as cause.
    expect(err.code).toBe('OAUTH_RESPONSE_IS_NOT_CONFORM');
    expect(normalizeOktaError(err)).toMatchObject({ status: 503, retryAfter: 5, retryable: true, upstreamStatus: 503, requestId: 'req503' });
  });

  it('an HTML 502: OAUTH_RESPONSE_IS_NOT_CONFORM, upstream failure', async () => {
    const err = await refreshFailure('rt-html');
    expect(err.code).toBe('OAUTH_RESPONSE_IS_NOT_CONFORM');
    expect(normalizeOktaError(err)).toMatchObject({ code: 'OAUTH_RESPONSE_IS_NOT_CONFORM', status: 502, upstreamStatus: 502, retryable: true });
  });

  it('a timeout: OAUTH_TIMEOUT, 504', async () => {
    config.timeout = 0.2;
    try {
      const err = await refreshFailure('rt-slow');
      expect(err.code).toBe('OAUTH_TIMEOUT');
      expect(normalizeOktaError(err)).toMatchObject({ code: 'OAUTH_TIMEOUT', status: 504, retryable: true, category: 'upstream_failure' });
    } finally {
      config.timeout = 30;
    }
  });

  it('a WWW-Authenticate challenge from userinfo', async () => {
    const err = await client.fetchUserInfo(config, 'access-token', client.skipSubjectCheck).catch((e: unknown) => e as Error & { code?: string });
    expect(err.code).toBe('OAUTH_WWW_AUTHENTICATE_CHALLENGE');
    expect(normalizeOktaError(err)).toMatchObject({ code: 'invalid_token', status: 401, action: 'session_expired', upstreamStatus: 401 });
  });

  it('an error redirect validated by authorizationCodeGrant', async () => {
    const callback = new URL(`${base}/cb?error=access_denied&error_description=User+is+not+assigned&state=s1`);
    const err = await client
      .authorizationCodeGrant(config, callback, { expectedState: 's1' })
      .catch((e: unknown) => e as Error & { code?: string });
    expect(err.code).toBe('OAUTH_AUTHORIZATION_RESPONSE_ERROR');
    expect(normalizeOktaError(err)).toMatchObject({ code: 'access_denied', status: 403, source: 'openid-client', summary: 'User is not assigned' });
  });
});
