#!/usr/bin/env bash
# install_example.sh BUILD_DIR SOURCE_DIR: installs enginesim into a temporary
# prefix, builds examples/kv_engine against that prefix with exactly
# find_package(enginesim) + enginesim_add_engine_tests, and checks that its
# smoke, conformance, explore, testapp and PROPERTIES (`enginesim check`)
# tests pass there, that they fail for an engine that does not initialise,
# and that a bad ABI profile stops configure.
set -u
build="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
fail() { printf 'FAIL: %s\n' "$1"; [ -f "$work/log" ] && cat "$work/log"; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$work/log" 2>&1 || fail "cmake --install failed"
for f in bin/enginesim include/memcached/engine.h include/memcached/engine_testapp.h include/memcached/util.h lib/cmake/enginesim/enginesimConfig.cmake \
         lib/cmake/enginesim/enginesimConfigVersion.cmake lib/cmake/enginesim/enginesimEngineTests.cmake; do
  [ -e "$prefix/$f" ] || fail "the install tree has no $f"
done

# The example project, against the install tree only.
cmake -S "$src/examples/kv_engine" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/log" 2>&1 || fail "configuring the example failed"
cmake --build "$work/example" > "$work/log" 2>&1 || fail "building the example failed"
grep -q "$prefix/bin/enginesim" "$work/example/CTestTestfile.cmake" \
  || fail "the example's tests do not run the installed enginesim"
ctest --test-dir "$work/example" --output-on-failure > "$work/log" 2>&1 \
  || fail "the example's tests failed"
for t in kv_engine.smoke kv_engine.conformance kv_engine.explore kv_engine.testapp \
         kv_engine.properties; do
  grep -Eq "Test +#[0-9]+: $t \.+ +Passed" "$work/log" || fail "$t did not run and pass"
done
grep -q "100% tests passed, 0 tests failed out of 5" "$work/log" || fail "expected exactly 5 tests"

# memcached/util.h from the package: an engine module that calls
# safe_strtoull links enginesim::memcached_util and has nothing left undefined.
mkdir -p "$work/util"
cat > "$work/util/util_engine.c" <<'CSRC'
#include <memcached/engine.h>
#include <memcached/util.h>
MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API api,
                                                       ENGINE_HANDLE **handle) {
    uint64_t n = 0;
    (void)api;
    *handle = NULL;
    return safe_strtoull("1", &n) && n == interface ? ENGINE_ENOTSUP : ENGINE_FAILED;
}
CSRC
cat > "$work/util/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(util_engine LANGUAGES C)
find_package(enginesim REQUIRED)
add_library(util_engine MODULE util_engine.c)
target_link_libraries(util_engine PRIVATE enginesim::headers enginesim::memcached_util)
target_link_options(util_engine PRIVATE -Wl,--no-undefined)
set_target_properties(util_engine PROPERTIES C_STANDARD 11 C_VISIBILITY_PRESET hidden)
CMAKE
cmake -S "$work/util" -B "$work/util/b" -DCMAKE_PREFIX_PATH="$prefix" > "$work/log" 2>&1 \
  || fail "configuring a project that links enginesim::memcached_util failed"
cmake --build "$work/util/b" > "$work/log" 2>&1 \
  || fail "building an engine against enginesim::memcached_util failed"

# The same engine with a config it rejects: the generated tests must fail.
mkdir -p "$work/broken"
cat > "$work/broken/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(broken LANGUAGES C)
find_package(enginesim REQUIRED)
add_library(kv MODULE "$src/examples/kv_engine/kv_engine.c")
target_link_libraries(kv PRIVATE enginesim::headers)
enable_testing()
enginesim_add_engine_tests(kv NAME bad CONFIG "item_size_max=notanumber;x=1" NO_EXPLORE PROPERTIES CASES 5)
CMAKE
cmake -S "$work/broken" -B "$work/broken/b" -DCMAKE_PREFIX_PATH="$prefix" > "$work/log" 2>&1 \
  || fail "configuring the broken-config project failed"
cmake --build "$work/broken/b" > "$work/log" 2>&1 || fail "building the broken-config project failed"
if ctest --test-dir "$work/broken/b" > "$work/log" 2>&1; then
  fail "tests of an engine that cannot initialise passed"
fi
grep -q "0% tests passed, 3 tests failed out of 3" "$work/log" \
  || fail "expected smoke, conformance and properties to fail"
