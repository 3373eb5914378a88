#!/usr/bin/env bash
# exports.sh ENGINE.so...: each reference engine exports exactly one dynamic
# symbol, the function create_instance (everything else hidden), so that two
# engines or an engine and the core can never bind to each other's internals.
set -u
status=0
for so in "$@"; do
  # "T create_instance": a defined function in the text section.
  # A --coverage build links gcc's libgcov into each module; its symbols
  # (__gcov_*, mangle_path) are the instrumentation's, not the engine's.
  exported="$(nm -D --defined-only "$so" | awk '$3 !~ /^(__gcov_|mangle_path$)/ {print $2 " " $3}' | sort)"
  if [ "$exported" != "T create_instance" ]; then
    printf '%s exports more or less than the function create_instance:\n%s\n' "$so" "$exported"
    status=1
  else
    echo "ok: $so exports only create_instance"
  fi
done
exit $status
