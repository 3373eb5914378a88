// property_params.h - how many cases a property runs and from which seed,
// from the environment, each variable declared once (name, default, help).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/sim/sim_env.h"

namespace enginesim::properties {

struct PropertyParams {
  uint64_t seed = 0;    // rapidcheck's seed: the one source of every case
  int cases_max = 100;  // rapidcheck's max_success
  int size_max = 100;   // rapidcheck's max_size (longest command sequences)
  bool shrink = true;
  std::string seed_from;  // where the seed came from, for the announcement
  // A reproduce token (reproduce_token(), property_runner.h): when set, the
  // properties it names replay exactly its cases, whatever RC_PARAMS says.
  std::string reproduce;
};

// The environment variables, for --help-like texts and the docs.
inline constexpr const char* kCasesEnv = cli::env_name(cli::EnvSetting::property_cases);
inline constexpr const char* kSeedEnv = cli::env_name(cli::EnvSetting::property_seed);
inline constexpr int kCasesDefault = 100;
inline constexpr int kCasesMax = 10'000'000;

// Params for the property `id`:
//   ENGINESIM_PROPERTY_CASES  cases to run (1..10000000; default 100): a long
//                             campaign sets it high;
//   ENGINESIM_PROPERTY_SEED   the seed (default: a hash of `id`, so every run
//                             of the suite checks the same cases);
//   RC_PARAMS                 rapidcheck's own: its max_size and
//                             noshrink apply, its seed= when no
//                             ENGINESIM_PROPERTY_SEED is set, and reproduce=
//                             replays a reported failure.
// nullopt and *error naming the variable and what it accepts on a bad value.
std::optional<PropertyParams> params_from_environment(const std::string& id, std::string* error);

// "seed 123 (hash of the property id), 100 cases (ENGINESIM_PROPERTY_CASES)".
std::string describe(const PropertyParams& params);

}  // namespace enginesim::properties
