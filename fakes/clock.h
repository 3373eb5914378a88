// clock.h - the virtual clock behind the server API's time functions.
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>

#include "memcached/types.h"

namespace enginesim {

// Memcached's rule: an exptime above 30 days is an absolute unix time.
inline constexpr time_t kRealtimeMaxDeltaSec = 60 * 60 * 24 * 30;

// Whose clock the server API shows: memcached's daemon, or the mock server
// of memcached's engine_testapp, which suites written for it rely on.
struct ClockRules {
  // How long before the epoch the server "process" started: get_current_time()
  // at the start of a run.
  time_t started_before_epoch_sec;
  // An exptime above this is an absolute unix time.
  time_t max_delta_sec;

  // memcached's: stats_init sets process_started = time(0) - 2 (2010 and
  // 1.6.0-beta1 alike), and REALTIME_MAXDELTA is 30 days.
  static constexpr ClockRules daemon() { return {2, kRealtimeMaxDeltaSec}; }
  // engine_testapp's mock server (programs/mock_server.c@05a6a857, the 2010
  // tree's mock_server.c@004dfe56 alike): init_mock_server, run in each
  // test's child, sets process_started = time(0), so the clock starts at 0;
  // and its REALTIME_MAXDELTA is 60*60*24*3: an exptime above 3 days is
  // taken as absolute.
  static constexpr ClockRules mock_server() { return {0, 60 * 60 * 24 * 3}; }
};

// Nanoseconds since the clock's epoch, advanced only by the harness. The
// server "process" started before the epoch by the rules' offset (2 s for
// the daemon: get_current_time() is 2 at the start of every run).
class VirtualClock {
 public:
  // A fixed default epoch keeps runs independent of the wall clock.
  static constexpr time_t kDefaultEpochUnixSec = 1'700'000'000;
  static constexpr time_t kProcessStartBeforeEpochSec =
      ClockRules::daemon().started_before_epoch_sec;

  explicit VirtualClock(time_t epoch_unix_sec = kDefaultEpochUnixSec,
                        ClockRules rules = ClockRules::daemon());

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
  time_t max_delta_sec_;
  time_t process_started_;
  // Atomic: engine threads read the time while the driver advances it.
  std::atomic<uint64_t> now_ns_{0};
};

}  // namespace enginesim
