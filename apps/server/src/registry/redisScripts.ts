import { createHash } from "node:crypto";

/**
 * The Lua scripts that change Redis. Each runs atomically inside Redis, so a change
 * that touches several keys (a join: lock, capacity, alias and seat; a removal: seat,
 * alias, owner, empty index) is seen whole or not at all by every node. Scripts never
 * create the keys of a room that does not exist: a late call for a purged room is a
 * no-op.
 */
export interface Script {
  text: string;
  sha: string;
}

function script(text: string): Script {
  return { text, sha: createHash("sha1").update(text).digest("hex") };
}

/** KEYS rooms, room, empty, expiry · ARGV roomId, maxRooms, seal, createdAt, expiresAt|"" */
export const CREATE_ROOM = script(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 'collision' end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'server-full' end
redis.call('HSET', KEYS[2], 'seal', ARGV[3], 'owner', '', 'locked', '0', 'emptySince', ARGV[4], 'seq', '0')
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[2], 'expiresAt', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 'created'
`);

/**
 * KEYS room, members, aliases, resume, nonces, bars, rooms, empty, expiry, away
 * ARGV roomId, seatsPrefix. Returns 1 only for the call that deleted the room, which
 * is how exactly one node gets to announce a purge.
 */
export const DELETE_ROOM = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  local seat = ARGV[1] .. '/' .. all[i]
  redis.call('ZREM', KEYS[10], seat)
  if rec.node then redis.call('SREM', ARGV[2] .. rec.node .. ':seats', seat) end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
redis.call('ZREM', KEYS[9], ARGV[1])
return 1
`);

/**
 * KEYS room, members, aliases, empty, seats, nodes
 * ARGV roomId, maxMembers, aliasTag, memberId, recordJson, nodeId, ignoreLock ('1' for a knock ticket)
 * Lock, capacity and alias are checked and the seat taken in one step.
 */
export const ADMIT_MEMBER = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'NOT_FOUND'} end
if ARGV[7] ~= '1' and redis.call('HGET', KEYS[1], 'locked') == '1' then return {'LOCKED'} end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[2]) then return {'FULL'} end
if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return {'ALIAS_TAKEN'} end
local rec = cjson.decode(ARGV[5])
rec.seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[2], ARGV[4], cjson.encode(rec))
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('HDEL', KEYS[1], 'emptySince')
redis.call('ZREM', KEYS[4], ARGV[1])
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner or owner == '' then
  owner = ARGV[4]
  redis.call('HSET', KEYS[1], 'owner', owner)
end
redis.call('SADD', KEYS[5], ARGV[1] .. '/' .. ARGV[4])
redis.call('SADD', KEYS[6], ARGV[6])
return {'ok', owner}
`);

/**
 * KEYS room, members, aliases, resume, empty, away
 * ARGV roomId, memberId, now, onlySocketId|"", seatsPrefix, awayBefore|""
 * Returns {record, ownerId, ownerChanged} or nil when the member was not (so) seated.
 */
export const REMOVE_MEMBER = script(`
local raw = redis.call('HGET', KEYS[2], ARGV[2])
if not raw then return false end
local rec = cjson.decode(raw)
if ARGV[4] ~= '' and rec.socketId ~= ARGV[4] then return false end
if ARGV[6] ~= '' and (not rec.awaySince or tonumber(rec.awaySince) > tonumber(ARGV[6])) then return false end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], rec.tag)
if rec.resumeHash then redis.call('HDEL', KEYS[4], rec.resumeHash) end
local seat = ARGV[1] .. '/' .. ARGV[2]
redis.call('ZREM', KEYS[6], seat)
if rec.node then redis.call('SREM', ARGV[5] .. rec.node .. ':seats', seat) end
local owner = redis.call('HGET', KEYS[1], 'owner') or ''
local changed = 0
if owner == ARGV[2] then
  local best, bestSeq = '', nil
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do
    local r = cjson.decode(all[i + 1])
    if bestSeq == nil or r.seq < bestSeq then
      best = all[i]
      bestSeq = r.seq
    end
  end
  owner = best
  redis.call('HSET', KEYS[1], 'owner', owner)
  if owner ~= '' then changed = 1 end
end
if redis.call('HLEN', KEYS[2]) == 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'emptySince', ARGV[3])
  redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
end
return {raw, owner, changed}
`);

/** KEYS members, resume · ARGV memberId, hash */
export const SET_RESUME_HASH = script(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.resumeHash then redis.call('HDEL', KEYS[2], rec.resumeHash) end
rec.resumeHash = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
`);

