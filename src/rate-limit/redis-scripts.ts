/**
 * The Redis store's Lua scripts: the in-process store's decisions (`store.ts`), step for step, each
 * run atomically by Redis. Time is Redis's own (`TIME`), so the instances' clocks never meet; resets
 * arrive as "at most this many ms from now", measured by the instance against Okta's `Date`.
 *
 * Keys, all in one Redis Cluster hash slot per org (`{tag}`):
 * - `b:<bucket>`: hash `l` limit, `r` remaining, `x` window id, `rr` reset (Redis ms, 0 once
 *   passed), `p` passed; expires 10 min after its reset.
 * - `inflight`: sorted set of lease ids scored by expiry; the key expires with its last lease.
 * - `p:<bucket>`: the probing call's lease id, with the lease's expiry.
 * - `hold`: present while the org holds after a concurrency 429.
 * - `ceil`: the lowered cap on calls in flight after a concurrency 429, for 30 s.
 * @module
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: bucket, inflight, probe, hold, ceil. ARGV: leaseId, reserve, concurrency, leaseMs.
 * Returns `{1, probe}` or `{0, reason, waitMs}`.
 */
export const ACQUIRE = `${NOW}
local leaseId, reserve, cap, leaseMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local hold = redis.call('PTTL', KEYS[4])
if hold > 0 then return {0, 'held', hold} end
local ceil = redis.call('GET', KEYS[5])
if ceil and tonumber(ceil) < cap then cap = tonumber(ceil) end
if redis.call('ZCARD', KEYS[2]) >= cap then return {0, 'concurrency', 0} end
local probe = 0
local s = redis.call('HMGET', KEYS[1], 'l', 'r', 'rr')
if not s[1] then
  if not redis.call('SET', KEYS[3], leaseId, 'NX', 'PX', leaseMs) then return {0, 'unknown', 0} end
  probe = 1
else
  local l = tonumber(s[1])
  if l > 0 then
    local r, rr = tonumber(s[2]), tonumber(s[3])
    if rr > 0 and now >= rr then
      -- The window has passed. Calls granted before but still in flight may reach Okta in the new one.
      r = math.max(0, l - redis.call('ZCARD', KEYS[2]))
      rr = 0
      redis.call('HSET', KEYS[1], 'r', r, 'rr', 0, 'p', 1)
    end
    if r <= math.floor(l * reserve) then
      if rr > 0 then return {0, 'reset', rr - now} end
      return {0, 'window', 0}
    end
    redis.call('HINCRBY', KEYS[1], 'r', -1)
  end
end
redis.call('ZADD', KEYS[2], now + leaseMs, leaseId)
if redis.call('PTTL', KEYS[2]) < leaseMs then redis.call('PEXPIRE', KEYS[2], leaseMs) end
return {1, probe}`;

/**
 * KEYS: bucket, inflight, probe, hold, ceil. ARGV: leaseId, probe (0/1), kind (none, no_headers,
 * rate, concurrency), limit, remaining, resetEpoch, resetInMs, rejected (0/1), holdMs, stateTtlMs,
 * noHeadersTtlMs, ceilingTtlMs. Returns 1 when the bucket's state changed.
 */
export const COMPLETE = `${NOW}
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] == '1' and redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
local kind = ARGV[3]
if kind == 'no_headers' then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    redis.call('HSET', KEYS[1], 'l', 0, 'r', 0, 'x', 0, 'rr', 0, 'p', 0)
    redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[11]))
    return 1
  end
  return 0
end
if kind == 'concurrency' then
  if ARGV[8] == '1' then
    local holdMs = tonumber(ARGV[9])
    if redis.call('PTTL', KEYS[4]) < holdMs then redis.call('SET', KEYS[4], '1', 'PX', holdMs) end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
    local n = math.max(1, redis.call('ZCARD', KEYS[2]))
    local ceil = redis.call('GET', KEYS[5])
    if ceil and tonumber(ceil) < n then n = tonumber(ceil) end
    redis.call('SET', KEYS[5], n, 'PX', tonumber(ARGV[12]))
  end
  return 0
end
if kind ~= 'rate' then return 0 end
local limit, remaining, x, inMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local resetAt = now + inMs
local s = redis.call('HMGET', KEYS[1], 'l', 'r', 'x', 'rr', 'p')
local l, r, sx, rr, p = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4]), s[5]
if not l or l == 0 then
  r, sx, rr, p = remaining, x, resetAt, '0'
elseif x < sx or (x == sx and p == '1') then
  return 0
elseif x == sx then
  if remaining < r then r = remaining end
  if resetAt < rr then rr = resetAt end
else
  if p == '1' then
    if remaining < r then r = remaining end
  else
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
    r = math.max(0, remaining - redis.call('ZCARD', KEYS[2]))
  end
  sx, rr, p = x, resetAt, '0'
end
if ARGV[8] == '1' then r = 0 end
redis.call('HSET', KEYS[1], 'l', limit, 'r', r, 'x', sx, 'rr', rr, 'p', p)
redis.call('PEXPIRE', KEYS[1], inMs + tonumber(ARGV[10]))
return 1`;

/**
 * KEYS: inflight, then one probe key per lease (or the inflight key again when that lease is no
 * probe). ARGV: leaseMs, then the lease ids.
 */
export const RENEW = `${NOW}
local leaseMs = tonumber(ARGV[1])
for i = 2, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[1], id) then redis.call('ZADD', KEYS[1], 'XX', now + leaseMs, id) end
  local probe = KEYS[i]
  if probe ~= KEYS[1] and redis.call('GET', probe) == id then redis.call('PEXPIRE', probe, leaseMs) end
end
if redis.call('PTTL', KEYS[1]) < leaseMs then redis.call('PEXPIRE', KEYS[1], leaseMs) end
return 1`;
