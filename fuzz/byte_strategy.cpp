// byte_strategy.cpp - one fuzz byte per choice.
#include "fuzz/byte_strategy.h"

namespace enginesim::fuzz {

uint32_t ByteStrategy::choose(const sched::ChoiceContext& ctx, uint32_t count) {
  uint32_t picked = 0;
  if (next_ < bytes_.size()) picked = bytes_[next_++] % count;
  if (log_ != nullptr) log_->append({ctx.kind, ctx.preemptible, count, picked});
  return picked;
}

}  // namespace enginesim::fuzz
