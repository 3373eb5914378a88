// sim_run.h - one simulation: an engine loaded into a fake core, N
// connections each issuing M operations from the seed's (or a file's)
// workload on controlled core worker threads, the clock advanced by the core
// main thread, all under the scheduler with the core's virtual clock. The
// CLI's `run`, `replay`, `explore` and `trace` build on this.
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
#include <memory>
#include <string>
#include <vector>

#include "fault_profile.h"
#include "run_result.h"
#include "scheduler.h"
#include "strategy.h"

namespace enginesim::sched {

// One client operation of the workload.
struct SimOp {
  enum class Kind { get, set, add, replace, append, prepend, remove, incr, decr };
  Kind kind = Kind::get;
  std::string key;
  std::string value;    // stores
  uint64_t number = 0;  // incr/decr delta
  uint32_t exptime = 0; // stores: relative seconds as a client sends them; 0 = never
  uint32_t flags = 0;   // stores
  bool operator==(const SimOp&) const = default;
};
const char* to_string(SimOp::Kind kind);
bool is_store(SimOp::Kind kind);

// What the clients do: each connection's operations in order (then it
// disconnects), and the clock's advances in order. When each step happens
// relative to the others is up to the strategy (docs/scheduler.md).
struct Workload {
  std::vector<std::vector<SimOp>> connections;
  std::vector<uint64_t> advances_sec;  // each moves virtual time forward
  bool operator==(const Workload&) const = default;
};

struct SimConfig {
  std::string engine_path;
  std::string engine_config;
  uint64_t seed = 1;                 // drives the workload (the strategy has its own)
  uint32_t connections = 2;
  uint32_t ops_per_connection = 10;
  uint32_t keys = 4;                 // key space: "k0".."k{keys-1}"
  uint32_t time_advance_percent = 5; // clock advances per 100 operations
  // Core worker threads; connection c is served by worker c % workers.
  // 0 = one per connection.
  uint32_t workers = 0;
  // A workload from a file; null = make_workload(*this).
  std::shared_ptr<const Workload> workload;
  // I/O faults for controlled threads while the workload runs (io_faults.h);
  // null = none. With faults on, a final fault-free pass checks that the
  // engine still serves: a get of every key and a store and get of a new one.
  std::shared_ptr<const FaultProfile> faults;
  // --faults crash: the engine's data directory (flat). After a number of
  // operations the strategy picks, the engine is stopped as a crash would
  // stop it, the directory rewritten to its durable state (durable_shadow.h)
  // and a new engine started on it (docs/durability.md). Empty = no crash.
  std::string crash_dir;
  SchedOptions sched;
};

// The workload of `cfg` (its file's, or the seed's: a pure function of seed,
// connections, ops_per_connection, keys, time_advance_percent).
Workload make_workload(const SimConfig& cfg);

// Runs the simulation in this process and returns the scheduler's verdict;
// harness-level failures (engine failed to load, a notify never came, the
// core's item protocol broken, notify anomalies, a get answering a value
// never stored (value_ledger.h), an engine that stopped serving after
// faults) end the run as failed.
RunResult sim_run(const SimConfig& cfg, Strategy& strategy);

}  // namespace enginesim::sched
