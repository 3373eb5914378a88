// test_step_cost.cpp - what a scheduling step costs, structurally (issue 18,
// P1; the time is the bench's to measure, never a test's): a step where the
// running thread goes on hands nothing over (no OS context switch), and a
// choice allocates nothing.
#include <cstdint>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "harness/alloc_count.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

// The thread that runs after each step, in step order (time jumps, notes and
// details are no steps).
uint64_t thread_changes(const RunResult& r) {
  uint64_t changes = 0;
  bool first = true;
  uint32_t last = 0;
  for (const TraceEvent& e : r.events) {
    if (e.op == Op::time_jump || e.op == Op::note || e.op == Op::detail) continue;
    if (!first && e.thread != last) ++changes;
    first = false;
    last = e.thread;
  }
  return changes;
}

TEST(StepCost, AThreadThatGoesOnAloneHandsNothingOver) {
  const RunResult r = run_spec("random", 1, [] {
    for (int i = 0; i < 3000; ++i) Scheduler::yield_point();
  });
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  EXPECT_GE(r.steps, 3000u);
  EXPECT_EQ(r.handoffs, 0u);
}

// Two threads taking turns at random: a handoff exactly where the next step's
// thread is another, never where it is the same.
TEST(StepCost, AHandoffExactlyWhereAnotherThreadTakesOver) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const RunResult r = run_spec("random", seed, [] {
      auto work = [] {
        for (int i = 0; i < 500; ++i) Scheduler::yield_point();
      };
      std::thread a(work), b(work);
      a.join();
      b.join();
    });
    ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
    ASSERT_LT(r.events.size(), SchedOptions{}.trace_events_max) << "every step must be in events";
    EXPECT_EQ(r.handoffs, thread_changes(r)) << "seed " << seed;
    EXPECT_GT(r.handoffs, 100u) << "seed " << seed << ": random should switch often";
  }
}

// Thousands of choices between two threads, counted by the malloc hooks on
// each thread that makes them: none allocates (the first few steps of a run
// may, as its vectors reach their working size).
TEST(StepCost, AChoiceAllocatesNothing) {
  if (!alloc_count_available()) GTEST_SKIP() << "no malloc hooks in this build (a sanitizer's)";
  for (const char* spec : {"random", "pct:3"}) {
    const RunResult r = run_spec(spec, 7, [] {
      uint64_t during[2] = {0, 0};
      auto work = [&during](int me) {
        for (int i = 0; i < 100; ++i) Scheduler::yield_point();  // warm up
        const uint64_t before = thread_allocations();
        for (int i = 0; i < 2000; ++i) Scheduler::yield_point();
        during[me] = thread_allocations() - before;
      };
      std::thread a(work, 0), b(work, 1);
      a.join();
      b.join();
      if (during[0] + during[1] != 0) {
        Scheduler::fail("allocations during 4000 scheduling points: " +
                        std::to_string(during[0] + during[1]));
      }
    });
    EXPECT_EQ(r.verdict, Verdict::ok) << spec << ": " << r.report;
    EXPECT_GT(r.choices.size(), 1000u) << spec;
  }
}

}  // namespace
}  // namespace enginesim::sched::testing
