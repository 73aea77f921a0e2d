-- wrk script: readers' page reads, taken in turn from the paths in PAGES_FILE (one per line: first
-- pages in each sort and the later pages of the thread, as bench/capacity.py wrote them), each
-- connection pausing THINK_MS between an answer and its next request (an offered rate, not a
-- flood: a flood measures the queue it builds, not what readers get).
local paths = {}
for line in io.lines(os.getenv("PAGES_FILE")) do
  paths[#paths + 1] = line
end
local think = tonumber(os.getenv("THINK_MS") or "0")
local at = 0
request = function()
  at = at % #paths + 1
  return wrk.format("GET", paths[at], {["Accept-Encoding"] = "gzip"})
end
delay = function()
  return think
end