/**
 * KEYS members, away · ARGV roomId, memberId, mode ("socket" | "node"), value, now
 * "socket": only while that socket holds the seat. "node": only a present member whose
 * socket is on that (dead) node.
 */
export const MARK_AWAY = script(`
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return 0 end
local rec = cjson.decode(raw)
if ARGV[3] == 'socket' and rec.socketId ~= ARGV[4] then return 0 end
if ARGV[3] == 'node' and (rec.node ~= ARGV[4] or rec.awaySince) then return 0 end
rec.awaySince = ARGV[5]
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(rec))
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1] .. '/' .. ARGV[2])
return 1
`);

/**
 * KEYS members, resume · ARGV hash, now, windowMs
 * Read only: the member a resume token would seat, if its window has not passed.
 */
export const FIND_RESUMABLE = script(`
local id = redis.call('HGET', KEYS[2], ARGV[1])
if not id then return false end
local raw = redis.call('HGET', KEYS[1], id)
if not raw then return false end
local rec = cjson.decode(raw)
if rec.awaySince and (tonumber(ARGV[2]) - tonumber(rec.awaySince)) > tonumber(ARGV[3]) then return false end
return {id, raw}
`);

/**
 * KEYS members, resume, away, seats, nodes
 * ARGV roomId, hash, socketId, now, windowMs, nodeId, seatsPrefix
 * Spends a resume token (single use) and gives the seat to this node's socket.
 */
export const RESUME_MEMBER = script(`
local id = redis.call('HGET', KEYS[2], ARGV[2])
if not id then return false end
redis.call('HDEL', KEYS[2], ARGV[2])
local raw = redis.call('HGET', KEYS[1], id)
if not raw then return false end
local rec = cjson.decode(raw)
rec.resumeHash = nil
if rec.awaySince and (tonumber(ARGV[4]) - tonumber(rec.awaySince)) > tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[1], id, cjson.encode(rec))
  return false
end
rec.awaySince = nil
local seat = ARGV[1] .. '/' .. id
redis.call('ZREM', KEYS[3], seat)
if rec.node and rec.node ~= ARGV[6] then redis.call('SREM', ARGV[7] .. rec.node .. ':seats', seat) end
rec.node = ARGV[6]
rec.socketId = ARGV[3]
redis.call('SADD', KEYS[4], seat)
redis.call('SADD', KEYS[5], ARGV[6])
local out = cjson.encode(rec)
redis.call('HSET', KEYS[1], id, out)
return {id, out}
`);

/** KEYS room · ARGV "1" | "0" */
export const SET_LOCKED = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'locked', ARGV[1])
return 1
`);

/**
 * KEYS room, zset · ARGV member, score, cap. Adds a nonce or a bar to a live room,
 * drops the entries that end soonest beyond the cap, and lets the whole set expire
 * with its last entry.
 */
export const ADD_EXPIRING = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
local n = redis.call('ZCARD', KEYS[2])
local cap = tonumber(ARGV[3])
if n > cap then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - cap - 1) end
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1
`);

/**
 * KEYS room, nonces, nonceGroups · ARGV nonce, expiresAt, group, now, perGroup, cap.
 * Issues a join challenge to an address group: expired ones go first; a group at
 * `perGroup` gives up its own oldest; otherwise a room at `cap` refuses (0) rather
 * than evict anyone's. Both keys expire with the last challenge. 1 when issued.
 */
export const ISSUE_NONCE = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local dead = redis.call('ZRANGE', KEYS[2], '-inf', ARGV[4], 'BYSCORE')
for _, n in ipairs(dead) do
  redis.call('ZREM', KEYS[2], n)
  redis.call('HDEL', KEYS[3], n)
end
local live = redis.call('ZRANGE', KEYS[2], 0, -1)
local oldest = nil
local mine = 0
if #live > 0 then
  local groups = redis.call('HMGET', KEYS[3], unpack(live))
  for i, n in ipairs(live) do
    if groups[i] == ARGV[3] then
      mine = mine + 1
      if oldest == nil then oldest = n end
    end
  end
end
if mine >= tonumber(ARGV[5]) then
  redis.call('ZREM', KEYS[2], oldest)
  redis.call('HDEL', KEYS[3], oldest)
elseif #live >= tonumber(ARGV[6]) then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
redis.call('PEXPIREAT', KEYS[3], last[2])
return 1
`);

/** KEYS nonces, nonceGroups · ARGV nonce, now. Single use: gone whether or not it was fresh. */
export const CONSUME_NONCE = script(`
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if tonumber(ARGV[2]) < tonumber(s) then return 1 end
return 0
`);
