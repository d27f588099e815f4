#!/usr/bin/env bash
# Builds an index of about a million documents (benches/scale_corpus.py's
# shards) one shard of 100,000 at a time, as a newsroom's archive would be
# loaded: `index` for the first shard, `index --add` for each next one
# (merges run after each addition, as the policy says). Prints wall time,
# max RSS, segments and size after each step.
#   cargo build --release && python3 benches/scale_corpus.py /tmp/scale && bash benches/scale_index.sh /tmp/scale /tmp/scale.idx
set -euo pipefail
bin=${CHACHONG:-target/release/chachong}
shards=$1
idx=$2
rm -rf "$idx"
first=1
for part in "$shards"/part-*.jsonl; do
    if [ $first = 1 ]; then add=(); first=0; else add=(--add); fi
    /usr/bin/time -f "%e s wall, %M KB max RSS" "$bin" index "${add[@]}" "$part" -o "$idx" -q --format json > /tmp/scale-step.json 2> /tmp/scale-step.err || { cat /tmp/scale-step.err; exit 1; }
    python3 - "$part" /tmp/scale-step.json "$(tail -1 /tmp/scale-step.err)" <<'PY'
import json, sys
v = json.load(open(sys.argv[2]))
print(f"{sys.argv[1].rsplit('/', 1)[-1]}: {sys.argv[3]}; documents {v['documents']}, segments {v['segments']}, {v['bytes'] / 2**20:.0f} MiB")
PY
done
