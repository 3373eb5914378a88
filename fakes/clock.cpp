// clock.cpp - the virtual clock and memcached's time conversion rules.
#include "clock.h"

#include "enginesim/check.h"

namespace enginesim {

VirtualClock::VirtualClock(time_t epoch_unix_sec, ClockRules rules)
    : epoch_unix_sec_(epoch_unix_sec),
      max_delta_sec_(rules.max_delta_sec),
      process_started_(epoch_unix_sec - rules.started_before_epoch_sec) {
  ES_CHECK(epoch_unix_sec > kRealtimeMaxDeltaSec);
  ES_CHECK(rules.started_before_epoch_sec >= 0 && rules.max_delta_sec > 0);
}

time_t VirtualClock::now_unix_sec() const {
  return epoch_unix_sec_ + static_cast<time_t>(now_ns() / 1'000'000'000ull);
}

void VirtualClock::advance_ns(uint64_t delta_ns) {
  const uint64_t before = now_ns_.fetch_add(delta_ns);
  ES_CHECK(before + delta_ns >= before);  // no wrap-around
}

void VirtualClock::advance_to_ns(uint64_t target_ns) {
  uint64_t current = now_ns_.load();
  while (target_ns > current && !now_ns_.compare_exchange_weak(current, target_ns)) {}
}

rel_time_t VirtualClock::current_time() const {
  return static_cast<rel_time_t>(now_unix_sec() - process_started_);
}

rel_time_t VirtualClock::realtime(time_t exptime) const {
  // 0 means "never expires"; the real core keeps it as 0.
  if (exptime == 0) return 0;
  if (exptime < 0) {
    // The real realtime() turns a negative delta into current_time + exptime
    // (memcached.c@82fb476 realtime), a second already past: the core starts
    // its clock two seconds back (stats_init), so -1 never wraps to 0. Any
    // past second expires alike; 1 is the earliest. (The mock server's
    // clock starts at 0, where -1 wraps to a time that never comes: a
    // suite relying on that is not followed.)
    return 1;
  }
  if (exptime > max_delta_sec_) {
    // Absolute unix time. A time before the server started is in the past.
    if (exptime <= process_started_) return 1;
    return static_cast<rel_time_t>(exptime - process_started_);
  }
  return static_cast<rel_time_t>(exptime + current_time());
}

time_t VirtualClock::abstime(rel_time_t exptime) const {
  return process_started_ + static_cast<time_t>(exptime);
}

}  // namespace enginesim
