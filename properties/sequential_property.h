// sequential_property.h - the sequential model-based property of one engine:
// for every rapidcheck case a fresh engine (fresh core, temp dir, contract
// monitor) runs a random command sequence, and each answer must be one the
// memcached model allows.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "properties/engine_target.h"
#include "properties/engine_under_test.h"
#include "properties/property_params.h"
#include "properties/property_runner.h"

namespace enginesim::properties {

// "sequential/fs_sync": the property's rapidcheck id (reproduce= keys on it).
std::string sequential_id(const EngineTarget& target);

// The property itself; each case leaves its operations and answers in *log.
std::function<void()> sequential_property(const EngineTarget& target, std::shared_ptr<CaseLog> log);

struct SequentialOutcome {
  std::string id;
  PropertyParams params;
  RcOutcome rc;
  // A failure's shrunk case run once more: its operations as performed, with
  // the engine's answers (the last one is where it failed).
  CaseLog shrunk;
  bool replay_failed_again = false;

  bool passed() const { return rc.passed; }
  // For people: the verdict, the shrunk counterexample, the operations as
  // run, and `rerun` (the command that runs this property) prefixed with the
  // RC_PARAMS that replays the shrunk case.
  std::string report(const std::string& rerun) const;
};

// Runs the property of `target` with `params`; on failure replays the shrunk
// case to record its operations.
SequentialOutcome check_sequential(const EngineTarget& target, const PropertyParams& params);

}  // namespace enginesim::properties
