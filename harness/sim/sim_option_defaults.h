// sim_option_defaults.h - the simulation options' defaults, from the table
// (sim_options.def), as constants: option_default::ID is the default as
// typed (nullptr: none), option_number() its value, for the structs whose
// members start at the default (SimConfig, SimSetup).
#pragma once

#include <cstdint>

#include "harness/sched/scheduler.h"

#include "enginesim/check.h"

namespace enginesim::option_default {

#define ES_SIM_OPTION(ID, GROUP, NAME, VALUE, DEFAULT, ...) \
  inline constexpr const char* ID = DEFAULT;
#include "harness/sim/sim_options.def"

// Whether seed workloads draw a shape per seed (swarm testing, seed_plan.h)
// when neither --swarm nor --no-swarm is given. docs/scheduler.md ("Finding
// power") has the measurement that decided it.
inline constexpr bool swarm_on = true;

// A default that is a whole number, as a number (at compile time).
constexpr uint64_t number(const char* text) {
  uint64_t n = 0;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') ES_CHECK_MSG(false, "the option's default is not a number");
    n = n * 10 + static_cast<uint64_t>(*c - '0');
  }
  return n;
}

// The scheduler's own default budget is the table's.
static_assert(number(steps_max) == sched::kDefaultStepsMax,
              "sim_options.def's steps-max default differs from the scheduler's");

}  // namespace enginesim::option_default
