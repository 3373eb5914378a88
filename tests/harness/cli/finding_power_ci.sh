#!/usr/bin/env bash
# finding_power_ci.sh ENGINESIM ENGINES_DIR MUTANTS_TXT SEEDS STRATEGY SHAPE "KILL..." "PASS...":
# a small version of docs/scheduler.md's finding-power table. `explore` with
# no per-mutant flags (STRATEGY and SHAPE as finding_power.sh takes them;
# "default default" = explore's default options) over seeds 1..SEEDS must
# find at least one failing seed in each mutant of KILL and none in the
# correct engines of PASS, so that a change that costs the campaign its
# finding power (or makes it cry wolf) fails CI.
set -u
bin="$1"; engines="$2"; table="$3"; seeds="$4"; strategy="$5"; shape="$6"; kill="$7"; pass="$8"
power="$(cd "$(dirname "$0")" && pwd)/finding_power.sh"
status=0
# A mutant is killed by its first failing seed: its campaign stops there
# (the count is then 1 or so, not the table's). The correct engines run the
# seeds that found the mutants, 1..the highest first failing seed (SEEDS
# when none was found): the same campaigns, where they found what they
# found. Their longer campaigns are finding_power.sh's, run by hand
# (docs/scheduler.md, "Finding power").
# shellcheck disable=SC2086  # the name lists are words
killed="$(FINDING_POWER_STOP_ON_FIRST=1 "$power" "$bin" "$engines" "$table" "$seeds" "$strategy" "$shape" $kill)" || {
  printf 'FAIL: finding_power.sh failed\n%s\n' "$killed"; exit 1; }
printf '%s\n' "$killed"
reach=$(awk -v max="$seeds" '$7 ~ /^[0-9]+$/ && $7 + 0 > r { r = $7 + 0 } END { print (r ? r : max) }' <<<"$killed")
echo "the correct engines run seeds 1..$reach"
# shellcheck disable=SC2086
passed="$("$power" "$bin" "$engines" "$table" "$reach" "$strategy" "$shape" $pass)" || {
  printf 'FAIL: finding_power.sh failed\n%s\n' "$passed"; exit 1; }
printf '%s\n' "$passed"
out="$killed"$'\n'"$passed"
for name in $kill; do
  n=$(awk -v n="$name" '$1 == n { print $4 }' <<<"$out")
  [ "${n:-0}" -ge 1 ] || { echo "FAIL: $strategy/$shape found no failing seed of $name in 1..$seeds"; status=1; }
done
for name in $pass; do
  n=$(awk -v n="$name" '$1 == n { print $4 }' <<<"$out")
  [ "${n:-1}" -eq 0 ] || { echo "FAIL: the correct engine $name failed ${n:-?} seeds of 1..$reach"; status=1; }
done
exit $status
