#!/usr/bin/env bash
# Resource bounds: time and peak memory of chachong on hostile and very large
# inputs (issue 11). Builds each input in a temporary folder, runs the binary
# on it under /usr/bin/time -v, prints one Markdown table row per case (for
# BENCHMARKS.md, "Resource bounds") and exits non-zero when a run panics, is
# killed, exits with a code above 2, or goes past its time or memory bound.
#
#   benches/resources.sh                          # builds target/release/chachong
#   CHACHONG=target/debug/chachong SCALE=0.1 benches/resources.sh
#
# CHACHONG  binary to measure (default: `cargo build --release`, then
#           target/release/chachong; set it to skip the build)
# SCALE     multiplies every input size (default 1); the bounds stay the same
# KEEP      set to keep the temporary folder (its path is printed)
#
# The bounds are for the release build on this project's machine kind (2
# cores): several times what it needs, far below what the quadratic code took
# (5,000 shared paragraphs: 230 s and 6.9 GB; 20,000: aborted at 9.3 GB;
# 100k `<li>`: 40 s). The debug build met them too (BENCHMARKS.md,
# "Resource bounds").
#
# Exit codes of the binary up to 2 count as handled: 2 is "nothing usable was
# read", a clear refusal. Each run has an address-space limit of four times
# its memory bound, so a runaway allocation aborts instead of taking the
# machine, and a time limit of three times its time bound.
set -euo pipefail

cd "$(dirname "$0")/.."
SCALE=${SCALE:-1}
if [[ -z "${CHACHONG:-}" ]]; then
    cargo build --release --quiet
    CHACHONG=target/release/chachong
