#!/usr/bin/env bash
# The Spark benchmark at scale (BENCHMARKS.md, "Past one machine"): a
# corpus made by benches/spark_corpus.py signed in batches and run through
# the Spark job on local[2], every step inside one memory cgroup capped at
# CAP, with the peak resident memory of each step sampled from the cgroup.
#
#   BATCH_FILES=1 benches/spark_scale.sh CORPUS_DIR WORK_DIR [CAP]   # CAP default 8G
#   WHOLE=1 BATCH_FILES=1 benches/spark_scale.sh CORPUS_DIR WORK_DIR [CAP]
#
# With WHOLE=1 it runs the whole `chachong dups --engine spark` command as
# one step instead (sign, the job without --stages, the driver's clusters),
# writing WORK_DIR/out.json.
#
# Needs root (a cgroup v1 memory group), target/release/chachong built with
# --features spark (or CHACHONG, a copy of it that a rebuild will not
# replace mid-run), and SPARK_SUBMIT (or spark-submit on the PATH).
# Writes WORK_DIR/sign, WORK_DIR/job (or WORK_DIR/out.json), WORK_DIR/times.txt.
set -euo pipefail
corpus=$1
work=$2
cap=${3:-8G}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CHACHONG:-$root/target/release/chachong}
submit=${SPARK_SUBMIT:-spark-submit}
cg=/sys/fs/cgroup/memory/chachong-bench
mkdir -p "$cg" "$work"
echo "$cap" > "$cg/memory.limit_in_bytes"
times=$work/times.txt

# Runs a step inside the cgroup; records wall seconds and the peak of the
# cgroup's resident memory (total_rss: anonymous memory, not page cache).
step() {
  local name=$1; shift
  local peak=0 start end
  start=$(date +%s.%N)
  ( echo $BASHPID > "$cg/cgroup.procs"; exec "$@" ) &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    local rss
    rss=$(awk '$1 == "total_rss" {print $2}' "$cg/memory.stat")
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 1
  done
  local rc=0
  wait "$pid" || rc=$?
  end=$(date +%s.%N)
  printf '%s\t%.1f s\tpeak %.2f GiB\trc %d\n' "$name" "$(echo "$end - $start" | bc)" \
    "$(echo "$peak / 1073741824" | bc -l)" "$rc" | tee -a "$times"
  return $rc
}

if [ -n "${WHOLE:-}" ]; then
  step dups-engine-spark sh -c '"$0" "$@" > "'"$work"'/out.json"' \
    "$bin" dups "$corpus" --engine spark -q \
    --spark-batch-files "${BATCH_FILES:-1}" --spark-submit "$(command -v "$submit")" \
    --spark-conf spark.driver.memory=5g --spark-conf spark.local.dir="$work/spark-tmp" \
    --spark-work "$work/spark-work" --format json
  exit
fi

step sign "$bin" sign "$corpus" --out "$work/sign" --batch-files "${BATCH_FILES:-1}" -q
# PySpark's spark-submit finds Spark through the `python` on the PATH.
PATH=$(dirname "$(command -v "$submit")"):$PATH
step job "$submit" --master 'local[2]' --conf spark.driver.memory=5g \
  --conf spark.local.dir="$work/spark-tmp" \
  "$root/spark/chachong_dups.py" --sign "$work/sign" --out "$work/job" \
  --chachong "$bin" --stages
cat "$work/job/summary/part-"* | tee -a "$times"
