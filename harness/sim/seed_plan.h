// seed_plan.h - what one seed of `run` or `explore` runs: with swarm testing
// on, the workload shape the seed draws (workload_shape.h); with --strategy
// mix, the strategy the seed takes; PCT's K measured for that seed.
#pragma once

#include <cstdint>
#include <string>

#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// "mix": seed % 3 picks random, pct:2 or pct:3.
inline constexpr const char* kStrategyMix = "mix";

// The setup of `seed`: with setup.swarm, the drawn shape applied (the
// dimensions given explicitly kept), swarm off and shape_text set; else the
// setup unchanged.
SimSetup setup_for_seed(const SimSetup& setup, uint64_t seed);

// "mix" -> the seed's choice (random, pct:2, pct:3); other specs unchanged.
std::string strategy_for_seed(const std::string& spec, uint64_t seed);

// Each seed needs a plan of its own (a shape, a mix choice, its own K).
bool plans_per_seed(const SimSetup& setup);

struct SeedPlan {
  SimSetup setup;    // setup_for_seed
  std::string spec;  // strategy_for_seed, pct:D resolved to pct:D:K on this seed
};
// Forks a non-preempting run to measure K when the spec is pct:D.
SeedPlan plan_seed(const SimSetup& setup, uint64_t seed, const std::string& spec);

}  // namespace enginesim::cli
