#!/usr/bin/env bash
# progress_output.sh ENGINESIM FS_ENGINE WORKDIR: explore and conformance
# print no progress line (no carriage return, no escape sequence) when
# stderr is not a terminal, and do draw one on a terminal (via script(1)).
set -u
bin="$1"; fs="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n' "$1"; exit 1; }
cr=$'\r'; esc=$'\033'

"$bin" explore --engine "$fs" --config "dir={tmpdir};mode=async" --seeds 1..6 --jobs 2 \
  >explore.out 2>explore.err || fail "explore exited $?"
"$bin" conformance --engine "$fs" --config "dir={tmpdir};mode=sync" --filter 'store.set.*' \
  >conf.out 2>conf.err || fail "conformance exited $?"
for f in explore.out explore.err conf.out conf.err; do
  if grep -q "[$cr$esc]" "$f"; then fail "$f has a carriage return or escape sequence"; fi
done
grep -q "^summary: 6 of 6 seeds" explore.out || fail "explore printed no summary"
[ -s explore.err ] && fail "explore wrote to stderr off a terminal: $(cat explore.err)"
[ -s conf.err ] && fail "conformance wrote to stderr off a terminal: $(cat conf.err)"

if command -v script >/dev/null; then
  script -qec "'$bin' explore --engine '$fs' --config 'dir={tmpdir};mode=async' --seeds 1..6 --jobs 2" \
    /dev/null >tty.out 2>&1 || fail "explore on a terminal exited $?"
  grep -q "${esc}\[K6/6 seeds, 0 failures, .* seeds/s, ~" tty.out || fail "no progress line on a terminal"
fi
echo "ok: quiet off a terminal, a progress line on one"
