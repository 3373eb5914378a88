#!/bin/bash -eu
# fuzz/build.sh - builds the fuzz targets the OSS-Fuzz / ClusterFuzzLite way:
# compilers and flags from $CC $CXX $CFLAGS $CXXFLAGS, the fuzzing engine from
# $LIB_FUZZING_ENGINE, everything a runner needs copied to $OUT:
#   $OUT/<target>                  the fuzz targets
#   $OUT/<target>_seed_corpus.zip  the committed seed corpora
#   $OUT/<target>.dict             the dictionaries
#   $OUT/mem_engine.so             the default engine (found next to the target)
#   $OUT/enginesim                 the CLI a fuzz_engine finding's replay command names
# $CFLAGS must carry the sanitizer and -fsanitize=fuzzer-no-link (the services
# set both), so the harness and the engine are instrumented like the targets.
SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${WORK:-/tmp}/enginesim-fuzz-build"
TARGETS=(fuzz_unknown_command fuzz_inputs fuzz_engine)

cmake -S "$SRC_DIR" -B "$BUILD" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DENGINESIM_FUZZ=ON -DENGINESIM_TESTS=OFF \
  -DENGINESIM_FUZZ_ENGINE_FLAGS="$LIB_FUZZING_ENGINE"
cmake --build "$BUILD" -j "$(nproc)" --target "${TARGETS[@]}" mem_engine enginesim

mkdir -p "$OUT"
for target in "${TARGETS[@]}"; do
  cp "$BUILD/fuzz/$target" "$OUT/"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$SRC_DIR/fuzz/corpus/$target" &&
     python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name in sorted(os.listdir(".")):
        z.write(name)' "$OUT/${target}_seed_corpus.zip")
  cp "$SRC_DIR/fuzz/dict/$target.dict" "$OUT/$target.dict"
done
cp "$BUILD/engines/mem_engine.so" "$OUT/"
cp "$BUILD/harness/enginesim" "$OUT/"
