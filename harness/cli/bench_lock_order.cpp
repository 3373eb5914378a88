// bench_lock_order.cpp - the cost of the default lock-order check per run,
// measured side by side: the same seeds with SchedOptions::lock_order on and
// off.
#include "harness/cli/bench_lock_order.h"

#include <algorithm>
#include <cstdio>

#include "harness/cli/bench_measures.h"

namespace enginesim::cli {

void print_lock_order_row(const SimSetup& setup, uint32_t seeds, uint32_t repeat) {
  double with_ms = 0, without_ms = 0;
  uint64_t failures = 0, failed = 0;
  for (uint32_t i = 0; i < repeat; ++i) {
    for (const bool on : {true, false}) {
      SimSetup s = setup;
      s.cfg.sched.lock_order = on;
      const double rate = measure_seeds(s, "pct:2", seeds, 1, &failures);
      failed += failures;
      const double ms = rate > 0 ? 1000.0 / rate : 0;
      double& best = on ? with_ms : without_ms;
      best = best == 0 ? ms : std::min(best, ms);
    }
  }
  std::printf("  lock-order check per run: %.2f ms with, %.2f ms without, ratio %.3f%s\n", with_ms,
              without_ms, without_ms > 0 ? with_ms / without_ms : 0.0,
              failed ? "  (some seeds failed: see enginesim explore)" : "");
}

}  // namespace enginesim::cli
