-- wrk script: POST a new comment on every request, to Rejoinder or (PEER=isso) to Isso, with
-- the same realistic bodies for both: a sentence or two of a reader's view, a link in one of
-- five, made distinct by a counter (so that no duplicate detection fires).
local openings = {
  "I read the whole piece twice and I still think the minister is dodging the real question.",
  "The figures in the third paragraph do not match what the council published last week.",
  "Good reporting, but the article leaves out what the opposition actually proposed.",
  "My town went through exactly this in 2019 and nobody learned anything from it.",
  "This is the first clear explanation of the deal I have seen anywhere, thank you.",
  "Whatever you think of the policy, the way it was pushed through was a disgrace.",
  "People keep saying the costs are small; ask anyone who pays the bills here.",
  "The interview with the nurse was the most honest part of the whole story.",
}
local closings = {
  "Would be good to see a follow-up in a month.",
  "Happy to be proven wrong if someone has the numbers.",
  "Let's see what the vote brings on Thursday.",
  "Reader %d, for what it's worth.",
}
local counter = 0
local peer = os.getenv("PEER") or "rejoinder"

local function body_text()
  counter = counter + 1
  local text = openings[counter % #openings + 1] .. " " ..
    string.format(closings[counter % #closings + 1], counter) ..
    string.format(" (%d/%d)", counter, math.random(1, 1000000))
  if counter % 5 == 0 then
    text = text .. string.format(" Source: https://example.org/reports/%d", counter)
  end
  return text
end

request = function()
  local text = body_text()
  if peer == "isso" then
    local body = string.format('{"text":"%s","author":"Reader %d","title":"Flood"}', text, counter)
    return wrk.format("POST", os.getenv("POST_PATH"), {
      ["Content-Type"] = "application/json",
      ["Origin"] = os.getenv("ORIGIN"),
    }, body)
  end
  local body = string.format('{"body":"%s","author_name":"Reader %d","story_url":"%s"}',
    text, counter, os.getenv("STORY_URL"))
  return wrk.format("POST", os.getenv("POST_PATH"), {
    ["Content-Type"] = "application/json",
    ["Origin"] = os.getenv("ORIGIN"),
  }, body)
end
