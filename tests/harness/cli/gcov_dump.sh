#!/usr/bin/env bash
# gcov_dump.sh ENGINESIM ENGINE OBJDIR WORKDIR: an engine author's coverage
# build (engine compiled with --coverage, linked with
# -Wl,--undefined=__gcov_dump) under an enginesim built without coverage:
# the conformance clauses' children end with _exit() and write the engine's
# counters only with ENGINESIM_GCOV_DUMP=1 (docs/coverage.md).
set -u
bin="$1"; engine="$2"; objdir="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work"
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }

# Lines of r_store the conformance suite reached, as gcov counts them.
store_lines() {
  local gcda; gcda="$(find "$objdir" -name '*.gcda' | head -1)"
  [ -n "$gcda" ] || { echo "none"; return; }
  (cd "$work" && gcov -n -f -o "$gcda" "$gcda" 2>/dev/null) |
    awk '/^Function .r_store./ { f = 1; next } f && /^Lines executed/ { print $2; exit }'
}

find "$objdir" -name '*.gcda' -delete
out="$("$bin" conformance --engine "$engine" 2>&1)"
without="$(store_lines)"
find "$objdir" -name '*.gcda' -delete
out="$(ENGINESIM_GCOV_DUMP=1 "$bin" conformance --engine "$engine" 2>&1)"
with="$(store_lines)"
out="without ENGINESIM_GCOV_DUMP: r_store $without; with it: r_store $with"
case "$with" in executed:0.00%|none|'') fail "the clauses' children wrote no counters";; esac
case "$without" in executed:0.00%|none) ;; *) fail "counters were written without the option (is enginesim built with coverage?)";; esac
echo "ok: $out"
