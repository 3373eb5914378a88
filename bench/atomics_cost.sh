#!/usr/bin/env bash
# atomics_cost.sh BUILD_DIR [SEED]: what --atomics and --races cost
# (docs/atomics.md). One run of 4 connections x 500 operations over 50 keys
# of each bundled engine (mem; fs in async mode), plain and instrumented,
# best of 3 wall-clock times; prints steps and seconds per configuration.
set -u
build="$1"; seed="${2:-7}"
bin="$build/harness/enginesim"; engines="$build/engines"
best_of_3() {
  local best="" t
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$bin" "$@" > /tmp/atomics_cost.$$ 2>&1
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%8.3f s  %s\n' "$best" "$(grep -oE '[0-9]+ steps' /tmp/atomics_cost.$$)"
}
for e in mem fs; do
  cfg=(); [ "$e" = fs ] && cfg=(--config "dir={tmpdir};mode=async")
  run=(run --seed "$seed" --connections 4 --ops 500 --keys 50 --strategy random "${cfg[@]}")
  printf '%-3s plain build (gcc)          ' "$e"; best_of_3 "${run[@]}" --engine "$engines/${e}_engine.so"
  printf '%-3s instrumented, no option    ' "$e"; best_of_3 "${run[@]}" --engine "$engines/atomics_${e}_engine.so"
  printf '%-3s instrumented, --atomics    ' "$e"; best_of_3 "${run[@]}" --engine "$engines/atomics_${e}_engine.so" --atomics
  printf '%-3s instrumented, --races      ' "$e"; best_of_3 "${run[@]}" --engine "$engines/atomics_${e}_engine.so" --races
done
rm -f /tmp/atomics_cost.$$
