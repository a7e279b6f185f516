-- Champion Hub load mix for wrk (4.x, LuaJIT): clinicians browsing, searching, reading
-- resources, signing in and recording their progress, against a hub seeded with
-- server/seed/catalog.json. scripts/load runs it; by hand:
--
--   wrk -t2 -c128 -d60s --timeout 10s --latency -s load/mix.lua http://127.0.0.1:PORT -- ACCOUNTS 2
--
-- ACCOUNTS is a tab-separated file, one learner a line: email, password, session cookie value
-- (the `hub_session` cookie of a session already signed in as that learner). The second argument
-- is wrk's -t, which this script cannot otherwise know; each thread takes every THREADS-th line.
--
-- Who is who. wrk's Lua sees threads, not connections: there is no per-connection hook, and a
-- response cannot be matched to the request (or connection) it answers. So each thread plays
-- its share of the learners (one per connection with -c equal to the number of accounts) in
-- turn, a request at a time: request n of a thread is made by learner n mod (its learners). A
-- quarter of the page, search and detail requests carry no cookie (a colleague who has not
-- signed in); the rest carry the learner's cookie, as a signed-in browser would.
--
-- The mix, by weight (out of 100), with sign-ins paced by the clock on top:
--   browse  26  the browse page /resources, unfiltered or filtered by kind, audience,
--               discipline, topic, format, free, credits or page; some via /api/v1/resources
--   home     3  /
--   search  33  the search page /search?q= and /api/v1/search?q= with clinicians' queries
--               (lay words, abbreviations, typos, phrases, some with a filter, page 2 or an
--               order), and /api/v1/suggest?q= as someone types
--   detail  24  /resources/{slug} (and /api/v1/resources/{slug}) for every seeded slug
--   mine    14  progress writes PUT /api/v1/me/progress/{slug}/items/{item} (9), with
--               {"status": "in_progress"} or, one time in three, {"status": "completed"}, on
--               the seed's units that a learner completes by saying so (quizzes are completed
--               by passing them: a PUT "completed" on one is a 409, so they are left out);
--               reading one resource's progress (3); and the "My learning" page /me (2)
--   sign-in      POST /api/v1/session {"email", "password"}, sent without a cookie, as from a
--               new device; the answer's fresh `hub_session` replaces that learner's cookie
--               for the requests after it (the old session stays valid, so requests already
--               in flight with it still pass)
--
-- The sign-in throttle (server/src/accounts/throttle.rs) allows, per email, 5 tries at once then
-- one a minute, and per client address 30 at once then one every 2 s. All of wrk's connections
-- come from 127.0.0.1, one address, so the address limit is the binding one: at most 30 + t/2
-- sign-ins in t seconds. Legitimate load must never trip it, so:
--   * the runner creates the learners and their first sessions through sign-up
--     (POST /api/v1/accounts, which signs the new account in and is not throttled), not through
--     sign-in; it spends none of the address's allowance;
--   * here each thread signs in at most once every SIGNIN_EVERY = max(5, 2.5 x threads)
--     seconds (the first one staggered by thread), so all threads together sign in at most
--     0.4 times a second, 80% of the address's refill, with the burst of 30 as a margin for
--     the clock's one-second steps;
--   * each thread signs its learners in round-robin, so with 64 learners a thread one learner
--     signs in once every 64 x 5 s = 320 s, far inside its one a minute;
--   * every sign-in uses the right password, so none is a failed try.
-- A 429 is therefore an error like any other: it would mean the pacing above is broken.
--
-- Output: wrk's own summary, then one line `LOADRESULT {json}` from `done`, with the requests,
-- the errors (any status outside 200-399, and wrk's connect, read, write and timeout errors),
-- the statuses, the requests sent by kind, and latency p50/p90/p99/max in milliseconds.

-- The seed catalog's published resources (server/seed/catalog.json; scripts/load checks that
-- these lists still match it before a run).
local RESOURCES = {
  "aahpm-fellowship-directory", "acs-surgical-palliative-care-resources",
  "american-academy-of-hospice-and-palliative-medicine", "american-college-of-surgeons",
  "beth-israel-deaconess-medical-center", "capc-designation", "center-to-advance-palliative-care",
  "core-practice-of-palliative-care", "foundations-of-palliative-care",
  "harvard-medical-school-center-for-palliative-care",
  "high-stakes-communication-in-gynecologic-oncology", "hospice-and-palliative-medicine-fellowship",
  "indications-for-outpatient-palliative-care-consultation",
  "palliative-care-champions-in-gynecologic-oncology", "palliative-care-education-and-practice",
  "palliative-care-module-series-part-1", "palliative-care-module-series-part-2",
  "palliative-care-training-vietnam", "pcep-germany", "pcep-singapore",
  "society-of-gynecologic-oncology", "ucsf-palliative-medicine-program",
  "university-of-california-san-francisco", "university-of-colorado-anschutz",
  "university-of-colorado-anschutz-certificate-program", "vitaltalk", "vitaltalk-courses",
  "what-it-means-to-be-a-palliative-care-champion",
  "why-palliative-care-matters-in-gynecologic-cancer-care",
}

