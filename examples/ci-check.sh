#!/bin/sh
# CI gate: fail the job when any draft in a folder copies the indexed corpus.
#
# Usage: examples/ci-check.sh DRAFTS_DIR INDEX [extra check flags...]
# Writes chachong-check.json (the JSON contract) for the job's artefacts and
# prints the text report. Exit status: 0 all drafts pass, 1 a draft fails,
# 2 an error (bad index, unreadable draft).
#
# GitHub Actions step:
#   - name: Plagiarism gate
#     run: examples/ci-check.sh drafts corpus.idx
#     env:
#       CHACHONG: ./target/release/chachong
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 DRAFTS_DIR INDEX [check flags...]" >&2
    exit 2
fi
chachong=${CHACHONG:-chachong}
drafts=$1
index=$2
shift 2
"$chachong" check "$drafts" --against "$index" --format json "$@" > chachong-check.json
status=$?
if [ $status -le 1 ]; then
    "$chachong" check "$drafts" --against "$index" --format text -q "$@"
fi
case $status in
    0) echo "chachong: all drafts pass" ;;
    1) echo "chachong: at least one draft copies the corpus" >&2 ;;
    *) echo "chachong: error while checking (status $status)" >&2 ;;
esac
exit $status
