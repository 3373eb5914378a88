// clock.h - the virtual clock behind the server API's time functions.
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>

#include "memcached/types.h"

namespace enginesim {

// Memcached's rule: an exptime above 30 days is an absolute unix time.
inline constexpr time_t kRealtimeMaxDeltaSec = 60 * 60 * 24 * 30;

// Nanoseconds since the clock's epoch, advanced only by the harness. The
// server "process" started two seconds before the epoch, as in the real core,
// so get_current_time() is 2 at the start of every run.
class VirtualClock {
 public:
  // A fixed default epoch keeps runs independent of the wall clock.
  static constexpr time_t kDefaultEpochUnixSec = 1'700'000'000;
  static constexpr time_t kProcessStartBeforeEpochSec = 2;

  explicit VirtualClock(time_t epoch_unix_sec = kDefaultEpochUnixSec);

  uint64_t now_ns() const { return now_ns_.load(std::memory_order_acquire); }
  time_t now_unix_sec() const;
  void advance_ns(uint64_t delta_ns);
  void advance_sec(uint64_t delta_sec) { advance_ns(delta_sec * 1'000'000'000ull); }
  // Moves the clock to `target_ns` if it lies in the future; never backwards.
  void advance_to_ns(uint64_t target_ns);

  time_t process_started_unix_sec() const { return process_started_; }

  // The three functions of SERVER_CORE_API, with the real core's rules.
  rel_time_t current_time() const;
  rel_time_t realtime(time_t exptime) const;
  time_t abstime(rel_time_t exptime) const;

 private:
  time_t epoch_unix_sec_;
  time_t process_started_;
  // Atomic: engine threads read the time while the driver advances it.
  std::atomic<uint64_t> now_ns_{0};
};

}  // namespace enginesim
