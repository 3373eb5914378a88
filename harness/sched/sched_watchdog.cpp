// sched_watchdog.cpp - the driver thread's wait for the run's end, which also
// notices a controlled thread that runs on without ever reaching a
// scheduling point (a spin on an atomic, a real blocking call) and ends the
// run as uncontrolled instead of hanging. Wall time here never decides a
// schedule: it only bounds how long we wait.
#include <cerrno>

#include "enginesim/check.h"
#include "harness/tsan_annotations.h"
#include "harness/sched/real_functions.h"
#include "harness/sched/sched_core.h"

namespace enginesim::sched {
namespace {

constexpr uint64_t kPollNs = 20'000'000;  // 20 ms

uint64_t wall_ns() {
  timespec ts;
  real().clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull +
         static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

void SchedCore::watch(sem_t* done) {
  uint64_t last_progress = progress_.load();
  uint64_t last_change_ns = wall_ns();
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
    if (progress != last_progress) {
      last_progress = progress;
      last_change_ns = now;
      continue;
    }
    if (now - last_change_ns < limit_ns) continue;
    abort_uncontrolled(running_thread_description() + " ran for " +
                       std::to_string(options_.uncontrolled_ms) +
                       " ms of real time without reaching a scheduling point "
                       "(a spin on an atomic, or a blocking call the scheduler "
                       "does not see: futex, pipe, socket, sem_wait)");
    // Whoever ended the run posted `done`; consume it.
    while (sem_wait(done) != 0) ES_CHECK(errno == EINTR);
    return;
  }
}

std::string SchedCore::running_thread_description() const {
  const uint32_t id = running_.load();
  real().pthread_mutex_lock(&names_lock_);
  const std::string name = threads_[id]->name;
  real().pthread_mutex_unlock(&names_lock_);
  return "thread " + std::to_string(id) + " '" + name + "'";
}

}  // namespace enginesim::sched
