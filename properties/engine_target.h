// engine_target.h - an engine a property runs against: its module, its
// configuration and the model options that fit it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/abi/profile.h"
#include "harness/model/model.h"

namespace enginesim::properties {

// "{tmpdir}" in a config is replaced by a fresh empty directory for every
// rapidcheck case (the scheduler's placeholder, see harness/sim/sim_options.h).
inline constexpr const char* kTmpdirPlaceholder = "{tmpdir}";

struct EngineTarget {
  std::string name;    // "fs_async": how tests and reports name it
  std::string path;    // the engine module
  std::string config;  // passed to initialize, after the placeholder
  // cas_feature is read from the loaded engine; the rest is the default
  // (no eviction: the key space is small, far below any memory limit).
  model::ModelOptions model;
  abi::Profile abi = abi::Profile::tutorial_2010;  // the engine's layout (--abi)
  // Each case runs in a forked child; past this wall-clock limit it is
  // killed and fails as a hang.
  uint32_t case_limit_ms = 30'000;
};

// `config` with every "{tmpdir}" replaced by `dir`.
std::string config_in(const std::string& config, const std::string& dir);

// Every reference engine and mode, each a module in `engine_dir`: fs_engine
// sync, async and pool, mem_engine, ep_engine.
std::vector<EngineTarget> reference_targets(const std::string& engine_dir);

// mutant_<name>.so in `engine_dir`, on fs_engine in sync mode (the mode the
// sequential mutants of engine/mutants/mutants.txt are listed with).
EngineTarget fs_mutant_target(const std::string& engine_dir, const std::string& name);

}  // namespace enginesim::properties
