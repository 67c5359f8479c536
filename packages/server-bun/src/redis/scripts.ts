/**
 * The Lua scripts of {@link RedisTopicStore}. Each runs atomically in Redis, so numbering,
 * storing, trimming and announcing a publication is one step across every server process.
 *
 * Keys per topic (one hash tag, so one slot): `<prefix>{<topic>}:m`, a hash with the epoch `e`
 * and the latest offset `o`; `<prefix>{<topic>}:s`, a stream whose entry ids are `<offset>-1`
 * with fields `f` (the frame), `t` (Redis time in ms) and `o` (the publishing process's origin token). The hash and the stream are lost
 * together by a flush or a restart without persistence: the next call then starts a new epoch.
 */

/**
 * Creates the epoch when the hash is missing (dropping any stream left behind), numbers the
 * publication, stores it (unless `maxCount` is 0), trims by count and by age, and `PUBLISH`es
 * the announcement. ARGV: frame, maxCount, maxAgeMs, a fresh epoch, channel, announcement head,
 * origin (kept as field `o`, for publications a process reads back to fill a gap), the idle
 * topic TTL in ms (0: none).
 * Returns `{epoch, offset}`.
 */
export const APPEND_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
end
local offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
local maxCount = tonumber(ARGV[2])
local maxAge = tonumber(ARGV[3])
if maxCount > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('XADD', KEYS[2], string.format('%d-1', offset), 'f', ARGV[1], 't', now, 'o', ARGV[7])
  redis.call('XTRIM', KEYS[2], 'MAXLEN', maxCount)
  local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 32)
  local drop = 0
  for _, entry in ipairs(oldest) do
    if tonumber(entry[2][4]) >= now - maxAge then break end
    drop = tonumber(string.match(entry[1], '^(%d+)'))
  end
  if drop > 0 then redis.call('XTRIM', KEYS[2], 'MINID', string.format('%d-0', drop + 1)) end
  if maxAge < 1e12 then redis.call('PEXPIRE', KEYS[2], maxAge + 1000) end
else
  redis.call('DEL', KEYS[2])
end
if tonumber(ARGV[8]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[8]) end
redis.call('PUBLISH', ARGV[5], string.format('n%d %s %s', offset, epoch, ARGV[6]) .. ARGV[1])
return {epoch, offset}
`;

/**
 * The topic's epoch and latest offset, creating the epoch when missing. ARGV: a fresh epoch, the
 * idle topic TTL in ms (0: none; a subscribe counts as use).
 */
export const HEAD_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'e', 'o')
if not head[1] then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'e', ARGV[1], 'o', 0)
  head = {ARGV[1], 0}
end
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {head[1], tonumber(head[2])}
`;

/**
 * The epoch, latest offset, Redis time (ms) and, when ARGV[1] is the epoch and ARGV[2] is below
 * the latest, the stored entries after offset ARGV[2]. The caller checks they are all there.
 */
export const READ_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'e', 'o')
local latest = tonumber(head[2] or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local after = tonumber(ARGV[2])
if head[1] ~= ARGV[1] or after >= latest then return {head[1] or '', latest, now, {}} end
return {head[1], latest, now, redis.call('XRANGE', KEYS[2], string.format('%d-1', after + 1), '+')}
`;
