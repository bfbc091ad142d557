/**
 * What the Node adapters (Express, Koa, Fastify, NestJS) give the core that a Fetch API runtime may not
 * have: a file system, for `{ file }` templates read at start-up.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { OptionsHost } from '../core/options/index.js';

export const NODE_HOST: OptionsHost = Object.freeze({ readFile: (path: string) => readFileSync(path, 'utf8') });
