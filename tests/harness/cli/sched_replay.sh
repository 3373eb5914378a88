#!/usr/bin/env bash
# sched_replay.sh ENGINESIM RACY_ENGINE WORKDIR: a failure found by `run` is
# recorded, `replay` reproduces it with the same trace hash, `trace` prints
# its timeline, and a damaged copy of the file is a clear error (exit 2).
set -u
bin="$1"; racy="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }

out="$("$bin" run --engine "$racy" --seed 24 --strategy random --no-swarm 2>&1)"; code=$?
[ $code -eq 1 ] || fail "run of a failing seed exited $code, not 1"
hash="$(sed -n 's/^trace-hash: \([0-9a-f]\{16\}\).*/\1/p' <<<"$out")"
[ -n "$hash" ] || fail "no trace-hash line"
grep -q '^confirmed: a second run of the recorded schedule repeats' <<<"$out" || fail "no confirmation"
file=enginesim-failure-24.schedule
[ -f "$file" ] || fail "the failure was not recorded in $file"
grep -Eq "^replay: .*enginesim replay $file\$" <<<"$out" || fail "no replay command"

out="$("$bin" replay "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "replay of the failure exited $code, not 1"
grep -q "^trace-hash: $hash (recorded $hash: same" <<<"$out" || fail "replay hash differs from $hash"

out="$("$bin" trace "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "trace exited $code"
grep -q "=> conn 1: " <<<"$out" || fail "the timeline shows no connection operation"
grep -q "thread 1 'conn 1 worker'  lock mutex#" <<<"$out" || fail "the timeline shows no lock"

# One flipped character in the body: the checksum catches it.
sed '0,/^c /s/^c /t /; 0,/^t 2 0$/s/^t 2 0$/t 2 1/' "$file" > damaged.schedule
cmp -s "$file" damaged.schedule && fail "could not damage the file"
out="$("$bin" replay damaged.schedule 2>&1)"; code=$?
[ $code -eq 2 ] || fail "a damaged file exited $code, not 2"
grep -q "damaged" <<<"$out" || fail "no 'damaged' in the error"

# A file that is intact but does not fit the engine: a divergence, exit 2.
fs="$(dirname "$racy")/fs_engine.so"
out="$("$bin" replay "$file" --engine "$fs" 2>&1)"; code=$?
[ $code -eq 2 ] || fail "replay against another engine exited $code, not 2"
echo "ok: run records, replay repeats $hash, trace prints, damage and mismatch exit 2"
