import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ListeningServer {
  server: Server;
  /** e.g. `http://127.0.0.1:54321` (uses `publicHost` when given, else the bound host). */
  origin: string;
  port: number;
  /** Install (or replace) the request handler. Requests before that get a 503. */
  attach(handler: RequestListener): void;
  close(): Promise<void>;
}

/**
 * Bind an HTTP server *before* the application exists, so its real port can be
 * used to configure something else first (the provider needs the RP's
 * redirect_uri, the RP needs the provider's issuer). Pass port 0 for a free port.
 */
export async function listen(
  port = 0,
  host = '127.0.0.1',
  publicHost: string = host,
): Promise<ListeningServer> {
  let handler: RequestListener | undefined;
  const server = createServer((req, res) => {
    if (handler) {
      handler(req, res);
      return;
    }
    res.statusCode = 503;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Server is starting\n');
  });
  // Keep-alive sockets from fetch() would otherwise keep close() pending.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const bound = (server.address() as AddressInfo).port;
  const hostForUrl = publicHost.includes(':') ? `[${publicHost}]` : publicHost;

  return {
    server,
    port: bound,
    origin: `http://${hostForUrl}:${bound}`,
    attach(next) {
      handler = next;
    },
    close: () => closeServer(server),
  };
}

/** Close a server, including idle keep-alive connections. Idempotent. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