-- Units a learner records by saying so ("slug/item"): the items of resources that have items,
-- quizzes left out, and resources without items as their own unit. Organizations are left out
-- (nobody takes an organization).
local UNITS = {
  "aahpm-fellowship-directory/aahpm-fellowship-directory",
  "acs-surgical-palliative-care-resources/acs-surgical-palliative-care-resources",
  "capc-designation/capc-designation",
  "core-practice-of-palliative-care/day-1", "core-practice-of-palliative-care/day-2",
  "core-practice-of-palliative-care/day-3",
  "foundations-of-palliative-care/foundations-of-palliative-care",
  "high-stakes-communication-in-gynecologic-oncology/high-stakes-communication-in-gynecologic-oncology",
  "hospice-and-palliative-medicine-fellowship/hospice-and-palliative-medicine-fellowship",
  "indications-for-outpatient-palliative-care-consultation/indications-for-outpatient-palliative-care-consultation",
  "palliative-care-champions-in-gynecologic-oncology/palliative-care-champions-in-gynecologic-oncology",
  "palliative-care-education-and-practice/palliative-care-education-and-practice",
  "palliative-care-module-series-part-1/presentation-1", "palliative-care-module-series-part-1/presentation-2",
  "palliative-care-module-series-part-1/presentation-3", "palliative-care-module-series-part-1/presentation-4",
  "palliative-care-module-series-part-1/presentation-5",
  "palliative-care-module-series-part-1/case-discussion-guides",
  "palliative-care-module-series-part-2/presentation-1", "palliative-care-module-series-part-2/presentation-2",
  "palliative-care-module-series-part-2/presentation-3", "palliative-care-module-series-part-2/presentation-4",
  "palliative-care-module-series-part-2/presentation-5", "palliative-care-module-series-part-2/presentation-6",
  "palliative-care-training-vietnam/palliative-care-training-vietnam",
  "pcep-germany/pcep-germany", "pcep-singapore/pcep-singapore",
  "ucsf-palliative-medicine-program/ucsf-palliative-medicine-program",
  "university-of-colorado-anschutz-certificate-program/university-of-colorado-anschutz-certificate-program",
  "vitaltalk-courses/vitaltalk-courses",
  "what-it-means-to-be-a-palliative-care-champion/what-it-means-to-be-a-palliative-care-champion",
  "why-palliative-care-matters-in-gynecologic-cancer-care/why-palliative-care-matters-in-gynecologic-cancer-care",
}

