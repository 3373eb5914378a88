#!/usr/bin/env bash
# record.sh [BUILD_DIR]: re-records the run corpus with BUILD_DIR's enginesim
# and engines (default: build/default), then checks the new recording twice.
# A deliberate act: read README.md first.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
build="$(cd "${1:-$root/build/default}" && pwd)"
script="$root/tests/harness/cli/corpus.py"
opts=(--enginesim "$build/harness/enginesim" --engines "$build/engines" --corpus "$here"
      --work "$build/corpus-record")
rm -rf "$here/cases"
mkdir "$here/cases"
python3 "$script" record "${opts[@]}"
# A recording that does not reproduce itself would fail every later check.
for i in 1 2; do
  python3 "$script" check "${opts[@]}" > "$build/corpus-record/check-$i.log" ||
    { cat "$build/corpus-record/check-$i.log"; echo "record.sh: check $i of the new recording failed" >&2; exit 1; }
done
rm -rf "$build/corpus-record"
echo "record.sh: recorded $(ls "$here/cases" | wc -l) cases; review 'git diff --stat tests/harness/cli/corpus' before committing"
