-- wrk script for the load-with-faults test (tests/test_deploy.py): requests go round a list of addresses (PATHS,
-- comma-separated, from the environment), and every answer is counted by the second it came in and its status.
-- A 503 must be Vita's own page, never a traceback: any other 503 body is counted as "bad503".
-- At the end each thread's counts are printed as "second status count" lines.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("PATHS") or "/", "[^,]+") do
    table.insert(paths, path)
  end
  counter = 0
  counts = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  local key = os.time() .. " " .. status
  if status == 503 and (not string.find(body, "Temporarily unavailable", 1, true)
      or string.find(body, "Traceback", 1, true)) then
    key = os.time() .. " bad503"
  end
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      io.write(key, " ", count, "\n")
    end
  end
end
