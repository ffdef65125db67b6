#!/usr/bin/env bash
# Side-by-side speed and memory of our parser and formatter against Grafana's own tools
# (../shared/reference/bin/alloy-ref-parse and alloy-ref-fmt), whole processes, on the same
# inputs in the same run. This machine's wall clock drifts with load, so the figures that hold
# are the ratios: each pair of commands runs alternately (ours, theirs, ours, ...) and the
# medians of RUNS runs are compared.
#
#   scripts/bench-vs-reference.sh            # build, make the inputs, run, print the table
#   RUNS=20 SIZE_MB=10 scripts/bench-vs-reference.sh
#   SKIP_BUILD=1 scripts/bench-vs-reference.sh   # use the binaries already in target/release
#
# Inputs (in $BENCH_DIR, default /tmp):
#   bench10.alloy   real configs concatenated to SIZE_MB (make-bench-corpus)
#   noblank.alloy   the same without blank lines: no blank line between top-level statements
#   giant.alloy     the same inside one block: one top-level statement
# Without ../shared the reference columns are skipped with a message (our figures are still
# printed; make-bench-corpus then uses the bundled examples/).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"
size_mb="${SIZE_MB:-10}"
dir="${BENCH_DIR:-/tmp}"
ref_dir="${ALLOY_SHARED_DIR:-$root/../shared}/reference/bin"
time_bin=/usr/bin/time

if [ ! -x "$time_bin" ]; then
    echo "error: $time_bin (GNU time, Debian package 'time') is needed for peak memory" >&2
    exit 1
fi

if [ -z "${SKIP_BUILD:-}" ]; then
    echo "building (release)..." >&2
    cargo build -q --release -p alloy-syntax --example parse_file
    cargo build -q --release --bin alloyfmt
    cargo build -q --release -p alloy-bench-corpus --bin make-bench-corpus
fi
parse_file="$root/target/release/examples/parse_file"
alloyfmt="$root/target/release/alloyfmt"

bench="$dir/bench${size_mb}.alloy"
noblank="$dir/noblank.alloy"
giant="$dir/giant.alloy"
"$root/target/release/make-bench-corpus" "$bench" "$size_mb"
grep -v '^[[:space:]]*$' "$bench" >"$noblank"
{
    printf 'giant {\n'
    cat "$bench"
    printf '}\n'
} >"$giant"

have_ref=1
if [ ! -x "$ref_dir/alloy-ref-parse" ] || [ ! -x "$ref_dir/alloy-ref-fmt" ]; then
    have_ref=0
    echo "note: $ref_dir not found: Grafana's reference binaries are skipped, only our figures are printed" >&2
fi

# run_once CMD... : runs CMD with stdout discarded; sets $wall (seconds) and $rss (KiB).
# Fails if CMD fails: a timing of a failed run is no timing.
run_once() {
    local out start end
    out="$(mktemp)"
    start=$EPOCHREALTIME
    if ! "$time_bin" -f %M -o "$out" "$@" >/dev/null; then
        echo "error: '$*' failed" >&2
        rm -f "$out"
        exit 1
    fi
    end=$EPOCHREALTIME
    rss="$(tail -n 1 "$out")"
    rm -f "$out"
    wall="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

input_bytes() { wc -c <"$1" | tr -d ' '; }

# compare NAME FILE OURS... -- THEIRS... : alternate runs, print one table row.
compare() {
    local name="$1" file="$2"
    shift 2
    local ours=() theirs=()
    while [ "$1" != "--" ]; do
        ours+=("$1")
        shift
    done
    shift
    theirs=("$@")
    local our_walls="" our_rss="" ref_walls="" ref_rss=""
    # One warm-up run each: the file in the page cache, the binaries loaded.
    run_once "${ours[@]}"
    if [ "$have_ref" = 1 ]; then run_once "${theirs[@]}"; fi
    for _ in $(seq "$runs"); do
        run_once "${ours[@]}"
        our_walls+="$wall"$'\n'
        our_rss+="$rss"$'\n'
        if [ "$have_ref" = 1 ]; then
            run_once "${theirs[@]}"
            ref_walls+="$wall"$'\n'
            ref_rss+="$rss"$'\n'
        fi
    done
    local bytes ow orss
    bytes="$(input_bytes "$file")"
    ow="$(printf '%s' "$our_walls" | median)"
    orss="$(printf '%s' "$our_rss" | median)"
    if [ "$have_ref" = 1 ]; then
        local rw rrss
        rw="$(printf '%s' "$ref_walls" | median)"
        rrss="$(printf '%s' "$ref_rss" | median)"
        awk -v n="$name" -v ow="$ow" -v orss="$orss" -v rw="$rw" -v rrss="$rrss" -v b="$bytes" 'BEGIN {
            printf "%-10s %9.3f s %8.1f MiB %6.2fx | %9.3f s %8.1f MiB | %6.2fx faster\n",
                n, ow, orss / 1024, orss * 1024 / b, rw, rrss / 1024, rw / ow }'
    else
        awk -v n="$name" -v ow="$ow" -v orss="$orss" -v b="$bytes" 'BEGIN {
            printf "%-10s %9.3f s %8.1f MiB %6.2fx | %9s   %8s     | %s\n",
                n, ow, orss / 1024, orss * 1024 / b, "-", "-", "(no reference)" }'
    fi
}

echo "inputs: $bench ($(input_bytes "$bench") bytes), $noblank, $giant; medians of $runs alternating runs"
printf '%-10s %11s %12s %7s | %11s %12s | %s\n' measure "ours wall" "ours peak" "/input" "Go wall" "Go peak" ratio
compare parse "$bench" env RUNS=1 "$parse_file" "$bench" -- "$ref_dir/alloy-ref-parse" "$bench"
compare format "$bench" "$alloyfmt" "$bench" -- "$ref_dir/alloy-ref-fmt" "$bench"
compare no-blank "$noblank" "$alloyfmt" "$noblank" -- "$ref_dir/alloy-ref-fmt" "$noblank"
compare giant "$giant" "$alloyfmt" "$giant" -- "$ref_dir/alloy-ref-fmt" "$giant"
