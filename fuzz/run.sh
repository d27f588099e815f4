#!/usr/bin/env bash
# Runs chachong's fuzz targets, each for a fixed time, from corpora seeded
# with the bundled articles and the test fixtures.
#
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Corpora grow in fuzz/corpus/TARGET (not committed); a crash is written to
# fuzz/artifacts/TARGET and fails the run. Prints one line per target:
# executions, corpus size, and whether it found anything.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
root=..
seed_files() {
  case $1 in
    read_markdown|read_html|read_text|decode|check_draft|regions) find "$root/seeds" "$root/tests/fixtures" -type f ;;
    read_jsonl) find "$root/tests/fixtures" -type f -name '*.jsonl*' ;;
    read_docx) echo seeds/docx_document.xml ;;
    verify_lines) echo seeds/verify_lines.txt ;;
    *) ;;
  esac
}
cargo +nightly fuzz build -O
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  while IFS= read -r f; do
    [ -n "$f" ] && cp -n "$f" "corpus/$t/seed-$(basename "$f")" 2>/dev/null || true
  done < <(seed_files "$t")
  log=$(mktemp)
  if cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [ -n "$execs" ] || execs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
  echo "fuzz $t: ${secs}s, ${execs:-?} executions, corpus $(ls "corpus/$t" | wc -l) files: $result"
  if [ $result = FAILED ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -8
  fi
  rm -f "$log"
done
exit $status
