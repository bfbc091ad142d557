/**
 * Every Redis client the store supports, connected the way an app would: ioredis 5 and 6, node-redis
 * 4, 5 and 6. Each test that talks to Redis runs once per client.
 */
import { Redis as IoRedis5 } from 'ioredis';
import { Redis as IoRedis6 } from 'ioredis6';
import { createClient as createRedis5 } from 'redis';
import { createClient as createRedis4 } from 'redis4';
import { createClient as createRedis6 } from 'redis6';
import type { RedisClientLike } from '../../src/rate-limit/index.js';

export type ClientName = 'ioredis' | 'ioredis6' | 'redis' | 'redis4' | 'redis6';
export const CLIENTS: readonly ClientName[] = ['ioredis', 'ioredis6', 'redis', 'redis4', 'redis6'];

export interface Connected {
  readonly client: RedisClientLike;
  close(): Promise<void>;
}

export async function connect(name: ClientName, port: number): Promise<Connected> {
  const host = '127.0.0.1';
  if (name === 'ioredis' || name === 'ioredis6') {
    const client = name === 'ioredis' ? new IoRedis5({ port, host }) : new IoRedis6({ port, host });
    // An app has an error listener; without one ioredis prints every reconnect failure.
    client.on('error', () => {});
    return {
      client,
      close: async () => {
        client.disconnect();
      },
    };
  }
  const options = { socket: { port, host } };
  const client = name === 'redis' ? createRedis5(options) : name === 'redis4' ? createRedis4(options) : createRedis6(options);
  // node-redis throws an unhandled 'error' event without a listener: every app has one.
  client.on('error', () => {});
  await client.connect();
  return {
    client: client as unknown as RedisClientLike,
    close: async () => {
      const c = client as unknown as { destroy?: () => void; disconnect: () => Promise<void> };
      if (c.destroy) c.destroy();
      else await c.disconnect().catch(() => {});
    },
  };
}
