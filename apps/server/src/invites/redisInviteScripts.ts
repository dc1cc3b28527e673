import { createHash } from "node:crypto";
import type { Script } from "../registry/redisScripts.js";

/** The Lua scripts of one-time invites in Redis (F30); each runs atomically. */
function script(text: string): Script {
  return { text, sha: createHash("sha1").update(text).digest("hex") };
}

/**
 * KEYS record, roomIndex, allInvites, room · ARGV inviteId, roomId, blob, expiresAt, now,
 * ttlMs, perRoom, total. Nothing is written for a room that does not exist.
 */
export const CREATE_INVITE = script(`
if redis.call('EXISTS', KEYS[4]) == 0 then return 'no-room' end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[5])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[7]) then return 'room-full' end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[8]) then return 'server-full' end
if not redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[6], 'NX') then return 'collision' end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2] .. '/' .. ARGV[1])
return 'created'
`);

/** KEYS record, roomIndex, allInvites · ARGV inviteId, roomId. The value, deleted; nil if none. */
export const TAKE_INVITE = script(`
local v = redis.call('GET', KEYS[1])
if not v then return false end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2] .. '/' .. ARGV[1])
return v
`);

/** KEYS roomIndex, allInvites · ARGV roomId, recordPrefix. Deletes a room's invites. */
export const DROP_ROOM_INVITES = script(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  redis.call('DEL', ARGV[2] .. id)
  redis.call('ZREM', KEYS[2], ARGV[1] .. '/' .. id)
end
redis.call('DEL', KEYS[1])
return #ids
`);
