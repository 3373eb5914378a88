// test_spin_lock.cpp - the harness's own lock that is never a scheduling
// point (include/enginesim/spin_lock.h): it excludes, it counts what the
// calling thread holds, and the scheduler refuses a step reached while one
// is held (a controlled thread spinning on it could never get it back).
#include <cstdint>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "enginesim/spin_lock.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

TEST(SpinLock, ExcludesAndCountsWhatTheThreadHolds) {
  SpinLock lock;
  EXPECT_EQ(spin_locks_held(), 0);
  lock.lock();
  EXPECT_EQ(spin_locks_held(), 1);
  lock.unlock();
  EXPECT_EQ(spin_locks_held(), 0);
  uint64_t total = 0;
  auto add = [&] {
    for (int i = 0; i < 100'000; ++i) {
      std::lock_guard<SpinLock> held(lock);
      ++total;
    }
    EXPECT_EQ(spin_locks_held(), 0);
  };
  std::thread a(add), b(add);
  a.join();
  b.join();
  EXPECT_EQ(total, 200'000u);
}

TEST(SpinLock, AStepReachedWhileOneIsHeldEndsTheRunNamingTheBreach) {
  SpinLock lock;
  const RunResult r = run_spec("random", 1, [&] {
    std::lock_guard<SpinLock> held(lock);
    Scheduler::yield_point();
  });
  EXPECT_EQ(r.verdict, Verdict::died) << r.report;
  EXPECT_NE(r.report.find("a scheduling point inside a SpinLock"), std::string::npos) << r.report;
}

}  // namespace
}  // namespace enginesim::sched::testing
