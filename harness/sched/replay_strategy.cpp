// replay_strategy.cpp - following a recorded schedule, detecting divergence.
#include "harness/sched/replay_strategy.h"

namespace enginesim::sched {

uint32_t ReplayStrategy::choose(const ChoiceContext& ctx, uint32_t count) {
  if (next_ >= log_.size()) {
    if (mode_ == Mode::prefix) return 0;
    error_ = "the run asks for choice #" + std::to_string(next_ + 1) + " (" + to_char(ctx.kind) +
             ", " + std::to_string(count) + " options) but the schedule has only " +
             std::to_string(log_.size());
    return count;
  }
  const ChoiceRecord& rec = log_[next_];
  if (rec.kind != ctx.kind || rec.count != count) {
    error_ = "choice #" + std::to_string(next_ + 1) + " at step " + std::to_string(ctx.step) +
             ": the schedule recorded " + to_char(rec.kind) + " with " + std::to_string(rec.count) +
             " options, the run offers " + to_char(ctx.kind) + " with " + std::to_string(count);
    return count;
  }
  ++next_;
  return rec.picked;
}

}  // namespace enginesim::sched
