// sim_run.h - one simulation: an engine loaded into a fake core, N
// connections each issuing M operations from the seed's (or a file's)
// workload on controlled core worker threads, the clock advanced by the core
// main thread, all under the scheduler with the core's virtual clock. The
// CLI's `run`, `replay`, `explore` and `trace` build on this.
//
//   SimConfig cfg{.engine_path = "...fs_engine.so", .engine_config = "mode=async;dir=..."};
//   auto strategy = make_strategy("pct:2:400", cfg.seed, &err);
//   RunResult r = run_in_child([&] { return sim_run(cfg, *strategy); });
//   // r.verdict, r.trace_hash, r.choices (record with schedule_file.h)
//
// sim_run must run in a process of its own (run_in_child): a failed run
// leaves parked threads and an engine in an unknown state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/abi/profile.h"
#include "harness/faults/fault_profile.h"
#include "harness/level.h"
#include "harness/model/operation.h"
#include "harness/sched/run_result.h"
#include "harness/sched/scheduler.h"
#include "harness/sched/strategy.h"
#include "harness/sim/sim_option_defaults.h"

namespace enginesim::sched {

// A workload's operations are the model's (harness/model/operation.h), with
// only what the workload spelling of their text holds. A cas sends the CAS of
// the newest version of its key this connection has seen (from a get hit or
// its own successful store or incr/decr; 0 before any). A flush flushes now.
// Every kind a workload may hold (all but advance_time), in --mix's order.
const std::vector<model::OpKind>& all_op_kinds();
// "get,append,cas" -> kinds (workload names: "delete"); false with a message
// naming the bad word.
bool parse_op_mix(const std::string& text, std::vector<model::OpKind>* kinds, std::string* error);
std::string format_op_mix(const std::vector<model::OpKind>& kinds);
// What seed workloads draw for `unknown` (opcodes the 2010 core forwards to
// unknown_command) and for `stats GROUP` (the groups of the era's default
// engine); sim_workload.cpp says why these.
const std::vector<uint8_t>& unknown_opcodes();
const std::vector<std::string>& stats_groups();

// What the clients do: each connection's operations in order (then it
// disconnects), and the clock's advances in order. When each step happens
// relative to the others is up to the strategy (docs/scheduler.md).
struct Workload {
  // Run first, in order, on a connection of its own (N+1), before any of
  // the connections starts; the clock does not advance meanwhile.
  std::vector<model::Operation> prefix;
  std::vector<std::vector<model::Operation>> connections;
  std::vector<uint64_t> advances_sec;  // each moves virtual time forward
  bool operator==(const Workload&) const = default;
};
// Its operations and clock advances: the entries of a run's history.
size_t operations(const Workload& workload);

constexpr uint32_t default_u32(const char* text) {
  return static_cast<uint32_t>(option_default::number(text));
}

// The scheduler's options with the table's --steps-max default.
inline SchedOptions sim_sched_options() {
  SchedOptions options;
  options.steps_max = option_default::number(option_default::steps_max);
  return options;
}

struct SimConfig {
  std::string engine_path;
  std::string engine_config;
  abi::Profile abi = abi::Profile::tutorial_2010;  // the engine's layout (--abi)
  uint64_t seed = 1;                               // drives the workload (the strategy has its own)
  // Defaults: the options table (sim_options.def).
  uint32_t connections = default_u32(option_default::connections);
  uint32_t ops_per_connection = default_u32(option_default::ops);
  uint32_t keys = default_u32(option_default::keys);  // key space: "k0".."k{keys-1}"
  // Clock advances per 100 operations.
  uint32_t time_advance_percent = default_u32(option_default::advance_percent);
  uint32_t expire_one_in = default_u32(
      option_default::expire_one_in);  // 1 in N seed-workload stores has an exptime; 0: none
  // Seed workloads draw each operation uniformly from these kinds; empty =
  // the default mix (sim_workload.cpp: gets and sets twice as often, no cas
  // and no flush, and now and then stats, reset_stats, unknown, disconnect).
  std::vector<model::OpKind> mix;
  // Core worker threads; connection c is served by worker c % workers.
  // 0 = one per connection.
  uint32_t workers = default_u32(option_default::workers);
  // A workload from a file; null = make_workload(*this).
  std::shared_ptr<const Workload> workload;
  // Record every engine call, return and contract violation as report-only
  // trace details (Op::detail, see detail_text.h) for `enginesim report`.
  // Changes neither the schedule nor the trace hash; costs time, so off.
  bool record_calls = false;
  // Every operation's call and return (and each clock advance) is recorded;
  // at the end the history must be linearizable with respect to the model
  // (harness/model), else the run fails with a minimal failing sub-history.
  bool check_linearizability = true;
  // The contract monitor's opt-in notify.premature rule (MonitorOptions::
  // strict_notify): a re-call after a SUCCESS notify must not block again.
  bool strict_notify = false;
  // Level::strict: strict contract rules fail the run and the model drops
  // its allowances for memcached's default engine (--level).
  Level level = Level::required;
  // The engine evicts: any item may vanish (model::ModelOptions::may_evict).
  bool may_evict = false;
  std::string history_path;  // non-empty: the history is written here

  // I/O faults for controlled threads while the workload runs (io_faults.h);
  // null = none. With faults on, a final fault-free pass checks that the
  // engine still serves: a get of every key and a store and get of a new one.
  std::shared_ptr<const FaultProfile> faults;
  // --faults crash: the engine's data directory (flat). After a number of
  // operations the strategy picks, the engine is stopped as a crash would
  // stop it, the directory rewritten to its durable state (durable_shadow.h)
  // and a new engine started on it (docs/durability.md). Empty = no crash.
  std::string crash_dir;
  SchedOptions sched = sim_sched_options();
};

// The workload of `cfg` (its file's, or the seed's: a pure function of seed,
// connections, ops_per_connection, keys, time_advance_percent).
Workload make_workload(const SimConfig& cfg);

// Runs the simulation in this process and returns the scheduler's verdict;
// harness-level failures (engine failed to load, a notify never came, the
// core's item protocol broken, notify anomalies, a get answering a value
// never stored (value_ledger.h), an engine that stopped serving after
// faults, a history that is not linearizable when no faults are injected)
// end the run as failed.
RunResult sim_run(const SimConfig& cfg, Strategy& strategy);

}  // namespace enginesim::sched
