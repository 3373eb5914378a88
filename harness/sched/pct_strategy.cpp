// pct_strategy.cpp - priority bookkeeping and change points of PCT.
#include "pct_strategy.h"

#include <algorithm>

#include "fakes/check.h"

namespace enginesim::sched {

PctStrategy::PctStrategy(uint64_t seed, uint32_t depth, uint64_t steps_estimate)
    : rng_(seed), depth_(depth), steps_estimate_(steps_estimate) {
  ES_CHECK(depth >= 1);
  ES_CHECK(steps_estimate >= 1);
  // d-1 change points, uniform over [1, k]; distinctness as in the paper.
  const uint64_t wanted = std::min<uint64_t>(depth - 1, steps_estimate);
  while (change_points_.size() < wanted) {
    const uint64_t step = 1 + rng_.below(steps_estimate_);
    if (std::find(change_points_.begin(), change_points_.end(), step) ==
        change_points_.end()) {
      change_points_.push_back(step);
    }
  }
  std::sort(change_points_.begin(), change_points_.end());
}

void PctStrategy::on_thread_created(ThreadId id) {
  // A random slot among the never-lowered threads = a random fresh priority.
  const size_t normal = order_.size() - lowered_;
  const size_t slot = static_cast<size_t>(rng_.below(normal + 1));
  order_.insert(order_.begin() + static_cast<std::ptrdiff_t>(slot), id);
}

uint64_t PctStrategy::priority_of(ThreadId id) const {
  const auto it = std::find(order_.begin(), order_.end(), id);
  ES_CHECK_MSG(it != order_.end(), "PCT saw a thread it was not told about");
  return static_cast<uint64_t>(order_.end() - it);  // higher = runs first
}

uint32_t PctStrategy::choose(const ChoiceContext& ctx, uint32_t count) {
  if (ctx.kind != ChoiceKind::thread) {
    return static_cast<uint32_t>(rng_.below(count));
  }
  ES_CHECK(ctx.threads != nullptr && ctx.threads->size() == count);
  auto best = [&] {
    uint32_t pick = 0;
    for (uint32_t i = 1; i < count; ++i) {
      if (priority_of((*ctx.threads)[i]) > priority_of((*ctx.threads)[pick])) pick = i;
    }
    return pick;
  };
  uint32_t pick = best();
  // Change points are counted in scheduling steps, as the paper counts
  // instructions that are scheduling points.
  while (next_change_ < change_points_.size() &&
         change_points_[next_change_] <= ctx.step) {
    ++next_change_;
    const ThreadId lowered = (*ctx.threads)[pick];
    order_.erase(std::find(order_.begin(), order_.end(), lowered));
    order_.push_back(lowered);
    ++lowered_;
    pick = best();
  }
  return pick;
}

std::string PctStrategy::spec() const {
  return "pct:" + std::to_string(depth_) + ":" + std::to_string(steps_estimate_);
}

}  // namespace enginesim::sched
