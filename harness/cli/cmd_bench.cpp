// cmd_bench.cpp - `enginesim bench`: the harness's costs measured side by
// side in one run on this machine, each figure beside its goal and its
// baseline (issue 18's "before" figures): P1 scheduled sequential operations
// vs direct calls, P3 seeds per second of the standard scenario, P4 the
// linearizability checker on a large single-key history; then the same costs
// on the file-backed engines. The default engine is mem: an engine that does
// I/O hides the harness's own cost behind its own. Figures to read, never
// asserted.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/cli/bench_atomics.h"
#include "harness/cli/bench_heap_check.h"
#include "harness/cli/bench_lock_order.h"
#include "harness/cli/bench_measures.h"
#include "harness/cli/command.h"
#include "harness/cli/progress_line.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

// Issue 18's figures before any work on speed (2-core machine, other builds
// running): the baselines every row is printed against.
constexpr double kBaseP1Direct = 3'403'479, kBaseP1Scheduled = 27'994;  // ops/s on mem
constexpr double kBaseP3OneJob = 18.9, kBaseP3TwoJobs = 31.3;           // seeds/s on mem
constexpr double kBaseP4Ms = 2300;  // 10,000 ops, 8 connections, 1 key
constexpr double kGoalP1Overhead = 3, kGoalP3TwoJobs = 170, kGoalP4Ms = 1000;

// <build>/harness/enginesim -> <build>/engines/NAME
std::string bundled_engine(const char* name) {
  std::error_code ec;
  const auto self = std::filesystem::canonical("/proc/self/exe", ec);
  return (self.parent_path().parent_path() / "engines" / name).string();
}

// "Intel(R) Xeon(R) ..." from /proc/cpuinfo; the figures mean little without it.
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? line
                                        : line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown (no model name in /proc/cpuinfo)";
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return in ? one + " " + five + " " + fifteen + " (1, 5, 15 min)" : "unknown";
}

const char* met(bool ok) { return ok ? "met" : "NOT met"; }

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

