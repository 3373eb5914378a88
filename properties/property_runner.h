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

// rapidcheck keys reproduce entries by property id in this map type.
// style-ok: rapidcheck's API type; looked up by id, never iterated here.
using ReproduceMap = std::unordered_map<std::string, rc::detail::Reproduce>;

// One token that names the shrunk case of each failed property (rapidcheck's
// reproduce= value, without the key): `enginesim check --reproduce TOKEN`.
std::string reproduce_token(const ReproduceMap& cases);
// The cases a token names; nullopt and *error when it does not parse.
std::optional<ReproduceMap> parse_reproduce_token(const std::string& token, std::string* error);

// Checks `property` (a rapidcheck property without arguments) under the id
// `id`. A reproduce entry for `id` (params.reproduce, else RC_PARAMS's
// reproduce=) replays that case instead.
RcOutcome run_rapidcheck(const std::string& id, const std::function<void()>& property,
                         const PropertyParams& params);

// Runs exactly the case `reproduce` names; true when it fails again.
bool replay_case(const std::string& id, const std::function<void()>& property,
                 const rc::detail::Reproduce& reproduce);

}  // namespace enginesim::properties
