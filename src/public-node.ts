/**
 * What the Node adapters' entry points (Express, Koa, Fastify, NestJS) export besides their factories:
 * everything in `public.ts`, and `stateFrom`, which reads sessions and cookies with `node:crypto`.
 * @module
 */
export * from './public.js';
export { stateFrom } from './integrations/state.js';
export type { SessionStateOptions, StateFromOptions, StateVerifier } from './integrations/state.js';
