// random_strategy.h - a seeded random walk: every option equally likely.
#pragma once

#include "harness/sched/rng.h"
#include "harness/sched/strategy.h"

namespace enginesim::sched {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(uint64_t seed) : rng_(seed) {}
  uint32_t choose(const ChoiceContext& ctx, uint32_t count) override {
    if (ctx.weights != nullptr) return weighted_pick(rng_, *ctx.weights);
    return static_cast<uint32_t>(rng_.below(count));
  }
  std::string spec() const override { return "random"; }

 private:
  Rng rng_;
};

}  // namespace enginesim::sched