fi
CHACHONG=$(realpath "$CHACHONG")
[[ -x "$CHACHONG" ]] || { echo "no binary at $CHACHONG" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chachong-resources.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then
    echo "inputs and outputs kept in $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

# n scaled by SCALE, at least 1.
scaled() { python3 -c "print(max(1, round($1 * $SCALE)))"; }

# --- inputs -----------------------------------------------------------------

# N JSONL documents, each 60 pseudo-random CJK characters of its own and the
# same 200-character paragraph (tests/cli/hostile/scale.rs builds the same).
shared_paragraph() {
    python3 - "$1" <<'EOF'
import json, sys
n = int(sys.argv[1])
para = ("近年来党中央国务院高度重视数字经济发展，工业互联网平台作为新一代信息通信技术与制造业深度融合的产物，"
        "已成为制造业数字化网络化智能化转型的重要载体。青岛市以卡奥斯平台为抓手，推动五千余家企业上云用平台，"
        "带动全市规模以上工业企业营业收入增长百分之十二，形成了一批可复制可推广的经验做法，为全国工业互联网发展提供了有益借鉴和参考。"
        "下一步将继续深化平台建设，培育更多行业级和区域级平台，助力中小企业数字转型。")
assert len(para) == 200
x = 12345
out = sys.stdout
for i in range(n):
    own = []
    for _ in range(60):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        own.append(chr(0x4E00 + (x >> 33) % 0x5000))
    text = "".join(own) + "。\n\n" + para
    out.write(json.dumps({"id": f"d{i:05}", "text": text}, ensure_ascii=False) + "\n")
EOF
}

# One document of MiB mebibytes of one character (哈, 3 bytes in UTF-8).
single_char() {
    python3 - "$1" <<'EOF'
import sys
size = int(float(sys.argv[1]) * 1024 * 1024)
sys.stdout.write("哈" * (size // 3))
EOF
}

# N tiny JSONL records.
tiny_records() {
    python3 - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
sys.stdout.writelines(f'{{"id": "r{i}", "text": "第{i}条"}}\n' for i in range(n))
EOF
}

# Markdown nested N levels deep: N `[`, some text, N `]`.
nested_markdown() {
    python3 - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
sys.stdout.write("# 嵌套\n\n" + "[" * n + "工业互联网平台建设" + "]" * n + "\n")
EOF
}

# One HTML page of N `<li>` items.
list_items() {
    python3 - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
sys.stdout.write("<html><body><ul>\n")
sys.stdout.writelines(f"<li>第{i}项：工业互联网平台建设</li>\n" for i in range(n))
sys.stdout.write("</ul></body></html>\n")
EOF
}

# --- runs -------------------------------------------------------------------

FAILED=0
printf '| case | input | command | exit | wall s | max RSS MiB | bound s / MiB | |\n'
printf '|---|---|---|---:|---:|---:|---|---|\n'

# case NAME INPUT-DESCRIPTION MAX_SECONDS MAX_MIB ARGS...: runs the binary in
# $WORK with ARGS and prints its row.
case_run() {
    local name=$1 what=$2 max_s=$3 max_mib=$4
    shift 4
    local log="$WORK/$name.time" err="$WORK/$name.stderr"
    local code=0
    (
        cd "$WORK"
        ulimit -v $((4 * max_mib * 1024))
        # time over timeout: time reports the peak of the binary (a waited
        # child), and a timed-out binary is killed, not left running.
        exec /usr/bin/time -v -o "$log" timeout $((3 * max_s)) "$CHACHONG" "$@" \
            >"$WORK/$name.stdout" 2>"$err"
    ) || code=$?
    local rss_kb wall
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log" 2>/dev/null || true)
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
    wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$log" 2>/dev/null |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
    local rss_mib=$(( ${rss_kb:-0} / 1024 ))
    local verdict=ok why=()
    if grep -q "panicked" "$err"; then why+=("panic"); fi
    if grep -q "Command terminated by signal" "$log" 2>/dev/null || ((code > 128)); then
        why+=("killed by a signal")
    elif ((code == 124)); then
        why+=("timed out")
    elif ((code > 2)); then
        why+=("exit $code")
    fi
    if [[ -z "$wall" ]] || awk -v w="$wall" -v m="$max_s" 'BEGIN { exit !(w > m) }'; then
        why+=("over ${max_s} s")
    fi
    if (( rss_mib > max_mib )); then why+=("over ${max_mib} MiB"); fi
    if (( ${#why[@]} > 0 )); then
        verdict="FAIL: $(IFS=,; echo "${why[*]}")"
        FAILED=1
    fi
    printf '| %s | %s | `%s` | %s | %s | %s | %s / %s | %s |\n' \
        "$name" "$what" "$*" "$code" "${wall:-?}" "$rss_mib" "$max_s" "$max_mib" "$verdict"
    if [[ "$verdict" != ok ]]; then
        tail -n 5 "$err" | sed 's/^/    stderr: /' >&2
    fi
}

n=$(scaled 5000)
shared_paragraph "$n" >"$WORK/shared5k.jsonl"
case_run shared-5k "$n docs sharing a paragraph" 20 512 \
    dups -q --format json shared5k.jsonl

n=$(scaled 20000)
shared_paragraph "$n" >"$WORK/shared20k.jsonl"
case_run shared-20k "$n docs sharing a paragraph" 40 1024 \
    dups -q --format json shared20k.jsonl

mib=$(python3 -c "print(round(50 * $SCALE, 2))")
single_char "$mib" >"$WORK/single.txt"
case_run single-char "$mib MiB of one character (over the 16 MiB document limit: refused)" 60 3072 \
    dups -q --format json single.txt

# The largest document that is read: just under the 16 MiB limit.
mib=$(python3 -c "print(round(15.9 * $SCALE, 2))")
single_char "$mib" >"$WORK/single16.txt"
case_run single-char-16 "$mib MiB of one character" 120 3072 \
    dups -q --format json single16.txt

n=$(scaled 500000)
tiny_records "$n" >"$WORK/tiny.jsonl"
case_run tiny-records "$n tiny JSONL records" 60 2048 \
    dups -q --format json tiny.jsonl

n=$(scaled 20000)
nested_markdown "$n" >"$WORK/nested.md"
case_run nested-markdown "$n levels of [" 20 512 \
    dups -q --format json nested.md

n=$(scaled 100000)
list_items "$n" >"$WORK/list.html"
case_run list-items "$n \`<li>\` in one page" 15 512 \
    report -q list.html -o list-report

exit "$FAILED"
