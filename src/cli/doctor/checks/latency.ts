/**
 * `latency`: the phases of one fresh request to the org (DNS, TCP connect, TLS, first byte, total),
 * timed from the socket's own events, the way `curl -w` reports them.
 * @module
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';

import { describeNetworkError } from '../http.js';
import { discoveryUrl, type CheckDefinition, type Finding } from '../context.js';

const WARN_MS = 1000;
const MAX_BYTES = 1024 * 1024;

export interface Timings {
  readonly status: number;
  /** Undefined when the host is an IP address (no lookup). */
  readonly dnsMs?: number;
  readonly connectMs?: number;
  /** Undefined for http. */
  readonly tlsMs?: number;
  readonly firstByteMs?: number;
  readonly totalMs: number;
  readonly requestId?: string;
}

/** One GET on a new connection (no keep-alive agent), timing each phase. */
export function timedRequest(url: URL, signal: AbortSignal): Promise<Timings> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const at: { dns?: number; connect?: number; tls?: number; firstByte?: number } = {};
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const since = (from: number | undefined, to: number | undefined) => (from !== undefined && to !== undefined ? Math.max(0, Math.round(to - from)) : undefined);
    let settled = false;
    const finish = (res: IncomingMessage) => {
      if (settled) return;
      settled = true;
      const end = performance.now();
      const raw = res.headers['x-okta-request-id'];
      resolve({
        status: res.statusCode ?? 0,
        dnsMs: since(start, at.dns),
        connectMs: since(at.dns ?? start, at.connect),
        tlsMs: since(at.connect, at.tls),
        firstByteMs: since(at.tls ?? at.connect ?? start, at.firstByte),
        totalMs: Math.round(end - start),
        requestId: typeof raw === 'string' ? /^[A-Za-z0-9._-]{1,128}/.exec(raw.trim())?.[0] : undefined,
      });
    };
    const req = send(
      url,
      { method: 'GET', agent: false, signal, headers: { accept: 'application/json', 'user-agent': 'okta-error-handler-doctor', connection: 'close' } },
      (res) => {
        at.firstByte = performance.now();
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) finish(res);
        });
        res.on('end', () => finish(res));
        res.on('close', () => finish(res));
        res.on('error', (err) => (settled ? undefined : reject(err)));
      },
    );
    req.on('socket', (socket) => {
      socket.once('lookup', () => (at.dns = performance.now()));
      socket.once('connect', () => (at.connect = performance.now()));
      socket.once('secureConnect', () => (at.tls = performance.now()));
    });
    req.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(signal.aborted ? signal.reason : describeNetworkError(err, url.href));
    });
    req.end();
  });
}

export const latency: CheckDefinition = {
  id: 'latency',
  title: 'Latency to the org',
  async run(ctx): Promise<Finding> {
    const url = new URL(discoveryUrl(ctx.options.issuer));
    const t = await timedRequest(url, ctx.signal);
    const phases = [
      `DNS ${t.dnsMs === undefined ? 'none (IP address)' : `${t.dnsMs} ms`}`,
      `connect ${t.connectMs ?? '?'} ms`,
      url.protocol === 'https:' ? `TLS ${t.tlsMs ?? '?'} ms` : 'TLS none (http)',
      `first byte ${t.firstByteMs ?? '?'} ms`,
      `total ${t.totalMs} ms`,
    ].join(', ');
    const where = `GET ${url.host}${url.pathname} on a new connection`;
    if (t.totalMs > WARN_MS) {
      const slowest = [
        ['DNS', t.dnsMs],
        ['connecting', t.connectMs],
        ['the TLS handshake', t.tlsMs],
        ['Okta\'s answer', t.firstByteMs],
      ].sort((a, b) => ((b[1] as number | undefined) ?? 0) - ((a[1] as number | undefined) ?? 0))[0]![0];
      return {
        status: 'warn',
        detail: `${where}: ${phases}, over ${WARN_MS} ms (mostly ${slowest}).`,
        requestId: t.requestId,
        fix: 'Every sign-in makes several such calls: reuse connections (keep-alive), cache the discovery document and JWKS, and check DNS, proxy and the network path to Okta.',
      };
    }
    return { status: 'pass', detail: `${where}: ${phases}.`, requestId: t.requestId };
  },
};
