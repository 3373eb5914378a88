// bench_heap_check.cpp - the cost of the default heap check per run, measured
// side by side: the same seeds with the engine heap hooks recording and off
// (engine_heap::set_enabled; forked runs inherit the switch).
#include "harness/cli/bench_heap_check.h"

#include <algorithm>
#include <cstdio>

#include "harness/cli/bench_measures.h"
#include "harness/monitor/engine_heap.h"

namespace enginesim::cli {

void print_heap_check_row(const SimSetup& setup, uint32_t seeds, uint32_t repeat) {
  if (!engine_heap::available()) {
    std::printf(
        "  heap check per run: not measured (no malloc hooks in this build, or "
        "ENGINESIM_HEAP_CHECK=0)\n");
    return;
  }
  double with_ms = 0, without_ms = 0;
  uint64_t failures = 0, failed = 0;
  for (uint32_t i = 0; i < repeat; ++i) {
    for (const bool on : {true, false}) {
      engine_heap::set_enabled(on);
      const double rate = measure_seeds(setup, "pct:2", seeds, 1, &failures);
      failed += failures;
      const double ms = rate > 0 ? 1000.0 / rate : 0;
      double& best = on ? with_ms : without_ms;
      best = best == 0 ? ms : std::min(best, ms);
    }
  }
  engine_heap::set_enabled(true);
  std::printf("  heap check per run: %.2f ms with, %.2f ms without, ratio %.3f%s\n", with_ms,
              without_ms, without_ms > 0 ? with_ms / without_ms : 0.0,
              failed ? "  (some seeds failed: see enginesim explore)" : "");
}

}  // namespace enginesim::cli
