// ep_sim_fixture.h - one ep-engine simulation in a fresh data directory, with
// or without I/O faults and crash-restarts: shared by the ep engine's
// simulation tests (test_ep_sim.cpp) and its mutants' (test_ep_mutants.cpp).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "harness/sched/replay_strategy.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {

// Small limits so that short runs reach the pager, compaction and bg fetches
// (the mutants' rows in engine/mutants/mutants.txt use the same).
inline constexpr const char* kEpOptions =
    "max_size=2k;exp_pager_stime=30;flusher_batch=4;compaction_min_dead=256";

// `cfg.engine_path` empty = the correct ep engine.
inline std::function<RunResult()> ep_job(SimConfig cfg, const std::string& dir,
                                         const std::string& spec, ChoiceLog replay = {},
                                         std::string options = kEpOptions) {
  return [cfg, dir, spec, replay, options]() mutable {
    if (cfg.engine_path.empty()) cfg.engine_path = EP_ENGINE_PATH;
    cfg.engine_config = "dbdir=" + dir + ";" + options;
    if (cfg.crash_dir == "{tmpdir}") cfg.crash_dir = dir;
    if (replay.empty()) return sim_run_spec(cfg, spec);
    ReplayStrategy strategy(replay, ReplayStrategy::Mode::replay, spec);
    return sim_run(cfg, strategy);
  };
}

struct Faults {
  bool io = false;
  bool crash = false;
};

inline SimConfig ep_config(uint64_t seed, Faults faults) {
  SimConfig cfg;
  cfg.seed = seed;
  cfg.connections = 3;
  cfg.ops_per_connection = 12;
  cfg.keys = 4;
  cfg.time_advance_percent = 10;
  if (faults.io) cfg.faults = std::make_shared<FaultProfile>(default_fault_profile());
  if (faults.crash) cfg.crash_dir = "{tmpdir}";  // ep_job puts the run's directory there
  return cfg;
}

inline const char* spec_for(uint64_t seed) { return seed % 2 ? "random" : "pct:2:2000"; }

}  // namespace enginesim::sched
