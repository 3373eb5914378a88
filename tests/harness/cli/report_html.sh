#!/usr/bin/env bash
# report_html.sh ENGINESIM RACY_ENGINE DOUBLE_NOTIFY_MUTANT WORKDIR LOST_APPEND_MUTANT: a
# failing run writes an HTML report with --html; `report` of its schedule
# writes the same page byte for byte; replay and explore write one too; the
# page is self-contained; a history that is not linearizable has its minimal
# failing operations marked with the model's answer; bad input is a clear
# error with exit 2.
set -u
bin="$1"; racy="$2"; mutant="$3"; work="$4"; lost_append="$5"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "${out:-}"; exit 1; }

out="$("$bin" run --engine "$racy" --seed 24 --strategy random --record f.schedule --html run.html 2>&1)"
code=$?
[ $code -eq 1 ] || fail "run of a failing seed exited $code, not 1"
grep -q '^html report: run.html$' <<<"$out" || fail "run did not say where the report is"
[ -s run.html ] || fail "run.html was not written"
grep -q '<script type="application/json" id="data">' run.html || fail "no embedded data"
grep -q 'enginesim replay f.schedule' run.html || fail "no replay command in the page"
grep -q '\["call",' run.html || fail "no engine call in the timeline"
grep -q '\["failure",' run.html || fail "no failure row in the timeline"
grep -Eiq '<link|<iframe|<img| src=|https?://' run.html && fail "the page refers to something outside itself"

out="$("$bin" report f.schedule -o again.html 2>&1)"; code=$?
[ $code -eq 0 ] || fail "report exited $code"
grep -q '^report written: again.html (seed 24, verdict failed' <<<"$out" || fail "report said nothing useful"
cmp -s run.html again.html || fail "report of the same schedule differs from run --html's page"

out="$("$bin" replay f.schedule --html replay.html 2>&1)"; code=$?
[ $code -eq 1 ] || fail "replay of the failure exited $code"
cmp -s run.html replay.html || fail "replay --html page differs"

out="$("$bin" explore --engine "$racy" --seeds 20..27 --strategy random --jobs 2 --out ex --html 2>&1)"
code=$?
[ $code -eq 1 ] || fail "explore over failing seeds exited $code"
n_fail=$(grep -c '^FAIL seed' <<<"$out")
n_html=$(ls ex/*.html 2>/dev/null | wc -l)
[ "$n_fail" -gt 0 ] && [ "$n_fail" -eq "$n_html" ] || fail "$n_fail failures but $n_html HTML pages"

# An asynchronous engine in a per-run directory: EWOULDBLOCK, a notify arrow
# from the engine thread to the connection's worker, and still the same page
# from two processes, up to the names of addresses (the directory is named
# stably; malloc may reuse an address in one process and not in the other).
out="$("$bin" run --engine "$mutant" --config "dir={tmpdir};mode=async" --seed 1 --strategy pct:2 --no-swarm \
  --record m.schedule --html m1.html 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the double-notify mutant's run exited $code"
"$bin" report m.schedule -o m2.html >/dev/null 2>&1 || fail "report of m.schedule failed"
cmp -s <(sed 's/ptr#[0-9]*/ptr#N/g' m1.html) <(sed 's/ptr#[0-9]*/ptr#N/g' m2.html) ||
  fail "two reports of m.schedule differ"
grep -q 'ENGINE_EWOULDBLOCK' m1.html || fail "no EWOULDBLOCK in the mutant's timeline"
grep -Eq '\["notify",[0-9]+,[0-9]+,[0-9]+,[0-9]+,' m1.html || fail "no notify with an arrow target"
grep -q '\["violation",[^]]*notify.double' m1.html || fail "the violated rule is not in the timeline"
grep -q 'dir={tmpdir}' m1.html || fail "the run directory is not named {tmpdir}"
grep -q '\["wait",' m1.html || fail "no lock wait in the mutant's timeline"
# Recording calls and waits must not change the run: same trace hash.
grep -q 'same as recorded: reproduced bit for bit' m1.html || fail "the recorded replay has another trace hash"

# A lost append (fs_append_lost_update, its lin: options in mutants.txt):
# the history is not linearizable; the page lists the minimal failing
# sub-history and marks each of its operations' rows, with what memcached
# allows beside at least one of them.
out="$("$bin" explore --engine "$lost_append" --config 'dir={tmpdir};mode=sync' --seeds 1..40 \
  --connections 3 --ops 5 --keys 1 --mix set,append,get --strategy random --stop-on-first \
  --jobs 2 --out lin --html 2>&1)"; code=$?
[ $code -eq 1 ] || fail "explore of the lost-append mutant exited $code"
page=$(ls lin/*.html 2>/dev/null | head -1)
[ -n "$page" ] || fail "no HTML page for the lost-append failure"
grep -q '"report":"linearizability: the history of [0-9]* operations is not linearizable' "$page" ||
  fail "the failure box does not hold the checker's report"
# One witness object per line: {"conn":C,"index":N,...,"row":R}; rows are one
# array per line ending [..., highlight, witness number, expected].
n_witness=$(grep -c '^{"conn":[0-9]*,"index":[0-9]*,"op":' "$page")
[ "$n_witness" -ge 2 ] || fail "the page lists $n_witness witness operations"
grep -q '^{"conn":[^}]*,"row":-1}' "$page" && fail "a witness operation has no row in the timeline"
n_marked=$(grep -Ec '^\["op",.*,1,[1-9][0-9]*,"([^"\\]|\\.)*"\],?$' "$page")
[ "$n_marked" -eq "$n_witness" ] || fail "$n_witness witness operations but $n_marked marked rows"
for k in $(seq 1 "$n_witness"); do
  grep -Eq '^\["op",.*,1,'"$k"',"([^"\\]|\\.)*"\],?$' "$page" || fail "no row marked #$k"
done
grep -Eq '^\["op",.*,1,[1-9][0-9]*,"memcached allows ' "$page" ||
  fail "no marked row shows what memcached allows"
grep -Eq '^\["op",.*,[01],0,"[^"]' "$page" && fail "an unmarked row carries an expected answer"
grep -Eq '^\["op",.*,1,0,""\],?$' "$page" && fail "an operation outside the witness is highlighted"

out="$("$bin" report /nonexistent.schedule -o x.html 2>&1)"; code=$?
[ $code -eq 2 ] && grep -q 'cannot open the schedule file' <<<"$out" || fail "missing schedule: exit $code"
out="$("$bin" report f.schedule 2>&1)"; code=$?
[ $code -eq 2 ] && grep -q "needs --output" <<<"$out" || fail "missing -o: exit $code"
out="$("$bin" report f.schedule -o /nonexistent-dir/x.html 2>&1)"; code=$?
[ $code -eq 2 ] && grep -q 'cannot write /nonexistent-dir/x.html' <<<"$out" || fail "unwritable output: exit $code"
echo "ok: run/replay/explore --html and report write the same self-contained page"
