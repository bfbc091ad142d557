/**
 * A real redis-server (Debian's package, installed by `.ci/install-redis`) for the tests: started on a
 * free loopback port with persistence off, in a temporary directory, and stopped (or killed, to
 * simulate an outage, and restarted on the same port). `SKIP_REDIS_TESTS=1` skips the Redis tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SKIP_REDIS = process.env.SKIP_REDIS_TESTS === '1';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Sends one command over a fresh connection and returns the raw reply text. */
  command(...args: string[]): Promise<string>;
  /** SIGKILL: the outage. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`). */
  restart(): Promise<void>;
  /** SIGTERM and clean up. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** RESP encoding of one command. */
const encode = (args: readonly string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${args[0]}: no answer`));
    }, 2000);
    socket.on('connect', () => socket.write(encode(args)));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      // Enough for the small replies the tests read: a complete line, or a complete array of lines.
      if (data.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    try {
      if ((await redisCommand(port, 'PING')).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not answer PING within 5 s');
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oeh-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    const proc = spawn('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.resume();
    child = proc;
    const failed = new Promise<never>((_, reject) =>
      proc.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'ENOENT'
            ? new Error('redis-server is not installed: run `bash .ci/install-redis` (Debian: apt-get install redis-server), or set SKIP_REDIS_TESTS=1')
            : err,
        ),
      ),
    );
    await Promise.race([waitReady(port, proc), failed]);
  };
  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    command: (...args) => redisCommand(port, ...args),
    kill: () => exit('SIGKILL'),
    restart: launch,
    stop: async () => {
      await exit('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
