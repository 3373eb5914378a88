// sim_run.h - one simulation: an engine loaded into a fake core, N
// connections each issuing M operations from the seed's workload on its own
// controlled core worker thread, all under the scheduler with the core's
// virtual clock. The CLI's `run`, `replay` and `explore` build on this.
//
//   SimConfig cfg{.engine_path = "...fs_engine.so", .engine_config = "mode=async;dir=..."};
//   auto strategy = make_strategy("pct:2:400", cfg.seed, &err);
//   RunResult r = run_isolated([&] { return sim_run(cfg, *strategy); });
//   // r.verdict, r.trace_hash, r.choices (record with schedule_file.h)
//
// sim_run must run in a process of its own (run_isolated): a failed run
// leaves parked threads and an engine in an unknown state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run_result.h"
#include "scheduler.h"
#include "strategy.h"

namespace enginesim::sched {

struct SimConfig {
  std::string engine_path;
  std::string engine_config;
  uint64_t seed = 1;                 // drives the workload (the strategy has its own)
  uint32_t connections = 2;
  uint32_t ops_per_connection = 10;
  uint32_t keys = 4;                 // key space: "k0".."k{keys-1}"
  uint32_t time_advance_percent = 5; // share of operations that advance the clock
  SchedOptions sched;
};

// One client operation of the workload.
struct SimOp {
  enum class Kind { get, set, add, replace, append, remove, incr, decr, advance_sec };
  Kind kind = Kind::get;
  uint32_t key = 0;
  uint64_t number = 0;  // incr/decr delta, advance seconds
  std::string value;
};
const char* to_string(SimOp::Kind kind);

// The workload of `cfg`, per connection; a pure function of cfg.seed.
std::vector<std::vector<SimOp>> make_workload(const SimConfig& cfg);

// Runs the simulation in this process and returns the scheduler's verdict;
// harness-level failures (engine failed to load, a notify never came, the
// core's item protocol broken, notify anomalies) end the run as failed.
RunResult sim_run(const SimConfig& cfg, Strategy& strategy);

}  // namespace enginesim::sched
