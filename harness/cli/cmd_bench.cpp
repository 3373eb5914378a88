// cmd_bench.cpp - `enginesim bench`: the harness's costs measured side by
// side on this machine: sequential operations (harness vs direct calls),
// controlled context switches (vs a raw two-thread hand-off) and seeds per
// second of the standard scenario. Figures to read, never asserted.
#include <cstdio>
#include <filesystem>
#include <thread>

#include "harness/cli/bench_heap_check.h"
#include "harness/cli/bench_measures.h"
#include "harness/cli/command.h"
#include "harness/cli/progress_line.h"
#include "harness/cli/sim_session.h"

namespace enginesim::cli {
namespace {

// <build>/harness/enginesim -> <build>/engines/<file>
std::string bundled_engine(const char* file) {
  std::error_code ec;
  const auto self = std::filesystem::canonical("/proc/self/exe", ec);
  return (self.parent_path().parent_path() / "engines" / file).string();
}
std::string bundled_fs_engine() { return bundled_engine("fs_engine.so"); }

void print_ratio_line(const char* what, double value, double base, const char* goal) {
  std::printf("  %-44s %12.0f /s  %6.2fx of the baseline  (%s)\n", what, value,
              base > 0 ? value / base : 0.0, goal);
}

int bench(const Args& args) {
  const std::string engine = args.has("engine") ? args.str("engine") : bundled_fs_engine();
  const std::string config =
      args.has("engine") ? args.str("config")
                         : (args.str("config").empty() ? "dir={tmpdir};mode=async" : args.str("config"));
  SimSetup setup;
  setup.cfg.engine_path = engine;
  setup.cfg.engine_config = config;
  if (const int rc = check_engine_loads(setup); rc != kExitOk) return rc;
  const auto ops = static_cast<uint32_t>(args.integer("ops"));
  const auto repeat = static_cast<uint32_t>(args.integer("repeat"));
  std::printf("enginesim bench: engine %s, config \"%s\", %u hardware threads\n\n",
              engine.c_str(), config.c_str(), std::thread::hardware_concurrency());

  std::printf("sequential operations (one connection, %u alternating set/get, best of %u):\n",
              ops, repeat);
  std::fflush(stdout);
  std::string error;
  const OpsRates o = measure_sequential_ops(engine, config, ops, repeat, &error);
  if (!error.empty()) std::printf("  measurement failed: %s\n", error.c_str());
  std::printf("  %-44s %12.0f /s  (baseline)\n", "direct ENGINE_HANDLE_V1 calls", o.direct);
  print_ratio_line("EngineClient + fake core (threads free)", o.client, o.direct, "informative");
  print_ratio_line("EngineClient + fake core under the scheduler", o.scheduled, o.direct,
                   "goal: overhead at most 2x, i.e. >= 0.50x");
  std::printf("  overhead of the scheduled harness: %.2fx\n\n",
              o.scheduled > 0 ? o.direct / o.scheduled : 0.0);

  const auto trips = static_cast<uint32_t>(args.integer("round-trips"));
  std::printf("context switches (mutex + condition ping-pong, %u round trips, best of %u):\n",
              trips, repeat);
  std::fflush(stdout);
  const SwitchRates s = measure_switches(trips, repeat);
  std::printf("  %-44s %12.0f /s  (baseline)\n", "raw two-thread hand-off", s.raw);
  print_ratio_line("controlled hand-off (scheduler)", s.controlled, s.raw, "goal: >= 0.50x");
  std::printf("  %-44s %12.0f /s\n\n", "  scheduling steps in that run", s.controlled_steps);

  const auto seeds = static_cast<uint32_t>(args.integer("seeds"));
  SimSetup standard = setup;
  standard.cfg.connections = 4;
  standard.cfg.ops_per_connection = 50;
  const std::string spec = resolve_strategy(standard, 1, "pct:2");
  std::printf("seeds per second, standard scenario (4 connections x 50 ops, %s, %u seeds):\n",
              spec.c_str(), seeds);
  std::fflush(stdout);
  const size_t cpus = std::max(1u, std::thread::hardware_concurrency());
  for (size_t jobs : {size_t{1}, cpus}) {
    uint64_t failures = 0;
    ProgressLine progress(seeds, "seeds", ProgressLine::stderr_is_terminal());
    const double rate = measure_seeds(standard, spec, seeds, jobs, &failures, &progress);
    progress.clear();
    std::printf("  %zu job%s: %8.1f seeds/s%s\n", jobs, jobs == 1 ? " " : "s", rate,
                failures ? "  (some seeds failed: see enginesim explore)" : "");
    if (cpus == 1) break;
  }

  // The default heap check (lifecycle.memory_leak) on the mem engine: its
  // items are heap blocks, so every operation goes through the hooks' table.
  SimSetup mem = standard;
  mem.cfg.engine_path = bundled_engine("mem_engine.so");
  mem.cfg.engine_config = "";
  std::printf("\nheap check on %s (standard scenario, %u seeds, 1 job, best of %u):\n",
              mem.cfg.engine_path.c_str(), seeds, repeat);
  std::fflush(stdout);
  print_heap_check_row(mem, seeds, repeat);
  return kExitOk;
}

}  // namespace

Command bench_command() {
  return {"bench",
          "Measures, side by side on this machine: sequential operations per second through "
          "the harness vs direct engine calls, controlled context switches per second vs a raw "
          "two-thread hand-off, and seeds per second of the standard scenario (4 connections x "
          "50 operations). Default engine: the bundled fs engine, async mode, in a temporary "
          "directory.",
          "",
          {{"engine", "PATH", nullptr, "engine to measure (default: <build>/engines/fs_engine.so)"},
           {"config", "STR", "", "its configuration ({tmpdir}: a fresh directory per run)"},
           {"ops", "N", "4000", "sequential operations per route", false, 2, 10000000},
           {"round-trips", "N", "100000", "ping-pong round trips", false, 1, 100000000},
           {"repeat", "N", "3", "measurements per figure; the best is printed", false, 1, 100},
           {"seeds", "N", "40", "seeds of the standard scenario per measurement", false, 1,
            1000000}},
          bench};
}

}  // namespace enginesim::cli
