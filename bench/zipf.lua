-- wrk script for the news-day runs of bench/run.sh: readers request
-- article pages with a Zipf distribution (s = 1) over the paths in the
-- file named by ZIPF_PATHS, one path a line, hottest first: a few
-- stories get most of the traffic, every one of them gets some.  Each
-- thread draws from its own seed, the same on every run.
local paths = {}
local cdf = {}

function setup(thread)
  setup_n = (setup_n or 0) + 1
  thread:set("seed", setup_n)
end

function init(args)
  local f = assert(io.open(os.getenv("ZIPF_PATHS"), "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  local total = 0
  for k = 1, #paths do
    total = total + 1 / k
    cdf[k] = total
  end
  for k = 1, #paths do cdf[k] = cdf[k] / total end
  math.randomseed(1000 + (seed or 0))
end

function request()
  local u = math.random()
  local lo, hi = 1, #paths
  while lo < hi do
    local mid = (lo + hi) // 2
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end
