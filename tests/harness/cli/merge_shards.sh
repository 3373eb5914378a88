#!/usr/bin/env bash
# merge_shards.sh ENGINESIM MUTANT SCHEMA_DIR WORKDIR: `enginesim merge` over
# the two shards (--shard 0/2, 1/2) of a campaign on the lost-append mutant
# (the lin: options of engine/mutants/mutants.txt, without --stop-on-first):
# the one bug found in both shards is one failure group with every failing
# seed and one replay command; a missing shard and a duplicated shard are
# named and exit 1; results.json satisfies the explore schema.
set -u
bin="$1"; mutant="$2"; schemas="$3"; work="$4"
check="$(cd "$(dirname "$0")" && pwd)/check_json_schema.py"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "${out:-}"; exit 1; }

campaign=(--engine "$mutant" --config "dir={tmpdir};mode=sync" --seeds 1..50 --connections 3
          --ops 5 --keys 1 --mix set,append,get --strategy random --no-swarm --jobs 2)
for i in 0 1; do
  mkdir -p "shard$i"
  out="$("$bin" explore "${campaign[@]}" --shard "$i/2" --out "shard$i/failures" \
    --json "shard$i/result.json" 2>&1)"
  [ $? -eq 1 ] || fail "shard $i/2 found no failure (exit 1 expected)"
  grep -q '^failure groups: ' <<<"$out" || fail "explore printed no 'failure groups:' block"
  grep -q '^FAIL seed ' <<<"$out" || fail "explore lost its per-seed FAIL lines"
done
n0=$(grep -c '"seed": ' shard0/result.json); n1=$(grep -c '"seed": ' shard1/result.json)
n=$((n0 + n1))

# Both shards: every seed once, the lost append one group of all n seeds.
out="$("$bin" merge merged shard0 shard1 2>&1)"
[ $? -eq 1 ] || fail "merge of failing shards did not exit 1"
grep -q '^coverage: every seed of 1\.\.50 exactly once (2 shards)' <<<"$out" || fail "coverage not confirmed"
grep -q '^failure groups: 1 ' <<<"$out" || fail "the lost append is not exactly one group"
grep -Eq "^  $n seeds: failed \| first impossible (append|get)" <<<"$out" ||
  fail "the group does not hold all $n failing seeds of both shards under one signature"
[ "$(grep -c '^    replay: .*enginesim replay shard[01]/failures/seed-[0-9]*\.schedule' <<<"$out")" -eq 1 ] ||
  fail "not one replay command for the group"
for f in summary.txt junit.xml results.json; do [ -s "merged/$f" ] || fail "merged/$f not written"; done
cmp -s merged/summary.txt <(sed '$d' <<<"$out") || fail "summary.txt differs from the printed summary"
out="$(python3 "$check" "$schemas/explore.schema.json" merged/results.json 2>&1)" || fail "results.json invalid"
[ "$(grep -c '"seed": ' merged/results.json)" -eq "$n" ] || fail "results.json lists not $n failures"
grep -q "failures=\"$n\"" merged/junit.xml || fail "junit.xml does not count $n failures"
python3 - merged/results.json <<'PY' || fail "the group's seeds do not come from both shards"
import json, sys
g = json.load(open(sys.argv[1]))["groups"]
seeds = g[0]["seeds"]
sys.exit(0 if len(g) == 1 and any(s % 2 == 0 for s in seeds) and any(s % 2 == 1 for s in seeds) else 1)
PY

# A shard that never reported: named, exit 1.
out="$("$bin" merge missing shard0/result.json 2>&1)"
[ $? -eq 1 ] || fail "a missing shard did not exit 1"
grep -q 'coverage: NOT COMPLETE' <<<"$out" || fail "no NOT COMPLETE coverage line"
grep -q 'missing: 1 of 2 shards never reported: 1/2' <<<"$out" || fail "the missing shard 1/2 is not named"

# A shard given twice: named, its seeds counted once.
cp shard0/result.json copy.json
out="$("$bin" merge twice shard0 shard1 copy.json 2>&1)"
[ $? -eq 1 ] || fail "a duplicated shard did not exit 1"
grep -q 'twice: shard 0/2 appears 2 times: .*shard0/result.json copy.json' <<<"$out" ||
  fail "the duplicated shard 0/2 is not named with its files"
grep -q "^summary: 50 of 50 seeds, $n failing" <<<"$out" || fail "the duplicate's seeds were counted twice"

# Files of another campaign, or not explore's: exit 2.
echo '{"format": "something-else"}' > other.json
out="$("$bin" merge bad shard0 other.json 2>&1)"
[ $? -eq 2 ] || fail "a foreign JSON file did not exit 2"
grep -q 'is not an `explore --json` result' <<<"$out" || fail "the foreign file is not named"
echo "ok: 2 shards merged, $n failures in one group; missing and duplicated shards named"
