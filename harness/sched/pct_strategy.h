// pct_strategy.h - PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
// 2010): random distinct thread priorities, the highest-priority enabled
// thread runs, and at d-1 random steps the running thread drops to a priority
// below all initial ones. A bug of depth d among n threads and k steps is
// found with probability at least 1/(n * k^(d-1)) per run.
#pragma once

#include <vector>

#include "rng.h"
#include "strategy.h"

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

  Rng rng_;
  uint32_t depth_;
  uint64_t steps_estimate_;
  std::vector<uint64_t> change_points_;  // ascending step numbers
  size_t next_change_ = 0;
  // Thread ids from highest to lowest priority. Lowered threads sit below
  // every thread that was never lowered, the later-lowered ones lowest.
  std::vector<ThreadId> order_;
  size_t lowered_ = 0;  // how many at the tail of order_ were lowered
};

}  // namespace enginesim::sched
