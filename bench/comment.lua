-- wrk script for the comment POST run of bench/run.sh: every
-- request posts a different comment (the store refuses duplicates) as
-- an ordinary urlencoded form to the path given on the command line.
-- thread_id is a global: setup() sets it in each thread's own state
-- (a local here would shadow it and every thread would post the same).
local n = 0
local counter = 0
-- Runs on the same database must not repeat a text (refused as a
-- duplicate): the start time makes each run's texts its own.
local run = os.time()

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
end

function request()
  n = n + 1
  local t = thread_id or 0
  local body = "author=Bench+Reader+" .. t ..
    "&email=bench" .. t .. "%40example.org" ..
    "&comment=Benchmark+comment+number+" .. n .. "+of+run+" .. run ..
    "+from+thread+" ..
    t .. "+with+a+few+words+of+text+to+store."
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
