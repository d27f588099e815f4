#!/usr/bin/env bash
# Writes the outputs issue 12 keeps byte-identical into OUT_DIR, so that two
# builds can be compared with `diff -r`:
#
#   CHACHONG=target/release/chachong benches/same_output.sh /tmp/before
#   ... change the code, rebuild ...
#   CHACHONG=target/release/chachong benches/same_output.sh /tmp/after
#   diff -r /tmp/before /tmp/after && echo same
#
# The outputs: the seeds report (every file), and on the Sina corpus
# (../shared/data, skipped with a message when absent) `dups`, `topics --k 6
# --seed 1`, `compare --by label` JSON, the
# report's JSON with `--by label`, the index's `--format json` answer and
# `check` JSON of a fixed draft (record 100's text with one paragraph of
# record 7,000 spliced in) against the Sina index.
set -euo pipefail
out=${1:?usage: benches/same_output.sh OUT_DIR}
bin=${CHACHONG:-target/release/chachong}
sina=../shared/data/sina-news-6class.jsonl.gz
# Paths appear in the JSON (the draft's id, the index): work in one fixed
# folder, then move the outputs to OUT_DIR.
work=${TMPDIR:-/tmp}/chachong-same-output
rm -rf "$work" && mkdir -p "$work" "$out"
trap 'rm -rf "$work"' EXIT
"$bin" report seeds --out "$work/seeds-report" --quiet
rm -f "$work/seeds-report/.chachong-report"
rm -rf "$out/seeds-report" && cp -r "$work/seeds-report" "$out/"
if [[ ! -f $sina ]]; then
  echo "same_output: $sina is absent; only the seeds report was written" >&2
  exit 0
fi
"$bin" dups "$sina" --format json --quiet > "$work/sina-dups.json"
"$bin" topics "$sina" --k 6 --seed 1 --format json --quiet > "$work/sina-topics.json"
"$bin" compare "$sina" --by label --format json --quiet > "$work/sina-compare.json"
"$bin" report "$sina" --by label --out "$work/sina-report" --quiet
cp "$work/sina-report/report.json" "$work/sina-report.json"
"$bin" index "$sina" -o "$work/sina.idx" --format json --quiet > "$work/sina-index.json"
python3 - "$sina" > "$work/draft.txt" <<'PY'
import gzip, json, sys
recs = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8")]
a, b = recs[100]["text"], recs[7000]["text"]
paras = [p for p in b.split("\n") if len(p.strip()) > 40]
print(a[: len(a) // 2] + "\n" + (paras[0] if paras else b[:400]) + "\n" + a[len(a) // 2 :])
PY
"$bin" check "$work/draft.txt" --against "$work/sina.idx" --format json --quiet > "$work/sina-check.json" || true
"$bin" index seeds -o "$work/seeds.idx" --quiet
"$bin" check seeds/004_*.txt --against "$work/seeds.idx" --format json --quiet > "$work/seeds-check.json" || true
cp "$work"/*.json "$work/draft.txt" "$out/"
echo "same_output: written to $out" >&2
