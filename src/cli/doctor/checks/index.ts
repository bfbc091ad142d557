/**
 * Every check, keyed by id. The runner reads this table; adding a check is adding a row here and an
 * id to `CHECK_IDS`.
 * @module
 */
import type { CheckDefinition } from '../context.js';
import type { CheckId } from '../types.js';
import { apiToken } from './api-token.js';
import { clientAuth } from './client-auth.js';
import { clock } from './clock.js';
import { discovery } from './discovery.js';
import { introspect } from './introspect.js';
import { jwks } from './jwks.js';
import { latency } from './latency.js';
import { rateLimit } from './rate-limit.js';
import { redirectUri } from './redirect-uri.js';
import { systemLog } from './system-log.js';
import { user } from './user.js';

export const CHECKS: Readonly<Record<CheckId, CheckDefinition>> = Object.freeze({
  discovery,
  jwks,
  'redirect-uri': redirectUri,
  'client-auth': clientAuth,
  'api-token': apiToken,
  'rate-limit': rateLimit,
  'system-log': systemLog,
  introspect,
  user,
  clock,
  latency,
});
