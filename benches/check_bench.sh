#!/usr/bin/env bash
# Benchmarks `chachong index` and `chachong check` on the Sina corpus (and the
# poetry corpus when /tmp/poetry/poetry.jsonl exists). Release build first:
#   cargo build --release && bash benches/check_bench.sh
# Asserts the draft fails (exit 1) and names both Sina sources it was built
# from, so a fast wrong answer fails the benchmark.
set -euo pipefail
bin=${CHACHONG:-target/release/chachong}
sina=${CHACHONG_SINA:-../shared/data/sina-news-6class.jsonl.gz}
poetry=${CHACHONG_POETRY:-/tmp/poetry/poetry.jsonl}
out=${OUT:-/tmp/chachong-check-bench}
mkdir -p "$out"

# A ~3,000-char draft: two paragraphs of two Sina articles and new text.
python3 "$(dirname "$0")/sina_draft.py" "$sina" "$out"

time_ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

bench_check() { # INDEX DRAFT [EXTRA ARGS...]
    local idx=$1 draft=$2 times=()
    shift 2
    for _ in $(seq 20); do times+=("$(time_ms "$bin" check "$draft" --against "$idx" --format json "$@")"); done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "check wall ms over 20 runs: min %d, median %d, max %d\n", a[1], a[int((NR+1)/2)], a[NR]}'
}

echo "== Sina index"
/usr/bin/time -v "$bin" index "$sina" -o "$out/sina.idx" 2>&1 | grep -E "indexed|Elapsed|Maximum resident"
size=$(cat "$out"/sina.idx/seg-*.idx | wc -c)
echo "index bytes: $size, per document: $(( size / 12368 ))"
set +e
"$bin" check "$out/draft.txt" --against "$out/sina.idx" --format json > "$out/result.json"
status=$?
set -e
[ "$status" = 1 ] || { echo "expected exit 1, got $status"; exit 1; }
while read -r id; do grep -q "\"id\": \"$id\"" "$out/result.json" || { echo "source $id not found"; exit 1; }; done < "$out/expect.txt"
echo "draft fails and names both sources"
bench_check "$out/sina.idx" "$out/draft.txt"
echo "with --html (the writer's page):"
rm -rf "$out/page"
bench_check "$out/sina.idx" "$out/draft.txt" --html "$out/page"
[ -s "$out/page/index.html" ] || { echo "no page written"; exit 1; }
echo "with --rewrites:"; time_ms "$bin" check "$out/draft.txt" --against "$out/sina.idx" --rewrites

if [ -f "$poetry" ]; then
    echo "== poetry index"
    /usr/bin/time -v "$bin" index "$poetry" -o "$out/poetry.idx" 2>&1 | grep -E "indexed|Elapsed|Maximum resident"
    echo "index bytes: $(cat "$out"/poetry.idx/seg-*.idx | wc -c)"
    echo "Sina draft (no poem in it):"
    bench_check "$out/poetry.idx" "$out/draft.txt"
    # A draft with three poems in new text must fail and name the poems.
    python3 - "$poetry" "$out" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
ps = [json.loads(lines[i]) for i in (150000, 300000)]
new = ("海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。"
       "科学家们利用新型采样设备，在不同深度连续观测了三个季节。") * 70
draft = new[:1500] + "\n\n" + ps[0]["text"] + "\n\n" + new[1500:2900] + "\n\n" + ps[1]["text"]
open(sys.argv[2] + "/poem_draft.txt", "w").write(draft)
open(sys.argv[2] + "/poem_expect.txt", "w").write(ps[0]["id"] + "\n" + ps[1]["id"] + "\n")
print("poem draft chars:", len(draft))
PY
    set +e
    "$bin" check "$out/poem_draft.txt" --against "$out/poetry.idx" --format json > "$out/poem_result.json"
    status=$?
    set -e
    [ "$status" = 1 ] || { echo "expected exit 1, got $status"; exit 1; }
    while read -r id; do grep -q "\"id\": \"$id\"" "$out/poem_result.json" || { echo "poem $id not found"; exit 1; }; done < "$out/poem_expect.txt"
    echo "poem draft fails and names both poems"
    bench_check "$out/poetry.idx" "$out/poem_draft.txt"
fi
