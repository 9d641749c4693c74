-- wrk script: cycles through the README's queries (bench/out/soak-queries.lua)
-- and counts answers that are not a 200 without GraphQL errors.
local bodies = dofile("bench/out/soak-queries.lua")
local threads = {}
local sent = 0
errors = 0

function setup(thread)
  table.insert(threads, thread)
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json" },
    bodies[(sent % #bodies) + 1])
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
  end
  io.write(string.format("%d queries of %d kinds, %d errors (non-200 or GraphQL errors), %d socket errors\n",
    summary.requests, #bodies, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
