// bench_atomics.h - `enginesim bench`'s rows for --atomics and --races
// (docs/atomics.md): seeds per second of the standard scenario on the mem
// engine, plain and instrumented (atomics_mem_engine.so, built beside the
// bundled engines), without and with each option.
#pragma once

#include <cstdint>
#include <string>

namespace enginesim::cli {

// `engines_dir` holds mem_engine.so and atomics_mem_engine.so; a missing
// instrumented engine (no clang, a ThreadSanitizer build) prints why instead.
void print_atomics_rows(const std::string& engines_dir, uint32_t seeds, uint32_t repeat);

}  // namespace enginesim::cli
