// stall_meter.h - how long the running controlled thread has been stuck
// outside the scheduler's control, measured so that a loaded machine does not
// look like a stuck engine.
//
// The watchdog (sched_watchdog.cpp) samples the running thread's kernel
// state every poll while no scheduling point is reached:
//   - runnable (R): it counts the thread's own CPU time, not wall time. A
//     spin burns CPU; a thread that waits for a CPU on a busy machine does
//     not, and is not stuck.
//   - asleep (S, and any state we cannot read): it counts wall time. The
//     thread is blocked in a call the scheduler does not see (futex, pipe,
//     socket, sem_wait), which nothing under our control will end.
//   - in uninterruptible I/O (D): it counts nothing. The disk finishes it
//     (fsync behind a busy disk can take seconds); a thread that never
//     leaves D is ended by the watchdog's wall-time fallback.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace enginesim::sched {

struct ThreadSample {
  bool read = false;  // /proc/self/task/<tid>/stat was read
  char state = '?';   // its state letter: R, S, D, ...
  uint64_t cpu_ns = 0;
};

// The kernel's view of one thread of this process (raw syscalls: no
// interposed I/O function is called).
ThreadSample sample_thread(pid_t tid);

class StallMeter {
 public:
  enum class Kind { none, spinning, blocked };

  void reset();
  // One poll: `wall_ns` since the previous sample; `sample` is the thread now.
  void add(uint64_t wall_ns, const ThreadSample& sample);

  uint64_t stalled_ns() const { return cpu_ns_ + blocked_ns_; }
  // What most of the stall was: CPU burnt (a spin) or time asleep.
  Kind kind() const;

 private:
  bool have_cpu_ = false;
  uint64_t last_cpu_ns_ = 0;
  uint64_t cpu_ns_ = 0;
  uint64_t blocked_ns_ = 0;
};

}  // namespace enginesim::sched
