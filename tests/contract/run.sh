#!/usr/bin/env bash
# Contract fuzzing of `chachong serve` with schemathesis (from PyPI).
#
# Installs schemathesis into a venv under target/contract/ (once), indexes
# the seeds into a temp dir, starts the service on a free loopback port and
# runs schemathesis against its /openapi.json, once without tokens and once
# with tokens configured and a read token sent: every operation, generated
# valid and invalid requests, checks that no answer is a 5xx and that every
# status, content type, header and body is the one the document declares.
# Exit status: schemathesis's (0 when no check failed), or 1 when the
# service logged a panic.
#
#   tests/contract/run.sh                 # EXAMPLES=150 per operation, SEED=17
#   EXAMPLES=400 SEED=3 tests/contract/run.sh
#   CHACHONG=target/release/chachong tests/contract/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bin=${CHACHONG:-$root/target/debug/chachong}
if [ ! -x "$bin" ]; then cargo build; fi
venv=$root/target/contract/venv
if [ ! -x "$venv/bin/st" ]; then
  # Python 3.12 where there is one: hypothesis (under schemathesis) parses
  # its callers' source with `ast`, and CPython 3.11 failed there with
  # "AST constructor recursion depth mismatch" (a CI run, 2026-12-03).
  py=python3
  for v in 3.12 3.13; do
    if "python$v" -c '' 2>/dev/null; then py=python$v; break; fi
    pv=$(pyenv versions --bare 2>/dev/null | grep "^$v\." | tail -1 || true)
    if [ -n "$pv" ] && p=$(PYENV_VERSION=$pv pyenv which "python$v" 2>/dev/null); then py=$p; break; fi
  done
  "$py" -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
read_token=contract-read-token-0123456789
printf 'read %s\nwrite contract-write-token-0123456789\n' "$read_token" >"$work/tokens"
report=$root/target/contract/report
rm -rf "$report"
status=0
# Two runs: without tokens (every operation reachable), then with tokens and
# a read token (writes answered 403, reads as before).
for mode in open tokens; do
  rm -rf "$work/corpus.idx" "$work/out"
  "$bin" index seeds -o "$work/corpus.idx" -q
  extra=() header=()
  if [ "$mode" = tokens ]; then
    extra=(--tokens "$work/tokens")
    header=(-H "Authorization: Bearer $read_token")
  fi
  RUST_LOG=warn "$bin" serve --index "$work/corpus.idx" --addr 127.0.0.1:0 \
    --max-concurrent 8 "${extra[@]}" >"$work/out" 2>>"$work/log" &
  pid=$!
  for _ in $(seq 600); do
    grep -q '^listening on ' "$work/out" 2>/dev/null && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$work/out")
  [ -n "$base" ] || { echo "the service did not start:"; cat "$work/log"; exit 1; }
  echo "contract: run '$mode' against $base"
  # Run from target/contract/, where schemathesis keeps its cache.
  (cd "$root/target/contract" && "$venv/bin/st" run "$base/openapi.json" "${header[@]}" \
    --checks all \
    --max-examples "${EXAMPLES:-150}" --seed "${SEED:-17}" \
    --workers 2 --request-timeout 60 --no-color --generation-database none \
    --report junit,ndjson --report-dir "$report/$mode") || status=$?
  kill "$pid"; wait "$pid" || true; pid=
done
echo "contract: schemathesis exit $status; reports in $report"
if grep -q 'panicked' "$work/log"; then
  echo "contract: the service logged a panic:"; grep -A3 'panicked' "$work/log"; exit 1
fi
exit "$status"
