#!/usr/bin/env bash
# The service under load (issue 17): `check` of a ~3,000-char draft from 20
# concurrent clients (wrk, 2 threads) for DURATION seconds while a second
# client adds Sina articles one at a time (`POST /v1/documents?wait=true`,
# each acknowledged only when durable), against the index at INDEX (an
# index folder; it is copied first, so the original is left as it was).
# Prints wrk's latency distribution and throughput, the additions'
# latencies, non-2xx answers, and the server's memory (VmHWM, VmRSS).
#   cargo build --release && bash benches/serve_load.sh /tmp/sina.idx [DURATION] [MAX_CONCURRENT (21)]
# wrk's non-2xx count is the checks refused when --max-concurrent was reached.
set -euo pipefail
bin=${CHACHONG:-target/release/chachong}
sina=${CHACHONG_SINA:-../shared/data/sina-news-6class.jsonl.gz}
src=$1
duration=${2:-30}
max_concurrent=${3:-21}
work=${OUT:-/tmp/chachong-serve-load}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
rm -rf "$work"; mkdir -p "$work"
cp -r "$src" "$work/index"

python3 "$(dirname "$0")/sina_draft.py" "$sina" "$work"
python3 - "$sina" "$work" <<'PY'
import gzip, json, sys
draft = open(sys.argv[2] + "/draft.txt").read()
json.dump({"text": draft, "title": "load"}, open(sys.argv[2] + "/check.json", "w"), ensure_ascii=False)
recs = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8")]
adds = [r for r in recs if len(r["text"]) > 1000][:2000]
with open(sys.argv[2] + "/adds.jsonl", "w") as f:
    for i, r in enumerate(adds):
        f.write(json.dumps({"id": f"load-add-{i}", "title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n")
PY

"$bin" serve --index "$work/index" --addr 127.0.0.1:0 --max-concurrent "$max_concurrent" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/serve.out")
echo "server $server at $base"

cat > "$work/check.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/check.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

# The additions, one at a time, for as long as wrk runs.
python3 - "$base" "$work/adds.jsonl" "$duration" > "$work/adds.txt" <<'PY' &
import json, sys, time, urllib.error, urllib.request
base, path, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
lines = open(path, encoding="utf-8").read().splitlines()
times, end, i, busy = [], time.time() + duration, 0, 0
while time.time() < end and i < len(lines):
    req = urllib.request.Request(base + "/v1/documents?wait=true", data=lines[i].encode(),
                                 headers={"Content-Type": "application/x-ndjson"}, method="POST")
    t = time.time()
    try:
        with urllib.request.urlopen(req) as r:
            body = json.load(r)
            assert body["status"] == "succeeded", body
    except urllib.error.HTTPError as e:
        # Saturated: the service says when to come back, as a CMS would.
        assert e.code == 503, e
        busy += 1
        time.sleep(float(e.headers.get("Retry-After", "1")))
        continue
    times.append((time.time() - t) * 1000)
    i += 1
times.sort()
p = lambda q: times[min(len(times) - 1, round((len(times) - 1) * q))]
print(f"additions (POST ?wait=true, analysis + durable commit, one client): {len(times)} in {duration:.0f} s; "
      f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {times[-1]:.1f} ms; {busy} answered 503 and retried")
PY
adder=$!
wrk -t2 -c20 -d"${duration}s" --latency -s "$work/check.lua" "$base/v1/check" | tee "$work/wrk.txt"
wait $adder
cat "$work/adds.txt"
grep -E "VmHWM|VmRSS" /proc/$server/status
curl -s "$base/v1/stats"; echo
# Every acknowledged addition is in the index.
n=$(grep -o '^additions[^:]*: [0-9]*' "$work/adds.txt" | grep -o '[0-9]*$')
python3 - "$base" "$n" <<'PY'
import sys, urllib.request
base, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    urllib.request.urlopen(f"{base}/v1/documents/load-add-{i}").read()
print(f"all {n} acknowledged additions found")
PY
kill -TERM $server; wait $server || true
