-- wrk script: POST a new comment on every request (distinct bodies, so no duplicate detection).
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    '{"body":"Benchmark comment %d from thread %d","author_name":"Bench","story_url":"%s"}',
    counter, math.random(1, 1000000), os.getenv("STORY_URL"))
  return wrk.format("POST", os.getenv("POST_PATH"), {
    ["Content-Type"] = "application/json",
    ["Origin"] = os.getenv("ORIGIN"),
  }, body)
end
