#!/usr/bin/env bash
# ci/lib.sh - shared by the ci/ scripts: say what we do, install what is
# missing, configure and build a preset.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-$(nproc)}"

say() { printf '\n==> %s\n' "$*"; }

# Debian packages the build and the test suite need (python3: the JSON
# schema check of tests/cli; chromium: the HTML report's browser test).
ENGINESIM_PACKAGES=(cmake make g++ googletest libgtest-dev librapidcheck-dev
                    clang-14 libclang-rt-14-dev lcov python3 chromium)

install_packages() {
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
configure_and_build() {
  local preset="$1"; shift
  say "configuring preset '$preset'"
  (cd "$ROOT" && cmake --preset "$preset" "$@" >/dev/null)
  say "building preset '$preset' with $JOBS jobs"
  (cd "$ROOT" && cmake --build --preset "$preset" -j "$JOBS")
}

build_dir() { echo "$ROOT/build/$1"; }