grep -q 'bad.properties' "$work/log" || fail "PROPERTIES added no bad.properties test"
grep -q '"check" "--engine" .* "--cases" "5"' "$work/broken/b/CTestTestfile.cmake" \
  || fail "PROPERTIES CASES 5 did not run enginesim check with --cases 5"
grep -q 'item_size_max=notanumber;x=1' "$work/broken/b/CTestTestfile.cmake" \
  || fail "the config string was not passed as one argument"

# The same source built for each other ABI profile, tested through --abi.
for profile in 1.6.0-beta1:MEMCACHED_ABI_1_6_0_BETA1 mysql:MEMCACHED_ABI_MYSQL; do
  name="${profile%%:*}"; macro="${profile##*:}"; dir="$work/abi-$name"
  mkdir -p "$dir"
  cat > "$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(kv_abi LANGUAGES C)
find_package(enginesim REQUIRED)
add_library(kv MODULE "$src/examples/kv_engine/kv_engine.c")
target_link_libraries(kv PRIVATE enginesim::headers)
target_compile_definitions(kv PRIVATE MEMCACHED_ABI_PROFILE=$macro)
enable_testing()
enginesim_add_engine_tests(kv NAME abi ABI $name SEEDS 50)
CMAKE
  cmake -S "$dir" -B "$dir/b" -DCMAKE_PREFIX_PATH="$prefix" > "$work/log" 2>&1 \
    || fail "configuring the $name project failed"
  cmake --build "$dir/b" > "$work/log" 2>&1 || fail "building the $name project failed"
  grep -q -- "\"--abi\" \"$name\"" "$dir/b/CTestTestfile.cmake" || fail "ABI $name not passed on"
  ctest --test-dir "$dir/b" --output-on-failure > "$work/log" 2>&1 \
    || fail "the $name engine's tests failed"
  grep -q "100% tests passed, 0 tests failed out of 3" "$work/log" || fail "$name: expected 3 tests"
done

# ATOMICS: the engine rebuilt by clang -fsanitize=thread, explored with
# --atomics --races (docs/atomics.md). Not for a ThreadSanitizer enginesim,
# which refuses those options, nor without clang.
atomics_note=""
if ! grep -q '^ENGINESIM_SANITIZE:STRING=.*thread' "$build/CMakeCache.txt" \
   && command -v clang-14 > /dev/null; then
  dir="$work/atomics"; mkdir -p "$dir"
  cat > "$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(kv_atomics LANGUAGES C)
find_package(enginesim REQUIRED)
add_library(kv MODULE "$src/examples/kv_engine/kv_engine.c")
target_link_libraries(kv PRIVATE enginesim::headers)
enable_testing()
enginesim_add_engine_tests(kv NAME atom ATOMICS SEEDS 20 NO_SMOKE NO_CONFORMANCE NO_EXPLORE)
CMAKE
  cmake -S "$dir" -B "$dir/b" -DCMAKE_PREFIX_PATH="$prefix" > "$work/log" 2>&1 \
    || fail "configuring the ATOMICS project failed"
  cmake --build "$dir/b" > "$work/log" 2>&1 || fail "building the ATOMICS project failed"
  nm -u "$dir/b/kv_atomics.so" | grep -q __tsan_func_entry || fail "kv_atomics.so is not instrumented"
  grep -q -- '"--atomics" "--races"' "$dir/b/CTestTestfile.cmake" || fail "no --atomics --races test"
  ctest --test-dir "$dir/b" --output-on-failure > "$work/log" 2>&1 \
    || fail "the ATOMICS test failed"
  grep -q "100% tests passed, 0 tests failed out of 1" "$work/log" || fail "ATOMICS: expected 1 test"
  atomics_note="; ATOMICS builds and explores the instrumented twin"
fi

# A profile this enginesim does not drive stops configure with a clear message.
sed -i 's/NAME bad .*/ABI no-such-profile)/' "$work/broken/CMakeLists.txt"
if cmake -S "$work/broken" -B "$work/broken/c" -DCMAKE_PREFIX_PATH="$prefix" > "$work/log" 2>&1; then
  fail "an unknown ABI profile was accepted"
fi
tr -s ' \n' '  ' < "$work/log" | grep -q "ABI profile 'no-such-profile' is not supported by enginesim [0-9.]* (supported: tutorial-2010, 1.6.0-beta1, mysql)" \
  || fail "no clear ABI error"
echo "ok: installed, built examples/kv_engine against the prefix, its 4 tests pass, its engine_testapp suite included (and built for 1.6.0-beta1 and mysql); broken config fails; bad ABI refused$atomics_note"
