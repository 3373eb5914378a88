#!/usr/bin/env bash
# race_replay.sh ENGINESIM FLAG_ENGINE WORKDIR: a data race found by `run
# --races` is recorded with "atomics" and "races" in the schedule file;
# `replay` repeats its trace hash and prints the same report; running the
# same seed again gives the same report.
set -u
bin="$1"; engine="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
opts=(--engine "$engine" --strategy random --mix get,set,delete --advance-percent 0 --races)

seed=""
for s in $(seq 1 40); do
  out="$("$bin" run "${opts[@]}" --seed "$s" 2>&1)"; code=$?
  if [ $code -eq 1 ]; then seed=$s; break; fi
  [ $code -eq 0 ] || fail "run of seed $s exited $code"
done
[ -n "$seed" ] || fail "no seed in 1..40 found the race"
first="$out"
grep -q "data race (--races)" <<<"$out" || fail "the failure is not the data race"
grep -Eq "at flag_engine.c:[0-9]+" <<<"$out" || fail "the accesses are not symbolized"
hash="$(sed -n 's/^trace-hash: \([0-9a-f]\{16\}\).*/\1/p' <<<"$out")"
file=enginesim-failure-$seed.schedule
[ -f "$file" ] || fail "the failure was not recorded in $file"
grep -qx "meta races 1" "$file" || fail "the schedule file does not record --races"
grep -qx "meta atomics 1" "$file" || fail "the schedule file does not record --atomics"

report() { sed -n '/^report:/,/^confirmed/p' <<<"$1" | grep -v '^confirmed'; }
out="$("$bin" replay "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "replay exited $code, not 1"
grep -q "^trace-hash: $hash (recorded $hash: same" <<<"$out" || fail "replay hash differs from $hash"
[ "$(report "$out")" = "$(report "$first")" ] || fail "replay printed another report"

out="$("$bin" run "${opts[@]}" --seed "$seed" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the second run of seed $seed exited $code"
[ "$(report "$out")" = "$(report "$first")" ] || fail "the same seed gave another report"
echo "ok: seed $seed races, recorded with --races, replay repeats $hash and its report"
