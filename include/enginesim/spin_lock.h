// spin_lock.h - a lock of the harness's own that is never a scheduling point.
//
// Under the scheduler every pthread mutex a controlled thread takes is a step
// the strategy may preempt at (harness/sched/sched_sync.cpp). The harness's
// bookkeeping (the contract monitor's records, the engine heap table) is not
// something memcached's core does, so its locks must not add steps: a spin on
// an atomic is invisible to the scheduler.
//
// The invariant that makes it safe: no scheduling point is ever reached while
// a SpinLock is held (only one controlled thread runs at a time, so another
// controlled thread spinning on it could never get it back). The scheduler
// asserts it at every point through spin_locks_held().
//
// Constant-initialised and allocation-free: it may be taken inside malloc and
// free, before main and in fork's handlers. Header-only: fakes/ and harness/
// both use it.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

namespace enginesim {

namespace spin_lock_detail {
// initial-exec: no lazy TLS set-up inside malloc.
inline __attribute__((tls_model("initial-exec"))) thread_local int t_held = 0;
}  // namespace spin_lock_detail

// How many SpinLocks the calling thread holds.
inline int spin_locks_held() { return spin_lock_detail::t_held; }

class SpinLock {
 public:
  constexpr SpinLock() = default;
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void lock() {
    for (int spins = 0; locked_.exchange(true, std::memory_order_acquire); ++spins) {
      // The holder is inside a few instructions of bookkeeping; if the kernel
      // preempted it, give it the CPU. The raw syscall: sched_yield is
      // wrapped by the scheduler and would be a scheduling point.
      if (spins > 64) ::syscall(SYS_sched_yield);
    }
    ++spin_lock_detail::t_held;
  }
  void unlock() {
    --spin_lock_detail::t_held;
    locked_.store(false, std::memory_order_release);
  }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace enginesim
