-- wrk script for the comment POST run of bench/run.sh (issue 7): every
-- request posts a different comment (the store refuses duplicates) as
-- an ordinary urlencoded form to the path given on the command line.
local n = 0
local thread_id = 0
local counter = 0

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
end

function request()
  n = n + 1
  local body = "author=Bench+Reader+" .. thread_id ..
    "&email=bench" .. thread_id .. "%40example.org" ..
    "&comment=Benchmark+comment+number+" .. n .. "+from+thread+" ..
    thread_id .. "+with+a+few+words+of+text+to+store."
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
