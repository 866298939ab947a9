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
