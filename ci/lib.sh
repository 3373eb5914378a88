#!/usr/bin/env bash
# ci/lib.sh - shared by the ci/ scripts: say what we do, install what is
# missing, configure and build a preset.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-$(nproc)}"

say() { printf '\n==> %s\n' "$*"; }

# Phase times: where a CI run's minutes go (package install, each preset's
# configure+build, each suite), printed when the script ends, whether it
# passed or not, so a slow or failing phase is seen next to the others.
PHASE_NAMES=()
PHASE_SECONDS=()
PHASE_RUNNING=""       # the phase under way: set while it runs
PHASE_RUNNING_START=0
SCRIPT_START=$SECONDS

# timed NAME CMD...: runs CMD and records how long it took. No `||` around
# CMD: that would switch off set -e inside it. A phase that fails ends the
# script, and the exit trap shows it as the one that stopped it.
timed() {
  PHASE_RUNNING="$1"; shift
  PHASE_RUNNING_START=$SECONDS
  "$@"
  PHASE_NAMES+=("$PHASE_RUNNING")
  PHASE_SECONDS+=($((SECONDS - PHASE_RUNNING_START)))
  PHASE_RUNNING=""
}

print_phase_times() {
  [ ${#PHASE_NAMES[@]} -eq 0 ] && [ -z "$PHASE_RUNNING" ] && return 0
  printf '\n==> phase times (%s)\n' "$(basename "$0")"
  local i
  for i in "${!PHASE_NAMES[@]}"; do
    printf '  %-52s %5ds\n' "${PHASE_NAMES[$i]}" "${PHASE_SECONDS[$i]}"
  done
  if [ -n "$PHASE_RUNNING" ]; then
    printf '  %-52s %5ds  (stopped the script)\n' "$PHASE_RUNNING" $((SECONDS - PHASE_RUNNING_START))
  fi
  printf '  %-52s %5ds\n' "total" $((SECONDS - SCRIPT_START))
}
trap print_phase_times EXIT

# Debian packages the build and the test suite need (python3: the JSON
# schema check of tests/harness/cli; chromium: the HTML report's browser test).
ENGINESIM_PACKAGES=(cmake make g++ googletest libgtest-dev librapidcheck-dev
                    clang-14 clang-format-14 libclang-rt-14-dev lcov python3 chromium)

install_packages() { timed "package install" install_packages_now "$@"; }

install_packages_now() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "packages present: $*"
    return 0
  fi
  say "installing missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "enginesim: run as root (or install these packages first): ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# configure_and_build PRESET [extra cmake args...]
configure_and_build() { timed "preset '$1': configure + build" configure_and_build_now "$@"; }

configure_and_build_now() {
  local preset="$1"; shift
  say "configuring preset '$preset'"
  (cd "$ROOT" && cmake --preset "$preset" "$@" >/dev/null)
  say "building preset '$preset' with $JOBS jobs"
  (cd "$ROOT" && cmake --build --preset "$preset" -j "$JOBS")
}

build_dir() { echo "$ROOT/build/$1"; }
