#!/usr/bin/env bash
# sched_died.sh ENGINESIM RACY_ENGINE WORKDIR: a run whose engine crashes
# keeps its schedule. `run` records it (every choice up to the death) with the
# signal and the faulting address in the verdict; `replay` dies the same way
# with the same trace hash (the hash of the run up to its death); `trace`
# prints the steps up to the death and `report` draws them; an assertion's
# text is in the verdict's report; `explore` records and draws its deaths.
set -u
bin="$1"; racy="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }

out="$("$bin" run --engine "$racy" --config bug=crash --seed 4 --strategy random --no-swarm 2>&1)"; code=$?
[ $code -eq 1 ] || fail "run of a crashing seed exited $code, not 1"
verdict_re='^verdict: died  \(SIGSEGV at address 0x0, after ([0-9]+) steps\)$'
steps="$(sed -En "s/$verdict_re/\\1/p" <<<"$out")"
[ -n "$steps" ] || fail "the verdict does not name SIGSEGV, address 0x0 and the steps"
hash="$(sed -n 's/^trace-hash: \([0-9a-f]\{16\}\)$/\1/p' <<<"$out")"
[ -n "$hash" ] && [ "$hash" != 0000000000000000 ] || fail "no trace hash of the run up to its death"
grep -q '^  the child died of signal 11 (SIGSEGV: Segmentation fault) at address 0x0' <<<"$out" ||
  fail "the report does not describe the death"
grep -Eq '^  where: r_store \(sched_racy\.so\+0x[0-9a-f]+\)( at sched_racy\.c:[0-9]+)?$' <<<"$out" ||
  fail "the report does not name the engine's function where it faulted"
grep -q '^    called from enginesim::EngineProxy::store ' <<<"$out" ||
  fail "the report does not name the core's call into the engine"
grep -q "enginesim's own" <<<"$out" && fail "an engine's fault is blamed on enginesim"
grep -q "^confirmed: a second run of the recorded schedule died the same way (SIGSEGV at address 0x0, after $steps steps, trace-hash $hash)" <<<"$out" ||
  fail "the death was not confirmed by its recorded schedule"
file=enginesim-failure-4.schedule
[ -f "$file" ] || fail "the death was not recorded in $file"
choices="$(sed -n 's/^choices \([0-9]*\)$/\1/p' "$file")"
[ "${choices:-0}" -gt 0 ] || fail "the recorded schedule has no choices"
grep -q "^schedule recorded: $file ($choices choices)" <<<"$out" || fail "no 'schedule recorded' line"
grep -q '^meta died 11 SIGSEGV' "$file" || fail "the file does not record the death"
grep -Eq "^replay: .*enginesim replay $file\$" <<<"$out" || fail "the repro command is not a replay of the file"

out="$("$bin" replay "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "replay of the death exited $code, not 1"
grep -Eq "$verdict_re" <<<"$out" || fail "the replay did not die of SIGSEGV at 0x0"
grep -q "^verdict: died  (SIGSEGV at address 0x0, after $steps steps)" <<<"$out" ||
  fail "the replay died after another number of steps than $steps"
grep -q "^trace-hash: $hash (recorded $hash: same, reproduced bit for bit up to the death)" <<<"$out" ||
  fail "the replay's trace hash differs from $hash"
grep -q 'diverged\|does not fit' <<<"$out" && fail "the replay of a death reports a divergence"

out="$("$bin" trace "$file" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "trace of the death exited $code, not 1"
grep -q "^step $steps " <<<"$out" || fail "the timeline does not reach step $steps"
grep -q "^-- the child died after step $steps (thread [0-9]* '[^']*'): SIGSEGV at address 0x0" <<<"$out" ||
  fail "the timeline does not end at the death"
grep -q "=> conn [0-9]: " <<<"$out" || fail "the timeline shows no connection operation"

out="$("$bin" report "$file" -o died.html 2>&1)"; code=$?
[ $code -eq 0 ] || fail "report of the death exited $code, not 0"
grep -q "verdict died, [0-9]* events, trace-hash $hash" <<<"$out" || fail "report did not replay the death"
[ -s died.html ] || fail "no HTML page"
grep -q "SIGSEGV at address 0x0, after $steps steps" died.html || fail "the page does not show the death"
grep -Eq "^\[\"[a-z]+\",$steps," died.html || fail "the page does not draw step $steps"

# An assertion: its text is in the verdict's report, before the confirmation.
out="$("$bin" run --engine "$racy" --config bug=assert --seed 4 --strategy random --no-swarm 2>&1)"; code=$?
[ $code -eq 1 ] || fail "run of an asserting engine exited $code, not 1"
grep -Eq '^verdict: died  \(SIGABRT, after [0-9]+ steps\)$' <<<"$out" || fail "the verdict does not name SIGABRT"
report="$(sed -n '/^report:$/,/^confirmed\|^UNCONTROLLED/p' <<<"$out")"
grep -q "Assertion .*stores inside went negative.* failed" <<<"$report" ||
  fail "the assertion's text is not in the verdict's report"

# explore: each death recorded as a schedule and drawn with --html.
out="$("$bin" explore --engine "$racy" --config bug=crash --seeds 1..20 --strategy random --no-swarm \
  --jobs 2 --no-linearizability --out deaths --html --json deaths.json 2>&1)"; code=$?
[ $code -eq 1 ] || fail "explore of a crashing engine exited $code, not 1"
seed="$(sed -n 's/^FAIL seed \([0-9]*\): died: .*/\1/p' <<<"$out" | head -1)"
[ -n "$seed" ] || fail "no seed died"
[ -f "deaths/seed-$seed.schedule" ] || fail "the death of seed $seed was not recorded"
grep -q '^meta died 11' "deaths/seed-$seed.schedule" || fail "seed $seed's file does not record the death"
[ -s "deaths/seed-$seed.html" ] || fail "the death of seed $seed was not drawn"
grep -q "\"schedule\": \"deaths/seed-$seed.schedule\"" deaths.json || fail "the JSON does not point to the schedule"
echo "ok: died after $steps steps (hash $hash, $choices choices); replay, trace, report, assert, explore"