-- What clinicians type: lay words, abbreviations, typos, a prefix, phrases (the search
-- benchmark's queries first, then more of the same kind).
local QUERIES = {
  "pain", "SOB", "bad news", "peds pain", "palative certifcate", "advance care planning",
  "opioid methadone", "grief support for families", "heart failure prognosis", "delirum", "CME",
  "communication workshop", "surgical palliative care", "team champion leadership",
  "dementia home hospice", "nausea vomiting", "goals of care conversation",
  "spiritual care chaplain", "renal", "pal",
  "serious illness conversation", "breaking bad news gynecologic oncology",
  "palliative care fellowship", "free online palliative care course", "symptom management",
  "dyspnea", "constipation opioids", "vitaltalk", "end of life care nursing",
  "pediatric palliative care", "caregiver support", "hospice eligibility",
  "outpatient palliative care referral", "ethics consult", "certificate program for nurses",
  "palliative care champion", "ovarian cancer", "what is palliative care", "CAPC", "UCSF",
}
-- Search filters, pages and orders appended to some searches.
local SEARCH_EXTRAS = {
  "", "", "", "", "", "&page=2", "&sort=newest", "&kind=course", "&audience=adult",
  "&format=on_demand", "&free=true", "&kind=recorded_session,module_series",
}
-- What someone has typed so far when the suggestions are asked for.
local PREFIXES = { "pa", "pal", "palli", "pain", "com", "commun", "hos", "hospice", "gri", "ped",
  "fel", "cert", "vit", "gyn", "symp", "adv" }
-- Browse filters, as the browse page's form and links make them.
local BROWSE = {
  "", "", "", "kind=course", "kind=module_series", "kind=recorded_session",
  "kind=organization", "kind=certificate_program,fellowship", "kind=program", "kind=guide",
  "audience=adult", "audience=pediatric", "discipline=nursing", "discipline=physician",
  "discipline=social-work", "topic=communication", "topic=pain", "topic=symptom-management",
  "topic=advance-care-planning", "topic=palliative-care-champions", "topic=international",
  "format=on_demand", "format=live_online", "format=hybrid", "free=true", "free=false",
  "credits=true", "page=2", "page=3", "kind=course&audience=adult", "topic=communication&format=on_demand",
}

-- Kinds of request, with weights out of 100 (sign-ins are paced by the clock instead).
local MIX = {
  { "browse_page", 22 }, { "browse_api", 4 }, { "home_page", 3 },
  { "search_page", 14 }, { "search_api", 14 }, { "suggest_api", 5 },
  { "detail_page", 20 }, { "detail_api", 4 },
  { "progress_write", 9 }, { "progress_read", 3 }, { "my_learning_page", 2 },
}
local ANONYMOUS_SHARE = 0.25 -- of the page, search and detail requests

local PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
local API_ACCEPT = "application/json"
local ENCODINGS = "gzip, br" -- as browsers ask; not asked where this script reads the answer

-- Per-thread state (each wrk thread has its own Lua state).
local thread_id, threads = 0, 2
local learners = {} -- { email, password, cookie }
local by_email = {}
local turn, signin_turn = 0, 0
local signin_every, next_signin = 5, 0
local origin
local total_weight = 0
for _, m in ipairs(MIX) do total_weight = total_weight + m[2] end

-- Flat, with "sent:KIND", "status:CODE" and "sample:N" keys: wrk 4.1's thread:get copies a flat
-- table but crashes (SIGSEGV) on a nested one.
stats = { errors = 0, responses = 0, sample_count = 0, cookies_renewed = 0, learners = 0 }

-- Main state: the threads, to gather their stats in `done`.
local all_threads = {}
function setup(thread)
  thread:set("id", #all_threads)
  all_threads[#all_threads + 1] = thread
end

local function split_tabs(line)
  local out = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do out[#out + 1] = field end
  return out
end

function init(args)
  -- args[0] is the URL; ours follow it.
  local file = args[1] or os.getenv("LOAD_ACCOUNTS")
  threads = tonumber(args[2] or os.getenv("LOAD_THREADS") or "2")
  thread_id = tonumber(rawget(_G, "id")) or 0 -- set by `setup` (in the main state) before `init`
  math.randomseed(20261130 + 7919 * thread_id)
  if not file then error("mix.lua: give the accounts file after --: wrk ... -s load/mix.lua URL -- FILE THREADS") end
  local f = assert(io.open(file, "r"))
  local n = 0
  for line in f:lines() do
    if line ~= "" then
      if n % threads == thread_id then
        local fields = split_tabs(line)
        local l = { email = fields[1], password = fields[2], cookie = fields[3] }
        learners[#learners + 1] = l
        by_email[l.email:lower()] = l
      end
      n = n + 1
    end
  end
  f:close()
  if #learners == 0 then error("mix.lua: thread " .. thread_id .. " has no learners in " .. file) end
  stats.learners = #learners
  signin_every = math.max(5, 2.5 * threads)
  -- Stagger the threads' first sign-ins across one period.
  next_signin = os.time() + 1 + math.floor(signin_every * thread_id / threads)
  -- What a browser names in Origin: the site itself (the Host header wrk sends).
  origin = wrk.scheme .. "://" .. wrk.host .. (wrk.port and (":" .. wrk.port) or "")
end

local function pick(list) return list[math.random(#list)] end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02X", string.byte(c)) end):gsub(" ", "+"))
end

local function count(kind) stats["sent:" .. kind] = (stats["sent:" .. kind] or 0) + 1 end

local function page_headers(cookie)
  local h = { ["Accept"] = PAGE_ACCEPT, ["Accept-Encoding"] = ENCODINGS }
  if cookie then h["Cookie"] = "hub_session=" .. cookie end
  return h
end

local function api_headers(cookie, encodings)
  local h = { ["Accept"] = API_ACCEPT }
  if encodings then h["Accept-Encoding"] = ENCODINGS end
  if cookie then h["Cookie"] = "hub_session=" .. cookie end
  return h
end

local function sign_in()
  signin_turn = signin_turn % #learners + 1
  local l = learners[signin_turn]
  count("sign_in")
  local body = string.format('{"email":"%s","password":"%s"}', l.email, l.password)
  -- No cookie (a new device) and no compression: the answer is read for the new cookie.
  return wrk.format("POST", "/api/v1/session", {
    ["Accept"] = API_ACCEPT, ["Content-Type"] = "application/json", ["Origin"] = origin,
  }, body)
end

function request()
  local now = os.time()
  if now >= next_signin then
    next_signin = now + signin_every
    return sign_in()
  end
  turn = turn % #learners + 1
  local l = learners[turn]
  local r = math.random() * total_weight
  local kind
  for _, m in ipairs(MIX) do
    r = r - m[2]
    if r <= 0 then kind = m[1] break end
  end
  kind = kind or MIX[#MIX][1]
  count(kind)
  local cookie = l.cookie
  if math.random() < ANONYMOUS_SHARE then cookie = nil end

  if kind == "browse_page" then
    local q = pick(BROWSE)
    return wrk.format("GET", q == "" and "/resources" or "/resources?" .. q, page_headers(cookie))
  elseif kind == "browse_api" then
    local q = pick(BROWSE)
    return wrk.format("GET", q == "" and "/api/v1/resources" or "/api/v1/resources?" .. q, api_headers(cookie, true))
  elseif kind == "home_page" then
    return wrk.format("GET", "/", page_headers(cookie))
  elseif kind == "search_page" then
    return wrk.format("GET", "/search?q=" .. urlencode(pick(QUERIES)) .. pick(SEARCH_EXTRAS), page_headers(cookie))
  elseif kind == "search_api" then
    return wrk.format("GET", "/api/v1/search?q=" .. urlencode(pick(QUERIES)) .. pick(SEARCH_EXTRAS), api_headers(cookie, true))
  elseif kind == "suggest_api" then
    return wrk.format("GET", "/api/v1/suggest?q=" .. urlencode(pick(PREFIXES)), api_headers(cookie, true))
  elseif kind == "detail_page" then
    return wrk.format("GET", "/resources/" .. pick(RESOURCES), page_headers(cookie))
  elseif kind == "detail_api" then
    return wrk.format("GET", "/api/v1/resources/" .. pick(RESOURCES), api_headers(cookie, true))
  elseif kind == "progress_write" then
    local slug, item = pick(UNITS):match("^([^/]+)/(.+)$")
    local status = math.random(3) == 1 and "completed" or "in_progress"
    local h = api_headers(l.cookie, false)
    h["Content-Type"] = "application/json"
    h["Origin"] = origin -- what a browser sends; the hub refuses only another site's
    return wrk.format("PUT", "/api/v1/me/progress/" .. slug .. "/items/" .. item, h,
      '{"status":"' .. status .. '"}')
  elseif kind == "progress_read" then
    local slug = pick(UNITS):match("^([^/]+)/")
    return wrk.format("GET", "/api/v1/me/progress/" .. slug, api_headers(l.cookie, true))
  else -- my_learning_page
    return wrk.format("GET", "/me", page_headers(l.cookie))
  end
end

local MAX_SAMPLES = 20

function response(status, headers, body)
  stats.responses = stats.responses + 1
  local key = tostring(status)
  stats["status:" .. key] = (stats["status:" .. key] or 0) + 1
  if status < 200 or status >= 400 then
    stats.errors = stats.errors + 1
    if stats.sample_count < MAX_SAMPLES then
      stats.sample_count = stats.sample_count + 1
      local encoding = headers["content-encoding"] or headers["Content-Encoding"]
      local text
      if encoding then
        text = "(" .. encoding .. ", " .. #body .. " bytes)"
      else
        text = body:sub(1, 300)
      end
      stats["sample:" .. stats.sample_count] = key .. " " .. text
    end
    return
  end
  -- A sign-in's answer: the account (whose email says whose it is) and a fresh session cookie.
  local set_cookie = headers["set-cookie"] or headers["Set-Cookie"]
  if set_cookie and body:sub(1, 1) == "{" and body:find('"roles"', 1, true) then
    local cookie = set_cookie:match("hub_session=([^;]+)")
    local email = body:match('"email"%s*:%s*"([^"]+)"')
    local l = email and by_email[email:lower()]
    if cookie and l then
      l.cookie = cookie
      stats.cookies_renewed = stats.cookies_renewed + 1
    end
  end
end

-- A minimal JSON writer for the result line.
local function json(v)
  local t = type(v)
  if t == "table" then
    if #v > 0 then -- an array (an empty table is written as {})
      local parts = {}
      for i = 1, #v do parts[i] = json(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do
      local value = v[k]
      if value == nil then value = v[tonumber(k)] end
      parts[#parts + 1] = json(k) .. ":" .. json(value)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
      return string.format("\\u%04x", string.byte(c))
    end) .. '"'
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
    return string.format("%.3f", v)
  elseif t == "boolean" then
    return tostring(v)
  end
  return "null"
end

local function ms(us) return math.floor(us / 10 + 0.5) / 100 end

function done(summary, latency, requests)
  local sent, status, samples = {}, {}, {}
  local lua_errors, responses, renewed, learner_total = 0, 0, 0, 0
  for _, thread in ipairs(all_threads) do
    local s = thread:get("stats")
    for k, n in pairs(s) do
      local group, name = k:match("^(%a+):(.+)$")
      if group == "sent" then sent[name] = (sent[name] or 0) + n
      elseif group == "status" then status[name] = (status[name] or 0) + n end
    end
    for i = 1, (s.sample_count or 0) do samples[#samples + 1] = s["sample:" .. i] end
    lua_errors = lua_errors + s.errors
    responses = responses + s.responses
    renewed = renewed + s.cookies_renewed
    learner_total = learner_total + s.learners
  end
  local e = summary.errors
  local socket_errors = { connect = e.connect, read = e.read, write = e.write, timeout = e.timeout }
  local errors = lua_errors + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local result = {
    requests = summary.requests,
    responses = responses,
    duration_s = math.floor(seconds * 10 + 0.5) / 10,
    requests_per_s = math.floor(summary.requests / seconds * 10 + 0.5) / 10,
    errors = errors,
    status_errors = lua_errors,
    socket_errors = socket_errors,
    by_status = status,
    sent_by_kind = sent,
    sign_ins = sent["sign_in"] or 0,
    cookies_renewed = renewed,
    learners = learner_total,
    latency_ms = {
      p50 = ms(latency:percentile(50)), p90 = ms(latency:percentile(90)),
      p99 = ms(latency:percentile(99)), max = ms(latency.max), mean = ms(latency.mean),
    },
    bytes = summary.bytes,
    error_samples = samples,
  }
  io.write("LOADRESULT " .. json(result) .. "\n")
end
