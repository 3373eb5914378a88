// time_source.h - the virtual time the scheduler reads and advances; the fake
// core's VirtualClock is adapted to it so both see the same instant.
#pragma once

#include <cstdint>

namespace enginesim {
class VirtualClock;
}

namespace enginesim::sched {

// Nanoseconds of virtual time since the run started. Only controlled threads
// (one at a time) and the scheduler read or move it, so it needs no lock.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual uint64_t now_ns() const = 0;
  // Never moves backwards.
  virtual void advance_to_ns(uint64_t target_ns) = 0;
  // CLOCK_REALTIME of virtual instant 0, in ns since the unix epoch.
  virtual uint64_t realtime_base_ns() const = 0;
  // CLOCK_MONOTONIC of virtual instant 0: a fixed, non-zero boot offset.
  uint64_t monotonic_base_ns() const { return 1'000'000'000'000ull; }
};

// A self-contained virtual clock, for runs without a fake core.
class PlainTime final : public TimeSource {
 public:
  explicit PlainTime(uint64_t realtime_base_sec = 1'700'000'000)
      : base_ns_(realtime_base_sec * 1'000'000'000ull) {}
  uint64_t now_ns() const override { return now_ns_; }
  void advance_to_ns(uint64_t target_ns) override {
    if (target_ns > now_ns_) now_ns_ = target_ns;
  }
  uint64_t realtime_base_ns() const override { return base_ns_; }

 private:
  uint64_t base_ns_;
  uint64_t now_ns_ = 0;
};

// The fake core's clock seen as a TimeSource (Core::clock() and the scheduler
// then share one instant).
class VirtualClockTime final : public TimeSource {
 public:
  explicit VirtualClockTime(VirtualClock& clock) : clock_(&clock) {}
  uint64_t now_ns() const override;
  void advance_to_ns(uint64_t target_ns) override;
  uint64_t realtime_base_ns() const override;
  // From now on the instant is `next`'s, moved forward to this one first (a
  // restarted engine gets a new core; time goes on).
  void switch_to(VirtualClock& next);

 private:
  VirtualClock* clock_;
};

}  // namespace enginesim::sched
