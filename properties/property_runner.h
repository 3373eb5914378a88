// property_runner.h - runs one rapidcheck property with explicit params and
// hands back its outcome as a value (nothing printed): passed or not, the
// counterexample, and the RC_PARAMS string that replays the shrunk case.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <rapidcheck.h>

#include "properties/property_params.h"

namespace enginesim::properties {

struct RcOutcome {
  bool passed = false;
  int cases_passed = 0;
  std::string message;  // rapidcheck's result: the failure and shrunk counterexample
  // A failure's shrunk case: RC_PARAMS="reproduce=..." replays exactly it.
  std::optional<rc::detail::Reproduce> reproduce;
  std::string reproduce_params;
};

// Checks `property` (a rapidcheck property without arguments) under the id
// `id`. An RC_PARAMS reproduce= entry for `id` replays that case instead.
RcOutcome run_rapidcheck(const std::string& id, const std::function<void()>& property,
                         const PropertyParams& params);

// Runs exactly the case `reproduce` names; true when it fails again.
bool replay_case(const std::string& id, const std::function<void()>& property,
                 const rc::detail::Reproduce& reproduce);

}  // namespace enginesim::properties
