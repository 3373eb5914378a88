#!/usr/bin/env bash
# testapp_atomics.sh ENGINESIM ENGINES_DIR WORKDIR: `testapp --seeds --races`
# on an instrumented engine passes suite_full; a failing test's schedule
# records --atomics, and `testapp --replay` repeats it under the same mode.
set -u
bin="$1"; engines="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
suite=(--suite "$engines/suite_full.so")

out="$("$bin" testapp --engine "$engines/atomics_mem_engine.so" "${suite[@]}" --seeds 1..20 \
  --races --jobs 2 --out "$work/mem" 2>&1)"; code=$?
[ $code -eq 0 ] || fail "suite_full on the instrumented mem engine exited $code"
grep -q "seeds: 6 tests x 20 seeds: 120 runs, ok 120, failed 0" <<<"$out" || fail "not 120 ok runs"

out="$("$bin" testapp --engine "$engines/atomics_mem_engine.so" "${suite[@]}" --races 2>&1)"; code=$?
[ $code -eq 2 ] || fail "--races without --seeds exited $code, not 2"
grep -q "add --seeds" <<<"$out" || fail "no hint to add --seeds"

# The refcount engine has no stats: its "stats" test fails under any seed.
out="$("$bin" testapp --engine "$engines/atomics_refcount_engine.so" "${suite[@]}" --test stats \
  --seeds 1..1 --atomics --out "$work/rc" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the failing test exited $code, not 1"
file="$work/rc/stats-seed-1.schedule"
[ -f "$file" ] || fail "no schedule $file"
grep -qx "meta atomics 1" "$file" || fail "the schedule does not record --atomics"
hash="$(sed -n 's/^trace-hash \([0-9a-f]*\)$/\1/p' "$file")"
out="$("$bin" testapp --replay "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the replay exited $code, not 1"
grep -q "trace-hash: $hash (recorded $hash: same" <<<"$out" || fail "the replay did not repeat $hash"
echo "ok: testapp --races passes suite_full on the instrumented mem engine; --atomics is recorded and replayed ($hash)"
