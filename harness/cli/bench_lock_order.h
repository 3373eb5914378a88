// bench_lock_order.h - `enginesim bench`'s row for the default lock-order
// check (harness/sched/lock_order.h): what it costs a run.
#pragma once

#include <cstdint>

#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// Runs seeds 1..seeds of `setup` one at a time with the lock-order check on
// and off (--no-lock-order), alternating, `repeat` times each; prints
// "lock-order check per run: X ms with, Y ms without, ratio R" (best of each).
void print_lock_order_row(const SimSetup& setup, uint32_t seeds, uint32_t repeat);

}  // namespace enginesim::cli
