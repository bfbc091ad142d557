/**
 * The two responses a Nest app hands the adapter: Fastify's reply (the filter on platform-fastify) and a
 * Node `ServerResponse` (Express's `res`; the raw response @fastify/middie hands middleware), and how
 * Nest's own `BaseExceptionFilter` writes to each when no adapter was given.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';

/** The part of Fastify's `FastifyReply` this adapter uses (no type import of fastify: it is not a peer of this entry point). */
export type Reply = { raw: ServerResponse; sent: boolean; cspNonce?: { style?: unknown }; code(status: number): Reply; headers(h: object): Reply; send(body?: unknown): unknown };
/** A Node response, with what Express adds (`locals`, `render`, `status().json()`). */
export type Res = ServerResponse & { locals?: { cspNonce?: unknown }; render?: (view: string, locals: object, done: (err: Error | null, out: string) => void) => void; status?(s: number): { json(b: unknown): unknown } };

export const isReply = (res: Res | Reply): res is Reply => 'raw' in res && typeof (res as Reply).code === 'function';

/**
 * What `BaseExceptionFilter` calls on its adapter (`isHeadersSent`, `reply`, `end`), done as
 * `ExpressAdapter` and `FastifyAdapter` do for the object bodies it sends: `res.status().json()`,
 * `reply.code().send()`. Used only for a filter made with `new` and no adapter.
 */
export const PLATFORM: Pick<HttpServer, 'isHeadersSent' | 'reply' | 'end'> = {
  isHeadersSent: (res: Res | Reply) => (isReply(res) ? res.sent : res.headersSent),
  reply: (res: Res | Reply, body: unknown, status?: number) => (isReply(res) ? res.code(status ?? 200).send(body) : res.status!(status ?? 200).json(body)),
  end: (res: Res | Reply) => void (isReply(res) ? res.raw : res).end(),
};
