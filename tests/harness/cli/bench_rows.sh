#!/usr/bin/env bash
# bench_rows.sh ENGINESIM: `enginesim bench` at tiny sizes prints the machine
# (with what a page fault costs there),
# the load and every row (P1, P3 with 1 and 2 jobs, P4, fs sync, fs async,
# ep) with its goal and baseline. Row names only: a timing is never asserted.
set -u
bin="$1"
out="$("$bin" bench --ops 20 --round-trips 20 --repeat 1 --seeds 2 --check-seeds 2 --history-ops 200 \
  --engine-seeds 1 2>&1)"
code=$?
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
[ "$code" -eq 0 ] || fail "bench exited $code"
want=(
  '^  machine: [0-9]+ CPUs \(nproc\), .+; a page fault [0-9]+\.[0-9]{2} us$'
  '^  load at start: [0-9.]+ [0-9.]+ [0-9.]+'
  'engine: .*mem_engine\.so'
  '^  figure +measured +goal +baseline'
  '^  P1 scheduled ops, mem \(overhead\) +[0-9.]+x +<= 3x (met|NOT met) +[0-9]+x'
  '^     direct ENGINE_HANDLE_V1 calls +[0-9]+ /s'
  '^     EngineClient \+ fake core, scheduled +[0-9]+ /s'
  '^     scheduling steps per operation +[0-9]+\.[0-9] +\(counted\) +41 \(Dec 3\)'
  '^  P3 seeds/s, mem, 1 job +[0-9.]+ +\(informative\) +18\.9'
  '^  P3 seeds/s, mem, 2 jobs +[0-9.]+ +>= 170 (met|NOT met) +31\.3'
  '^  P4 check 200 ops, 8 conns, 1 key +[0-9]+ ms +< 1000 ms (met|NOT met) +2300 ms'
  '^  fs sync +[0-9]+/s +[0-9]+/s +[0-9.]+x +[0-9.]+$'
  '^  fs async +[0-9]+/s +[0-9]+/s +[0-9.]+x +[0-9.]+$'
  '^  ep +[0-9]+/s +[0-9]+/s +[0-9.]+x +[0-9.]+$'
  '^  controlled hand-off \(scheduler\)'
  '^  lock-order check per run: [0-9.]+ ms with, [0-9.]+ ms without, ratio [0-9.]+'
)
for re in "${want[@]}"; do grep -Eq -- "$re" <<<"$out" || fail "no line matches /$re/"; done
echo "ok: every bench row printed with its goal and baseline"