// One figure: name, measured, goal, baseline, and whether the goal is met.
void row(const char* name, const std::string& measured, const std::string& goal,
         const std::string& baseline) {
  std::printf("  %-44s %14s  %-22s %s\n", name, measured.c_str(), goal.c_str(), baseline.c_str());
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

struct EngineUnderTest {
  std::string label, path, config;
};

SimSetup standard_setup(const EngineUnderTest& e) {
  SimSetup s;
  s.cfg.engine_path = e.path;
  s.cfg.engine_config = e.config;
  s.cfg.connections = 4;
  s.cfg.ops_per_connection = 50;
  return s;
}

double seeds_rate(const SimSetup& setup, const std::string& spec, uint32_t seeds, size_t jobs) {
  uint64_t failures = 0;
  ProgressLine progress(seeds, "seeds", ProgressLine::stderr_is_terminal());
  const double rate = measure_seeds(setup, spec, seeds, jobs, &failures, &progress);
  progress.clear();
  if (failures != 0)
    std::printf("  (%llu seeds failed: see enginesim explore)\n",
                static_cast<unsigned long long>(failures));
  return rate;
}

void print_p1(const OpsRates& o, const std::string& label) {
  const double overhead = ratio(o.direct, o.scheduled);
  const std::string name = "P1 scheduled ops, " + label + " (overhead)";
  row(name.c_str(), fmt("%.1fx", overhead),
      fmt("<= %.0fx", kGoalP1Overhead) + " " + met(overhead > 0 && overhead <= kGoalP1Overhead),
      fmt("%.0fx", kBaseP1Direct / kBaseP1Scheduled));
  row("   direct ENGINE_HANDLE_V1 calls", fmt("%.0f /s", o.direct), "(the 1x)",
      fmt("%.0f /s", kBaseP1Direct));
  row("   EngineClient + fake core, threads free", fmt("%.0f /s", o.client),
      fmt("(%.2fx of direct)", ratio(o.client, o.direct)), "0.93x of direct");
  row("   EngineClient + fake core, scheduled", fmt("%.0f /s", o.scheduled), "",
      fmt("%.0f /s", kBaseP1Scheduled));
  row("   the same, a run's fixed cost taken out", fmt("%.0f /s", o.scheduled_marginal),
      fmt("(%.1fx)", ratio(o.direct, o.scheduled_marginal)), "");
  // Counted, not timed: the figure that does not swing with the load. Its
  // baseline is the first count of it (docs/scheduler.md, "What a step is").
  row("   scheduling steps per operation", fmt("%.1f", o.steps_per_op), "(counted)", "41 (Dec 3)");
}

// fs sync, fs async, ep: each its own direct calls as the baseline of its
// overhead, and its seeds/s with `jobs` jobs.
void engine_rows(uint32_t ops, uint32_t repeat, uint32_t seeds, size_t jobs) {
  const EngineUnderTest engines[] = {
      {"fs sync", bundled_engine("fs_engine.so"), "dir={tmpdir};mode=sync"},
      {"fs async", bundled_engine("fs_engine.so"), "dir={tmpdir};mode=async"},
      {"ep", bundled_engine("ep_engine.so"), "dbdir={tmpdir}"}};
  std::printf(
      "\nother engines (baseline: the engine's own direct calls, measured now; "
      "seeds/s of the standard scenario, %zu job%s, %u seeds):\n",
      jobs, jobs == 1 ? "" : "s", seeds);
  std::printf("  %-10s %14s %14s %10s %12s\n", "engine", "direct", "scheduled", "overhead",
              "seeds/s");
  for (const EngineUnderTest& e : engines) {
    std::fflush(stdout);
    std::string error;
    const OpsRates o = measure_sequential_ops(e.path, e.config, ops, repeat, &error);
    const SimSetup setup = standard_setup(e);
    const std::string spec = resolve_strategy(setup, 1, "pct:2");
    const double rate = seeds_rate(setup, spec, seeds, jobs);
    std::printf("  %-10s %12.0f/s %12.0f/s %9.1fx %12.1f%s\n", e.label.c_str(), o.direct,
                o.scheduled, ratio(o.direct, o.scheduled), rate,
                error.empty() ? "" : ("  (" + error + ")").c_str());
  }
}

int bench(const Args& args) {
  EngineUnderTest main{"mem", bundled_engine("mem_engine.so"), args.str("config")};
  if (args.has("engine")) {
    main.path = args.str("engine");
    main.label = std::filesystem::path(main.path).stem().string();
  }
  SimSetup setup = standard_setup(main);
  if (const int rc = check_engine_loads(setup); rc != kExitOk) return rc;
  const auto ops = static_cast<uint32_t>(args.integer("ops"));
  const auto repeat = static_cast<uint32_t>(args.integer("repeat"));
  const auto seeds = static_cast<uint32_t>(args.integer("seeds"));
  const size_t cpus = std::max(1u, std::thread::hardware_concurrency());
  std::printf(
      "enginesim bench\n  machine: %zu CPUs (nproc), %s; a page fault %.2f us\n"
      "  load at start: %s\n"
      "  engine: %s, config \"%s\"\n  baselines: issue 18, before any speed work "
      "(2-core machine under load)\n\n",
      cpus, cpu_model().c_str(), measure_page_fault_us(repeat), loadavg().c_str(),
      main.path.c_str(), main.config.c_str());
  std::printf("  %-44s %14s  %-22s %s\n", "figure", "measured", "goal", "baseline");
  std::fflush(stdout);

  std::string error;
  const OpsRates o = measure_sequential_ops(main.path, main.config, ops, repeat, &error);
  if (!error.empty()) std::printf("  P1 measurement failed: %s\n", error.c_str());
  print_p1(o, main.label);
  std::fflush(stdout);

  const std::string spec = resolve_strategy(setup, 1, "pct:2");
  for (size_t jobs : {size_t{1}, size_t{2}}) {
    const double rate = seeds_rate(setup, spec, seeds, jobs);
    const std::string name =
        "P3 seeds/s, " + main.label + ", " + std::to_string(jobs) + (jobs == 1 ? " job" : " jobs");
    row(name.c_str(), fmt("%.1f", rate),
        jobs == 1 ? "(informative)"
                  : fmt(">= %.0f", kGoalP3TwoJobs) + " " + met(rate >= kGoalP3TwoJobs),
        fmt("%.1f", jobs == 1 ? kBaseP3OneJob : kBaseP3TwoJobs));
    std::fflush(stdout);
  }

  const auto hops = static_cast<size_t>(args.integer("history-ops"));
  std::string herror;
  const double ms = measure_history_check_ms(hops, 8, 1, &herror);
  const std::string p4 = "P4 check " + std::to_string(hops) + " ops, 8 conns, 1 key";
  row(p4.c_str(), herror.empty() ? fmt("%.0f ms", ms) : "failed",
      fmt("< %.0f ms", kGoalP4Ms) + " " + met(herror.empty() && ms < kGoalP4Ms),
      fmt("%.0f ms", kBaseP4Ms) + (hops == 10'000 ? "" : " (at 10000 ops)"));
  if (!herror.empty()) std::printf("  P4 measurement failed: %s\n", herror.c_str());
  std::printf("  (standard scenario: 4 connections x 50 ops, %s)\n", spec.c_str());

  const auto engine_seeds = static_cast<uint32_t>(args.integer("engine-seeds"));
  if (engine_seeds > 0) engine_rows(ops, repeat, engine_seeds, 2);

  const auto trips = static_cast<uint32_t>(args.integer("round-trips"));
  const auto check_seeds = static_cast<uint32_t>(args.integer("check-seeds"));
  std::printf("\ncontext switches (mutex + condition ping-pong, %u round trips, best of %u):\n",
              trips, repeat);
  std::fflush(stdout);
  const SwitchRates s = measure_switches(trips, repeat);
  std::printf("  %-44s %12.0f /s  (baseline)\n", "raw two-thread hand-off", s.raw);
  std::printf("  %-44s %12.0f /s  %6.2fx of the baseline\n", "controlled hand-off (scheduler)",
              s.controlled, ratio(s.controlled, s.raw));
  std::printf("  %-44s %12.0f /s\n", "  scheduling steps in that run", s.controlled_steps);

  // The default heap check (lifecycle.memory_leak) on the mem engine: its
  // items are heap blocks, so every operation goes through the hooks' table.
  const SimSetup mem = standard_setup({"mem", bundled_engine("mem_engine.so"), ""});
  std::printf("\nheap check on %s (standard scenario, %u seeds, 1 job, best of %u):\n",
              mem.cfg.engine_path.c_str(), check_seeds, repeat);
  std::fflush(stdout);
  print_heap_check_row(mem, check_seeds, repeat);
  // The default lock-order check: every lock and unlock of the run updates
  // its graph, every free of a controlled thread looks for locks inside.
  std::printf("\nlock-order check on %s (standard scenario, %u seeds, 1 job, best of %u):\n",
              mem.cfg.engine_path.c_str(), check_seeds, repeat);
  std::fflush(stdout);
  print_lock_order_row(mem, check_seeds, repeat);
  // issue 19: the cost of --atomics and --races (docs/atomics.md).
  print_atomics_rows(std::filesystem::path(bundled_engine("mem_engine.so")).parent_path().string(),
                     check_seeds, repeat);
  std::printf("\nload at the end: %s\n", loadavg().c_str());
  return kExitOk;
}

}  // namespace

Command bench_command() {
  return {
      "bench",
      "Measures, side by side in one run on this machine, each beside its goal and its "
      "baseline: P1 sequential operations under the scheduler vs direct engine calls, P3 "
      "seeds per second of the standard scenario (4 connections x 50 operations, pct:2) "
      "with 1 and 2 jobs, P4 the linearizability checker on a 10,000-operation "
      "8-connection single-key history; then direct vs scheduled operations and seeds/s "
      "for fs sync, fs async and ep, and controlled context switches. Prints the machine "
      "and its load. Default engine: the bundled mem engine (no I/O to hide the harness's "
      "cost).",
      "",
      {{"engine", "PATH", nullptr, "engine for P1 and P3 (default: <build>/engines/mem_engine.so)"},
       {"config", "STR", "", "its configuration ({tmpdir}: a fresh directory per run)"},
       {"ops", "N", "4000", "sequential operations per route", false, 2, 10000000},
       {"round-trips", "N", "20000", "ping-pong round trips", false, 1, 100000000},
       {"repeat", "N", "3", "measurements per figure; the best is printed", false, 1, 100},
       // A campaign's rate is its steady state: 40 seeds with 2 jobs took
       // 0.2 s, where starting the pool and the last seed running alone
       // weigh, and the figure swung widely between runs (224 and 248
       // seeds/s in two runs of one build; 252 and 261 with 400 seeds).
       {"seeds", "N", "400", "P3: seeds of the standard scenario per measurement", false, 1,
        1000000},
       {"check-seeds", "N", "40",
        "seeds per measurement of the heap check, lock-order and --atomics/--races rows", false, 1,
        1000000},
       {"history-ops", "N", "10000", "P4: operations in the checked history", false, 10, 10000000},
       {"engine-seeds", "N", "10",
        "seeds per other-engine row (fs sync, fs async, ep); 0 leaves those rows out", false, 0,
        1000000}},
      bench};
}

}  // namespace enginesim::cli
