// sched_watchdog.cpp - the driver thread's wait for the run's end, which also
// notices a controlled thread that runs on without ever reaching a
// scheduling point (a spin on an atomic, a real blocking call) and ends the
// run as uncontrolled instead of hanging. It counts the thread's CPU time
// while it runs and wall time while it sleeps (stall_meter.h), so a thread
// that merely waits for a CPU on a loaded machine is not stuck. Time here
// never decides a schedule: it only bounds how long we wait.
#include <cerrno>

#include "enginesim/check.h"
#include "harness/sched/real_functions.h"
#include "harness/sched/sched_core.h"
#include "harness/sched/stall_meter.h"
#include "harness/tsan_annotations.h"

namespace enginesim::sched {
namespace {

constexpr uint64_t kPollNs = 20'000'000;  // 20 ms
// A thread that is neither spinning nor asleep (in uninterruptible I/O, or
// never given a CPU) ends the run after this many times the limit of wall time.
constexpr uint64_t kWallFallback = 10;

uint64_t wall_ns() {
  timespec ts;
  real().clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

void SchedCore::watch(sem_t* done) {
  uint64_t last_progress = progress_.load();
  uint64_t last_change_ns = wall_ns();
  uint64_t last_poll_ns = last_change_ns;
  StallMeter stall;
  const uint64_t limit_ns = uint64_t{options_.uncontrolled_ms} * 1'000'000ull;
  for (;;) {
    const uint64_t wake_ns = wall_ns() + kPollNs;
    timespec abs{static_cast<time_t>(wake_ns / 1'000'000'000ull),
                 static_cast<long>(wake_ns % 1'000'000'000ull)};
    if (sem_clockwait(done, CLOCK_MONOTONIC, &abs) == 0) {
      // TSan does not intercept sem_clockwait (gcc 12's runtime): without
      // this it would not see that end_run's writes to the result happen
      // before the driver reads it, and report a race that is not there.
      tsan_acquire(done);
      return;
    }
    ES_CHECK(errno == ETIMEDOUT || errno == EINTR);
    const uint64_t progress = progress_.load();
    const uint64_t now = wall_ns();
    const uint64_t since_poll = now - last_poll_ns;
    last_poll_ns = now;
    if (progress != last_progress) {
      last_progress = progress;
      last_change_ns = now;
      stall.reset();
      continue;
    }
    // The running thread cannot change without progress.
    stall.add(since_poll, sample_thread(running_thread_tid()));
    const bool stuck = stall.stalled_ns() >= limit_ns;
    if (!stuck && now - last_change_ns < kWallFallback * limit_ns) continue;
    const std::string ms = std::to_string(options_.uncontrolled_ms);
    const std::string what =
        !stuck ? " made no progress for " + std::to_string((now - last_change_ns) / 1'000'000) +
                     " ms of real time (" + std::to_string(kWallFallback) +
                     "x the limit) without reaching a scheduling point, neither spinning nor "
                     "asleep: in the kernel (uninterruptible I/O)"
        : stall.kind() == StallMeter::Kind::spinning
            ? " ran for " + ms +
                  " ms of CPU time without reaching a scheduling point "
                  "(a spin on an atomic, or work the scheduler does not see)"
            : " was blocked for " + ms +
                  " ms of real time without reaching a scheduling "
                  "point, in a call the scheduler does not see "
                  "(futex, pipe, socket, sem_wait)";
    abort_uncontrolled(running_thread_description() + what);
    // Whoever ended the run posted `done`; consume it.
    while (sem_wait(done) != 0) ES_CHECK(errno == EINTR);
    return;
  }
}

pid_t SchedCore::running_thread_tid() const {
  const uint32_t id = running_.load();
  real().pthread_mutex_lock(&names_lock_);
  const pid_t tid = threads_[id]->os_tid.load();
  real().pthread_mutex_unlock(&names_lock_);
  return tid;
}

std::string SchedCore::running_thread_description() const {
  const uint32_t id = running_.load();
  real().pthread_mutex_lock(&names_lock_);
  const std::string name = threads_[id]->name;
  real().pthread_mutex_unlock(&names_lock_);
  return "thread " + std::to_string(id) + " '" + name + "'";
}

}  // namespace enginesim::sched
