#!/usr/bin/env bash
# json_results.sh ENGINESIM FS_ENGINE RACY_ENGINE SCHEMA_DIR WORKDIR: the
# JSON of conformance and explore satisfies docs/schema/*.json (checked by
# check_json_schema.py, which must reject a document missing a field), and
# explore's JUnit has one testcase per failing seed with its replay command.
set -u
bin="$1"; fs="$2"; racy="$3"; schemas="$4"; work="$5"
check="$(dirname "$0")/check_json_schema.py"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "${out:-}"; exit 1; }

out="$("$bin" conformance --engine "$fs" --config "dir={tmpdir};mode=sync" --filter 'store.*' --json conf.json 2>&1)"
[ $? -eq 0 ] || fail "conformance exited non-zero"
out="$(python3 "$check" "$schemas/conformance.schema.json" conf.json 2>&1)" || fail "conformance JSON invalid"

out="$("$bin" explore --engine "$racy" --seeds 20..27 --strategy random --jobs 2 --out ex \
  --json ex.json --junit ex.xml 2>&1)"
[ $? -eq 1 ] || fail "explore over failing seeds did not exit 1"
n_fail=$(grep -c '^FAIL seed' <<<"$out")
out="$(python3 "$check" "$schemas/explore.schema.json" ex.json 2>&1)" || fail "explore JSON invalid"
[ "$(grep -c '"seed": ' ex.json)" -eq "$n_fail" ] || fail "the JSON lists not $n_fail failures"
[ "$(grep -c '<testcase classname="explore\.[a-z_]*" name="seed ' ex.xml)" -eq "$n_fail" ] ||
  fail "the JUnit has not $n_fail seed testcases"
grep -Eq '<failure type="[a-z_]+" message="[^"]*-- replay: .*enginesim replay ex/seed-[0-9]+\.schedule"' ex.xml ||
  fail "the JUnit failure message has no replay command"
grep -q '<testcase classname="explore" name="summary"' ex.xml || fail "no summary testcase"
grep -q "tests=\"$((n_fail + 1))\" failures=\"$n_fail\"" ex.xml || fail "testsuite counts wrong"

out="$("$bin" explore --engine "$fs" --config "dir={tmpdir};mode=async" --seeds 1..4 --jobs 2 --json ok.json 2>&1)"
[ $? -eq 0 ] || fail "explore over passing seeds exited non-zero"
out="$(python3 "$check" "$schemas/explore.schema.json" ok.json 2>&1)" || fail "passing explore JSON invalid"
grep -q '"failures": \[\]' ok.json || fail "passing campaign lists failures"

# The checker itself must fail on a broken document.
sed 's/"replay": /"replay_cmd": /' ex.json > broken.json
out="$(python3 "$check" "$schemas/explore.schema.json" broken.json 2>&1)"; code=$?
[ $code -eq 1 ] && grep -q "missing required field 'replay'" <<<"$out" || fail "checker accepted a broken document"
sed 's/"verdict": "PASS"/"verdict": "GREAT"/' conf.json > broken.json
out="$(python3 "$check" "$schemas/conformance.schema.json" broken.json 2>&1)"; code=$?
[ $code -eq 1 ] && grep -q 'is not one of' <<<"$out" || fail "checker accepted a bad verdict"
echo "ok: conformance and explore JSON match their schemas; explore JUnit per failing seed"
