// time_source.cpp - adapts the fake core's VirtualClock to the scheduler.
#include "harness/sched/time_source.h"

#include "fakes/clock.h"

namespace enginesim::sched {

uint64_t VirtualClockTime::now_ns() const { return clock_->now_ns(); }

void VirtualClockTime::advance_to_ns(uint64_t target_ns) { clock_->advance_to_ns(target_ns); }

uint64_t VirtualClockTime::realtime_base_ns() const {
  // The clock's epoch is a whole second: now_unix_sec - elapsed whole seconds.
  const uint64_t elapsed_sec = clock_->now_ns() / 1'000'000'000ull;
  return (static_cast<uint64_t>(clock_->now_unix_sec()) - elapsed_sec) * 1'000'000'000ull;
}

}  // namespace enginesim::sched

namespace enginesim::sched {

void VirtualClockTime::switch_to(VirtualClock& next) {
  next.advance_to_ns(clock_->now_ns());
  clock_ = &next;
}

}  // namespace enginesim::sched
