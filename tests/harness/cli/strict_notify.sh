#!/usr/bin/env bash
# strict_notify.sh ENGINESIM ENGINES_DIR WORKDIR: --strict-notify turns on the
# monitor's notify.premature. The ep mutant ep_bgfetch_notify_early fails a
# seed with it (recorded; replay keeps the flag from the schedule file), passes
# the same seed without it (a re-call that blocks again is legal in memcached),
# and the correct ep passes the seed with it.
set -u
bin="$1"; engines="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
config='dbdir={tmpdir};max_size=128;exp_pager_stime=30;flusher_batch=1;compaction_min_dead=32'
# A seed the mutant fails with the flag (seeds 1, 4, 7 to 10, 12, 18, 19,
# 21, 27, 29, 31 and 35 of 1..40 since item calls stopped being scheduling
# points, which moved the schedules; scheduler.md, "What a step is").
seed=(--seed 1 --strategy random --connections 3 --ops 20 --keys 2 --advance-percent 10 --no-swarm)
mutant="$engines/mutant_ep_bgfetch_notify_early.so"

out="$("$bin" run --engine "$mutant" --config "$config" "${seed[@]}" --strict-notify 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the mutant with --strict-notify exited $code, not 1"
grep -q 'notify.premature: conn [0-9]*: .*returned ENGINE_EWOULDBLOCK again' <<<"$out" ||
  fail "no notify.premature violation"
file=enginesim-failure-1.schedule
grep -Eq "^replay: .*enginesim replay $file\$" <<<"$out" || fail "no replay command"
grep -q '^meta strict-notify 1$' "$file" || fail "the schedule file does not keep --strict-notify"

out="$("$bin" replay "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "replay of the failure exited $code, not 1"
grep -q 'notify.premature' <<<"$out" || fail "the replay lost notify.premature"

out="$("$bin" run --engine "$mutant" --config "$config" "${seed[@]}" 2>&1)"; code=$?
[ $code -eq 0 ] || fail "the mutant without --strict-notify exited $code, not 0 (the rule is strict)"
grep -q '^warning (strict): notify.premature: conn [0-9]*: ' <<<"$out" ||
  fail "the strict finding is not printed as a warning"

out="$("$bin" run --engine "$mutant" --config "$config" "${seed[@]}" --level strict 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the mutant with --level strict exited $code, not 1"
grep -q 'notify.premature' <<<"$out" || fail "--level strict does not name notify.premature"

out="$("$bin" run --engine "$engines/ep_engine.so" --config "$config" "${seed[@]}" --strict-notify 2>&1)"
code=$?
[ $code -eq 0 ] || fail "the correct ep with --strict-notify exited $code, not 0"
echo "ok: notify.premature caught with --strict-notify, replayed from the file, opt-in, ep clean"
