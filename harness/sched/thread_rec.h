// thread_rec.h - the scheduler's record of one controlled thread and of the
// synchronisation objects it models (mutexes, conditions, rwlocks).
#pragma once

#include <pthread.h>
#include <semaphore.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "harness/sched/atomics/spin_watch.h"
#include "harness/sched/strategy.h"
#include "harness/sched/trace.h"

namespace enginesim::sched {

class SchedCore;
inline constexpr uint64_t kNoDeadline = UINT64_MAX;

struct MutexModel {
  uint32_t number = 0;  // in order of first use: deterministic across runs
  struct ThreadRec* owner = nullptr;
  uint32_t count = 0;  // recursion depth while owned
};

struct CondModel {
  uint32_t number = 0;
  std::deque<ThreadId> waiters;  // not yet signalled, in arrival order
};

struct RwModel {
  uint32_t number = 0;
  struct ThreadRec* writer = nullptr;
  std::map<ThreadId, uint32_t> readers;  // ordered by thread number
  uint32_t reader_total = 0;
};

// What a thread waits for; it may run when its condition holds.
// spin: re-reads an unchanged atomic (--atomics): waits for a write (spin_watch.h).
enum class Wait { none, mutex, rw_read, rw_write, cond, join, sleep, finished, spin };

struct ThreadRec {
  SchedCore* core = nullptr;
  ThreadId id = 0;
  std::string name;
  sem_t wake;  // posted when the thread is picked to run
  pthread_t handle{};
  // Its kernel thread id, once it has started (the watchdog reads its state).
  std::atomic<pid_t> os_tid{0};
  bool detached = false;

  Wait wait = Wait::none;
  uint64_t deadline_ns = kNoDeadline;
  MutexModel* mutex = nullptr;  // Wait::mutex, and the mutex of Wait::cond
  RwModel* rw = nullptr;
  CondModel* cond = nullptr;
  bool signalled = false;
  bool spurious = false;  // the strategy chose a spurious wake-up
  ThreadId join_target = 0;

  // The call instruction of the lock or wait call in progress (its return
  // address - 1), for the lock-order report.
  const void* call_site = nullptr;
  Op pending_op = Op::start;  // what it does when it next runs
  uint32_t pending_object = 0;
  void* exit_value = nullptr;
  // Stopped for good by a crash (SchedCore::crash_others); written by the
  // crashing thread only, never read by the stopped one.
  bool crashed = false;
  atomics::SpinWatch spin;  // --atomics only
};

}  // namespace enginesim::sched
