#!/usr/bin/env bash
# report_browser.sh ENGINESIM RACY_ENGINE WORKDIR [LOST_APPEND_MUTANT]: loads a
# generated HTML report in headless Chromium and checks, in the DOM after the
# page's script ran, that the lanes, the failure marker and the replay
# command are there; with the mutant, that a non-linearizable run's page
# draws the witness table and marks its operations with the model's answer.
# Exit 77 (skipped) when /usr/bin/chromium is not installed (ci/lib.sh
# installs it). SCREENSHOT=FILE also saves a PNG of the page.
set -u
bin="$1"; racy="$2"; work="$3"; lost_append="${4:-}"
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "skipped: $chromium is not installed"; exit 77; }
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n' "$1"; exit 1; }

"$bin" run --engine "$racy" --seed 24 --strategy random --record f.schedule >run.out 2>&1
"$bin" report f.schedule -o page.html >report.out 2>&1 || fail "report exited $?: $(cat report.out)"
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
       --user-data-dir="$PWD/profile" --virtual-time-budget=5000)
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$PWD/page.html" >dom.html 2>chromium.err ||
  fail "chromium failed: $(tail -5 chromium.err)"
grep -q 'data-rendered="yes"' dom.html || fail "the page's script did not finish"
lanes=$(grep -o 'class="lane-head [a-z]*"' dom.html | wc -l)
[ "$lanes" -ge 2 ] || fail "only $lanes lanes drawn"
grep -q 'class="lane-head connection"' dom.html || fail "no connection lane"
grep -q 'id="failure-marker"' dom.html || fail "no failure marker"
grep -Eq '<code id="replay">[^<]*enginesim replay f.schedule</code>' dom.html || fail "no replay command"
grep -q 'class="row k-call' dom.html || fail "no engine call row"
if [ -n "$lost_append" ]; then
  "$bin" explore --engine "$lost_append" --config 'dir={tmpdir};mode=sync' --seeds 1..40 \
    --connections 3 --ops 5 --keys 1 --mix set,append,get --strategy random --stop-on-first \
    --jobs 2 --out lin --html >lin.out 2>&1
  lin=$(ls lin/*.html 2>/dev/null | head -1)
  [ -n "$lin" ] || fail "no page for the lost-append mutant: $(tail -5 lin.out)"
  timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$PWD/$lin" >lin-dom.html 2>>chromium.err ||
    fail "chromium failed on $lin: $(tail -5 chromium.err)"
  grep -q 'data-rendered="yes"' lin-dom.html || fail "the lin page's script did not finish"
  grep -q '<table class="witness" id="witness">' lin-dom.html || fail "no witness table in the failure box"
  listed=$(grep -o '<tr class="go"' lin-dom.html | wc -l)
  marked=$(grep -o 'class="row k-op hl witness"' lin-dom.html | wc -l)
  [ "$listed" -ge 2 ] && [ "$listed" -eq "$marked" ] ||
    fail "$listed witness operations listed, $marked rows marked"
  grep -q '<span class="expect">model: memcached allows ' lin-dom.html ||
    fail "no marked row shows what memcached allows"
fi
if [ -n "${SCREENSHOT:-}" ]; then
  timeout 120 "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1400,1000 \
    --screenshot="$SCREENSHOT" "file://$PWD/page.html" 2>>chromium.err || fail "no screenshot"
fi
echo "ok: chromium drew $lanes lanes, the failure marker and the replay command"
