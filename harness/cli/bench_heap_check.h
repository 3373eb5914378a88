// bench_heap_check.h - `enginesim bench`'s row for the default heap check
// (lifecycle.memory_leak through the engine heap hooks): what it costs a run.
#pragma once

#include <cstdint>

#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// Runs seeds 1..seeds of `setup` one at a time with the engine heap hooks
// recording and with them off, alternating, `repeat` times each; prints
// "heap check per run: X ms with, Y ms without, ratio R" (best of each).
void print_heap_check_row(const SimSetup& setup, uint32_t seeds, uint32_t repeat);

}  // namespace enginesim::cli
