// seed_plan.cpp - one seed's shape, strategy and K.
#include "harness/sim/seed_plan.h"

#include "harness/sim/sim_session.h"
#include "harness/sim/workload_shape.h"

namespace enginesim::cli {

SimSetup setup_for_seed(const SimSetup& setup, uint64_t seed) {
  SimSetup s = setup;
  if (!s.swarm) return s;
  s.swarm = false;
  if (s.cfg.workload) return s;  // a workload file has its own shape
  const sched::WorkloadShape shape = sched::draw_shape(seed, sched::shape_of(s.cfg), s.fixed);
  sched::apply_shape(shape, &s.cfg);
  s.shape_text = sched::describe_shape(shape);
  return s;
}

std::string strategy_for_seed(const std::string& spec, uint64_t seed) {
  if (spec != kStrategyMix) return spec;
  static const char* const kChoices[] = {"random", "pct:2", "pct:3"};
  return kChoices[seed % 3];
}

bool plans_per_seed(const SimSetup& setup) {
  return (setup.swarm && !setup.cfg.workload) || setup.strategy == kStrategyMix;
}

SeedPlan plan_seed(const SimSetup& setup, uint64_t seed, const std::string& spec) {
  SeedPlan p{setup_for_seed(setup, seed), strategy_for_seed(spec, seed)};
  p.spec = resolve_strategy(p.setup, seed, p.spec);
  return p;
}

}  // namespace enginesim::cli
