-- Functions every script may call; the loader puts them after the shared codes and before the script.

-- The score of a comment in a status index: the decision's stream id ("ms-seq") as one number, ms × 1000 + seq,
-- so pages are stable; ModerationStore.PageAsync reads it back that way. The second value says whether this is
-- the first decision of its millisecond.
local function indexScore(cur)
  local dash = string.find(cur, '-', 1, true)
  local seq = string.sub(cur, dash + 1)
  if #seq > 3 then seq = '999' else seq = string.rep('0', 3 - #seq) .. seq end
  return string.sub(cur, 1, dash - 1) .. seq, seq == '000'
end

-- The protobuf message in bytes with only the fields whose numbers are keys of keep, as they were: a labeled
-- example keeps a submission's text and name, not its email, IP or browser. Copying stops at a field it cannot
-- read, such as a varint longer than ten bytes (what came before is kept).
local function keepFields(bytes, keep)
  local out, i, n = {}, 1, #bytes
  local function varint()
    local value, scale, start = 0, 1, i
    while i <= n and i - start < 10 do
      local b = string.byte(bytes, i)
      i = i + 1
      value = value + (b % 128) * scale
      if b < 128 then return value end
      scale = scale * 128
    end
    return nil
  end
  while i <= n do
    local start = i
    local tag = varint()
    if not tag then break end
    local wire = tag % 8
    if wire == 0 then
      if not varint() then break end
    elseif wire == 1 then i = i + 8
    elseif wire == 2 then
      local length = varint()
      if not length then break end
      i = i + length
    elseif wire == 5 then i = i + 4
    else break end
    if i > n + 1 then break end
    if keep[math.floor(tag / 8)] then out[#out + 1] = string.sub(bytes, start, i - 1) end
  end
  return table.concat(out)
end
