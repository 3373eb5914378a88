// bench_atomics.cpp - see bench_atomics.h.
#include "harness/cli/bench_atomics.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "harness/cli/bench_measures.h"
#include "harness/sim/sim_session.h"
#include "harness/tsan_annotations.h"

namespace enginesim::cli {
namespace {

struct Variant {
  const char* label;
  const char* engine;
  bool atomics;
  bool races;
};

}  // namespace

void print_atomics_rows(const std::string& engines_dir, uint32_t seeds, uint32_t repeat) {
  const std::string instrumented = engines_dir + "/atomics_mem_engine.so";
  std::printf(
      "\n--atomics and --races on mem (standard scenario, %u seeds, 1 job, best of %u; "
      "docs/atomics.md):\n",
      seeds, repeat);
  if (tsan_present()) {
    std::printf("  (not in a ThreadSanitizer build: --atomics is refused there)\n");
    return;
  }
  if (::access(instrumented.c_str(), R_OK) != 0) {
    std::printf("  (no %s: build it with clang, see docs/atomics.md)\n", instrumented.c_str());
    return;
  }
  const Variant variants[] = {{"plain build", "mem_engine.so", false, false},
                              {"instrumented, no option", "atomics_mem_engine.so", false, false},
                              {"instrumented, --atomics", "atomics_mem_engine.so", true, false},
                              {"instrumented, --races", "atomics_mem_engine.so", true, true}};
  double base = 0;
  for (const Variant& v : variants) {
    SimSetup setup;
    setup.cfg.engine_path = engines_dir + "/" + v.engine;
    setup.cfg.connections = 4;
    setup.cfg.ops_per_connection = 50;
    setup.cfg.sched.atomics = v.atomics;
    setup.cfg.sched.races = v.races;
    const std::string spec = resolve_strategy(setup, 1, "pct:2");
    double best = 0;
    uint64_t failures = 0;
    for (uint32_t i = 0; i < repeat; ++i) {
      best = std::max(best, measure_seeds(setup, spec, seeds, 1, &failures));
    }
    if (base == 0) base = best;
    std::printf("  %-44s %12.1f seeds/s  %5.2fx of the plain build%s\n", v.label, best,
                base > 0 ? best / base : 0.0, failures != 0 ? "  (some seeds failed)" : "");
    std::fflush(stdout);
  }
}

}  // namespace enginesim::cli
