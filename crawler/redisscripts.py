"""The scripts the Redis crawl state runs on the server (crawler/redisstate.py): each is one
step that no other client sees half-done."""

# KEYS: articles, aliases, skipped, the article's bands-of set, band-order, then its new
# band sets; ARGV: canonical URL, stored JSON, URL, number of aliases, the aliases.  The
# article's old band sets are read from bands-of (keys not declared: one server, no cluster).
REMEMBER = """
local canonical = ARGV[1]
redis.call('HSET', KEYS[1], canonical, ARGV[2])
for i = 1, tonumber(ARGV[4]) do redis.call('HSET', KEYS[2], ARGV[4 + i], canonical) end
for _, old in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('ZREM', old, canonical) end
redis.call('DEL', KEYS[4])
local order = redis.call('INCR', KEYS[5])
for i = 6, #KEYS do
  redis.call('ZADD', KEYS[i], order, canonical)
  redis.call('SADD', KEYS[4], KEYS[i])
end
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
"""
# KEYS: the run's claims, its members, this member's journal, the run's claimed articles,
# the article's bands-of set, band-order, then its band sets; ARGV: canonical URL, member,
# URL, stored JSON, how many candidates a band gives.  A claim held by another live member
# refuses; else the article is claimed, its bands registered, and the articles sharing a
# band (registered before it) returned with their order: all at once, so that of two
# near-identical articles claimed together the second sees the first.
CLAIM = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local canonical, member = ARGV[1], ARGV[2]
local holder = redis.call('HGET', KEYS[1], canonical)
if holder and holder ~= member then
  local until_ = redis.call('ZSCORE', KEYS[2], holder)
  if until_ and tonumber(until_) > now then return {0, holder} end
end
redis.call('HSET', KEYS[1], canonical, member)
redis.call('HSET', KEYS[3], canonical, ARGV[3])
redis.call('HSET', KEYS[4], canonical, ARGV[4])
local found = {}
for i = 7, #KEYS do
  local rows = redis.call('ZRANGE', KEYS[i], 0, tonumber(ARGV[5]), 'WITHSCORES')
  for j = 1, #rows, 2 do
    if rows[j] ~= canonical then found[#found + 1] = rows[j + 1] .. ' ' .. rows[j] end
  end
end
local order = redis.call('INCR', KEYS[6])
for i = 7, #KEYS do
  redis.call('ZADD', KEYS[i], 'NX', order, canonical)
  redis.call('SADD', KEYS[5], KEYS[i])
end
return {1, found}
"""
# KEYS: the run's claims, its claimed articles; ARGV: member, then canonical URLs: the
# claims still held by that member are given up
GIVE_UP = """
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
return 1
"""
