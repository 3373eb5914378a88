// engine_under_fuzz.h - the engine a fuzz target drives, chosen at run time
// (ENGINESIM_ENGINE=path.so, ENGINESIM_CONFIG=...) so that engine authors fuzz
// their own engine; loaded once per process into the process's one fake core.
#pragma once

#include <memory>
#include <string>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim::fuzz {

struct EngineUnderFuzz {
  std::string path;
  std::string config;
  std::unique_ptr<Core> core;
  std::unique_ptr<LoadedEngine> engine;
  std::unique_ptr<EngineClient> client;
  Connection* conn = nullptr;  // one connection, opened at load time
};

// Where the engine comes from: $ENGINESIM_ENGINE, else mem_engine.so next to
// the fuzz target (the OSS-Fuzz $OUT layout), else the bundled mem engine of
// the build tree. Empty when none exists.
std::string engine_path_from_environment();

// Loads the engine on the first call and returns it on every later call.
// An engine that does not load ends the process with the loader's message
// and exit status 2: that is a setup error, not a finding.
EngineUnderFuzz& engine_under_fuzz();

}  // namespace enginesim::fuzz
