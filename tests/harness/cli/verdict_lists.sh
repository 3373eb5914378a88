#!/usr/bin/env bash
# verdict_lists.sh ENGINESIM ENGINES_DIR SCHEMA_DIR WORKDIR: nothing a
# verdict knows is hidden. A conformance clause with six failures lists all
# six in the plain output, TAP, JUnit and JSON (which satisfies its schema);
# what an engine writes to stderr reaches conformance's and explore's JSON and
# JUnit; an explore whose seeds spend their DFS budget is `incomplete`, with
# what it covered, valid JSON, exit 0 (1 with --require-complete).
set -u
bin="$1"; engines="$2"; schemas="$3"; work="$4"
check="$(dirname "$0")/check_json_schema.py"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "${out:-}"; exit 1; }
broken="$engines/conformance_broken.so"

# get.prefix_keys fails six times on conformance_broken.
out="$("$bin" conformance --engine "$broken" --filter get.prefix_keys --json c.json --junit c.xml 2>&1)"
[ $? -eq 1 ] || fail "conformance did not exit 1"
grep -Eq '^FAIL +get\.prefix_keys  get "a": expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT \(\+5 more failures\)$' <<<"$out" ||
  fail "the clause line changed"
[ "$(grep -c '^           - ' <<<"$out")" -eq 6 ] || fail "the plain output does not list 6 failures"
n=$(python3 -c 'import json,sys; print(len(json.load(open("c.json"))["clauses"][0]["failures"]))') || fail "no failures array"
[ "$n" -eq 6 ] || fail "the JSON lists $n failures, not 6"
out="$(python3 "$check" "$schemas/conformance.schema.json" c.json 2>&1)" || fail "conformance JSON invalid"
[ "$(grep -c '^failure: ' c.xml)" -eq 5 ] || fail "the JUnit <failure> text does not list every failure"
grep -q 'failure: remove ab: expected ENGINE_SUCCESS, got ENGINE_KEY_ENOENT' c.xml || fail "the last failure is not in JUnit"
out="$("$bin" conformance --engine "$broken" --filter get.prefix_keys --tap 2>&1)"
[ "$(grep -c '^    - "' <<<"$out")" -eq 6 ] || fail "the TAP YAML does not list 6 failures"

# The engine's stderr, per clause and per failing seed.
out="$("$bin" conformance --engine "$engines/broken_stderr.so" --filter store.set.new --json s.json --junit s.xml 2>&1)"
[ $? -eq 1 ] || fail "conformance of broken_stderr did not exit 1"
grep -q '"engine_stderr": "broken_stderr: allocate of 3 bytes refused"' s.json || fail "no engine_stderr in the JSON"
grep -q '<system-err>broken_stderr: allocate of 3 bytes refused</system-err>' s.xml || fail "no system-err in the JUnit"
# Its ENOMEM answers fail only at --level strict (a full cache may refuse).
out="$("$bin" explore --engine "$engines/broken_stderr.so" --seeds 1..2 --ops 2 --level strict --out ex --json ex.json --junit ex.xml 2>&1)"
[ $? -eq 1 ] || fail "explore of broken_stderr did not exit 1"
grep -q '^    | broken_stderr: allocate of [0-9]* bytes refused' <<<"$out" || fail "explore prints no engine stderr"
out="$(python3 "$check" "$schemas/explore.schema.json" ex.json 2>&1)" || fail "explore JSON invalid"
grep -q '"engine_stderr": "broken_stderr: allocate' ex.json || fail "no engine_stderr in explore's JSON"
grep -q '<system-err>broken_stderr: allocate' ex.xml || fail "no system-err in explore's JUnit"

# A spent DFS budget: incomplete, covered schedules, exit 0 / 1.
dfs=(explore --engine "$engines/fs_engine.so" --config "dir={tmpdir};mode=async" --seeds 1..2
     --strategy dfs:1 --ops 1 --max-schedules 3 --json inc.json --junit inc.xml)
out="$("$bin" "${dfs[@]}" 2>&1)"
[ $? -eq 0 ] || fail "an explore that spent its budget did not exit 0"
grep -q '^INCOMPLETE seed 1: dfs: 3 distinct schedules, budget spent' <<<"$out" || fail "no INCOMPLETE line"
grep -q '^dfs: 6 distinct schedules' <<<"$out" || fail "the covered schedules are not counted"
out="$(python3 "$check" "$schemas/explore.schema.json" inc.json 2>&1)" || fail "incomplete explore JSON invalid"
grep -q '"covered": 3' inc.json || fail "the JSON does not say what was covered"
grep -q '<skipped message="dfs: 3 distinct schedules' inc.xml || fail "the JUnit does not mark the seed skipped"
out="$("$bin" "${dfs[@]}" --require-complete 2>&1)"
[ $? -eq 1 ] || fail "--require-complete did not make it exit 1"
echo "ok: every failure, the engine's stderr and incomplete verdicts reach every format"
