#!/usr/bin/env bash
# prove_fuzz_engine.sh FUZZ_ENGINE RACY_ENGINE SEEDS WORKDIR [RUNS]: fuzz_engine,
# run for a fixed number of inputs with a fixed seed against an engine that
# crashes on one interleaving (sched_racy, bug=crash: two stores whose
# counter updates interleave), must report the finding, record it, and print
# an `enginesim replay` command that reproduces the crash (exit 1, verdict
# died, the same trace hash); the crash input saved by libFuzzer reproduces
# it through the target as well. On this machine it is found after a few
# hundred inputs (10-20 s); RUNS (default 3000) bounds the search.
set -u
fuzzer="$1"; racy="$2"; seeds="$3"; work="$4"; runs="${5:-3000}"
rm -rf "$work"; mkdir -p "$work/findings" "$work/corpus" "$work/artifacts"
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
# get and set only: sched_racy keeps no counters, expiry or add/replace rules
# (its bug is the point), and with every operation the fuzzer's first finding
# would be one of those, not the crash (the CLI tests drive it the same way).
export ENGINESIM_ENGINE="$racy" ENGINESIM_CONFIG="bug=crash" ENGINESIM_FINDINGS_DIR="$work/findings"
export ENGINESIM_MIX=get,set

out="$("$fuzzer" -runs="$runs" -seed=1 -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "$seeds" 2>&1)"; code=$?
[ $code -ne 0 ] || fail "fuzz_engine found nothing in $runs inputs (exit 0)"
grep -q "FINDING: verdict died" <<<"$out" || fail "no 'FINDING: verdict died' report"
# The engine's SIGSEGV: ASan reports it and ends the child (status 1); a
# build without ASan sees the child die of the signal.
segv='AddressSanitizer: SEGV|died of signal 11'
grep -Eq "$segv" <<<"$out" || fail "the output does not show the engine's SIGSEGV"
grep -q "confirmed: the recorded schedule repeats it" <<<"$out" || fail "the finding was not confirmed"
schedule="$(sed -n 's/^  schedule: //p' <<<"$out" | tail -1)"
workload="$(sed -n 's/^  workload: //p' <<<"$out" | tail -1)"
replay="$(sed -n 's/^  replay: //p' <<<"$out" | tail -1)"
[ -f "$schedule" ] || fail "no schedule file at '$schedule'"
[ -f "$workload" ] || fail "no workload file at '$workload'"
grep -q "^enginesim-workload 1" "$workload" || fail "$workload is not a workload file"
grep -Eq "^[^ ]*enginesim'? replay '?$schedule'?\$" <<<"$replay" || fail "bad replay command: $replay"
artifacts=("$work"/artifacts/crash-*)
[ -f "${artifacts[0]}" ] || fail "libFuzzer saved no crash artifact"

# The printed command, run as printed, reproduces the crash.
out="$(eval "$replay" 2>&1)"; code=$?
[ $code -eq 1 ] || fail "the replay command exited $code, not 1"
grep -q "^verdict: died" <<<"$out" || fail "the replay did not die"
grep -Eq "$segv" <<<"$out" || fail "the replay died otherwise"
grep -q "same, reproduced bit for bit" <<<"$out" || fail "the replay differs from the recording"

# So does the saved input, run through the target.
out="$("$fuzzer" "${artifacts[0]}" 2>&1)"; code=$?
[ $code -ne 0 ] || fail "the crash input ran clean"
grep -q "FINDING: verdict died" <<<"$out" || fail "the crash input gave no finding"
echo "ok: fuzz_engine found the interleaving crash, recorded $schedule, and its replay reproduces it"
