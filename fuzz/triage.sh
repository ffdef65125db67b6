#!/bin/sh
# Replays every saved input of a target and prints its divergence (or broken recovery property) line.
# Usage: sh fuzz/triage.sh diff_parse   (from the worktree or fuzz/)
cd "$(dirname "$0")" || exit 2
for f in artifacts/"$1"/crash-*; do
    [ -e "$f" ] || continue
    echo "== $f"
    "target/x86_64-unknown-linux-gnu/release/$1" "$f" 2>&1 | grep -A1 -e "divergence:" -e "^recovery property" | head -4
done
