// pct_strategy.h - PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
// 2010): random distinct thread priorities, the highest-priority enabled
// thread runs, and at d-1 random steps the running thread drops to a priority
// below all initial ones. A bug of depth d among n threads and k steps is
// found with probability at least 1/(n * k^(d-1)) per run.
#pragma once

#include <vector>

#include "harness/sched/rng.h"
#include "harness/sched/strategy.h"

namespace enginesim::sched {

class PctStrategy final : public Strategy {
 public:
  // depth >= 1; steps_estimate (k) >= 1 bounds where change points fall.
  PctStrategy(uint64_t seed, uint32_t depth, uint64_t steps_estimate);
  uint32_t choose(const ChoiceContext& ctx, uint32_t count) override;
  void on_thread_created(ThreadId id) override;
  std::string spec() const override;

  const std::vector<uint64_t>& change_points() const { return change_points_; }

 private:
  uint64_t priority_of(ThreadId id) const;
  uint32_t best(const std::vector<ThreadId>& options) const;

  Rng rng_;
  uint32_t depth_;
  uint64_t steps_estimate_;
  std::vector<uint64_t> change_points_;  // ascending step numbers
  size_t next_change_ = 0;
  // Priority by thread id (higher runs first). A new thread draws a random
  // key in the upper band, which gives it a uniformly random rank among the
  // never-lowered threads; a lowered thread gets the next key of a
  // descending lower band, so later-lowered threads rank lowest. O(1) per
  // lookup: engines that start a thread per request create thousands.
  std::vector<uint64_t> priority_;
  uint64_t next_lowered_ = kLowBand - 1;
  static constexpr uint64_t kLowBand = uint64_t{1} << 32;
};

}  // namespace enginesim::sched
