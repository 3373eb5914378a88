// spin_watch.h - how the scheduler tells a spin on an atomic from ordinary
// atomic reads (--atomics; docs/atomics.md): a thread that reads again an
// atomic location whose value no write changed since its last read is
// re-reading. After kRereadsToWait re-reads it waits (Wait::spin) until some
// controlled thread writes an atomic, unlocks a lock or signals: until then
// its loop could only see the same values again. When nothing else can run,
// the spinner is let go; kRereadsMax re-reads with no write anywhere end the
// run as a livelock.
#pragma once

#include <cstdint>

#include "enginesim/check.h"

namespace enginesim::atomics {

struct SpinWatch {
  static constexpr uint32_t kSlots = 4;
  static constexpr uint32_t kRereadsToWait = 2;
  static constexpr uint32_t kRereadsMax = 10'000;

  uint64_t epoch = 0;     // the scheduler's sync epoch the slots belong to
  uint32_t rereads = 0;   // re-reads within this epoch
  uint32_t used = 0;      // slots filled
  uint32_t next = 0;      // slot to overwrite when full
  bool released = false;  // let go while no other thread could run
  const volatile void* addr[kSlots] = {};
  uint64_t value[kSlots] = {};

  // A read of `a` that saw `v`, at sync epoch `now`; true if a re-read.
  bool read(const volatile void* a, uint64_t v, uint64_t now) {
    if (now != epoch) reset(now);
    for (uint32_t i = 0; i < used; ++i) {
      if (addr[i] == a && value[i] == v) {
        ++rereads;
        return true;
      }
    }
    ES_CHECK(next < kSlots);
    addr[next] = a;
    value[next] = v;
    next = (next + 1) % kSlots;
    if (used < kSlots) ++used;
    return false;
  }

  // The thread itself wrote (the epoch moved): its loop is not a pure spin.
  void reset(uint64_t now) {
    epoch = now;
    rereads = 0;
    used = 0;
    next = 0;
    released = false;
  }

  bool should_wait(uint64_t now) const { return now == epoch && rereads >= kRereadsToWait; }
};

}  // namespace enginesim::atomics
