// pct_strategy.cpp - priority bookkeeping and change points of PCT.
#include "harness/sched/pct_strategy.h"

#include <algorithm>
#include <cstdint>

#include "enginesim/check.h"

namespace enginesim::sched {

PctStrategy::PctStrategy(uint64_t seed, uint32_t depth, uint64_t steps_estimate)
    : rng_(seed), depth_(depth), steps_estimate_(steps_estimate) {
  ES_CHECK(depth >= 1);
  ES_CHECK(steps_estimate >= 1);
  // d-1 change points, uniform over [1, k]; distinctness as in the paper.
  const uint64_t wanted = std::min<uint64_t>(depth - 1, steps_estimate);
  while (change_points_.size() < wanted) {
    const uint64_t step = 1 + rng_.below(steps_estimate_);
    if (std::find(change_points_.begin(), change_points_.end(), step) == change_points_.end()) {
      change_points_.push_back(step);
    }
  }
  std::sort(change_points_.begin(), change_points_.end());
}

void PctStrategy::on_thread_created(ThreadId id) {
  ES_CHECK_MSG(id == priority_.size(), "PCT expects thread ids in creation order");
  priority_.push_back(kLowBand + rng_.below(UINT64_MAX - kLowBand));
}

uint64_t PctStrategy::priority_of(ThreadId id) const {
  ES_CHECK_MSG(id < priority_.size(), "PCT saw a thread it was not told about");
  return priority_[id];
}

uint32_t PctStrategy::best(const std::vector<ThreadId>& options) const {
  uint32_t pick = 0;
  for (uint32_t i = 1; i < options.size(); ++i) {
    const uint64_t p = priority_of(options[i]), q = priority_of(options[pick]);
    if (p > q || (p == q && options[i] < options[pick])) pick = i;
  }
  return pick;
}

uint32_t PctStrategy::choose(const ChoiceContext& ctx, uint32_t count) {
  if (ctx.weights != nullptr) return weighted_pick(rng_, *ctx.weights);
  if (ctx.kind != ChoiceKind::thread) { return static_cast<uint32_t>(rng_.below(count)); }
  ES_CHECK(ctx.threads != nullptr && ctx.threads->size() == count);
  uint32_t pick = best(*ctx.threads);
  // Change points are counted in scheduling steps, as the paper counts
  // instructions that are scheduling points.
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= ctx.step) {
    ++next_change_;
    ES_CHECK(next_lowered_ > 0);
    priority_[(*ctx.threads)[pick]] = next_lowered_--;
    pick = best(*ctx.threads);
  }
  return pick;
}

std::string PctStrategy::spec() const {
  return "pct:" + std::to_string(depth_) + ":" + std::to_string(steps_estimate_);
}

}  // namespace enginesim::sched
