/**
 * `okta-error-handler/rate-limit`: one Okta rate-limit budget for every instance of the app. The
 * limiter learns each bucket from Okta's headers, waits before a bucket runs out instead of after,
 * caps the org's calls in flight, and shares all of it through Redis when given a client.
 * @module
 */
export { createOktaRateLimiter } from './create.js';
export type { OktaRateLimiter, ScheduleOptions } from './create.js';
export type { OktaRateLimiterOptions, FetchLike } from './options.js';
export { redisRateLimitStore, redisClientKind } from './redis-store.js';
export type { RedisRateLimitStoreOptions, RedisClientLike, IoRedisLike, NodeRedisLike } from './redis-store.js';
export { memoryRateLimitStore } from './store.js';
export type { RateLimitStore, BucketRef, AcquireInput, AcquireOutcome, CompleteInput, Learned, WaitReason } from './store.js';
export { OktaRequestExecutor } from './executor.js';
export type { OktaRequestExecutorOptions, OktaSdkRequest, OktaSdkTransport } from './executor.js';
export { defaultBucket, pathTemplate, orgOf } from './bucket.js';
export { readRateLimitHeaders, parseRateLimitHeaders, OktaClock, OKTA_CONCURRENCY_LIMIT } from './headers.js';
export type { RateLimitObservation, RateLimitHeaders, ReadRateLimitOptions, KnownBucket } from './headers.js';
export type { RateLimitEvent, RateLimitWaitEvent, RateLimitRejectedEvent, RateLimitLearnedEvent, RateLimitStoreErrorEvent } from './events.js';
