// test_atomics.cpp - enginesim's atomics mode on an instrumented probe
// module (engine/testing/atomics/atomics_probe.c): the __tsan_* entry points
// do each operation right at every width, with and without --atomics; an
// atomic is a scheduling point only with it; a spin waits for a writer, and
// one that nothing ends is a livelock; the race detector's edges.
#include <dlfcn.h>

#include <gtest/gtest.h>

#include "harness/sched/scheduler.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

template <class Fn>
Fn* probe(const char* name) {
  return module_symbol<Fn>(ATOMICS_PROBE_PATH, name);
}

SchedOptions with(bool atomics, bool races = false) {
  SchedOptions options;
  options.atomics = atomics;
  options.races = races;
  options.uncontrolled_ms = 2000;
  return options;
}

TEST(Atomics, EveryWidthAndOperationGivesTheRightResults) {
  auto fn = probe<int()>("probe_all_widths");
  EXPECT_EQ(fn(), 0) << "outside any run";
  for (bool atomics : {false, true}) {
    const RunResult r = run_spec(
        "random", 1,
        [&] {
          if (fn() != 0) Scheduler::fail("a wrong result");
        },
        with(atomics));
    EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  }
}

TEST(Atomics, AreSchedulingPointsOnlyWithTheOption) {
  auto fn = probe<int()>("probe_all_widths");
  uint64_t steps[2] = {0, 0};
  for (bool atomics : {false, true}) {
    const RunResult r = run_spec(
        "random", 1, [&] { fn(); }, with(atomics));
    ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
    steps[atomics] = r.steps;
  }
  // 5 widths x 13 operations, and the thread fence (not the signal fence).
  EXPECT_EQ(steps[1] - steps[0], 5u * 13 + 1);
}

TEST(Atomics, ALostUpdateHappensOnlyWithTheOption) {
  auto fn = probe<int(int)>("probe_lost_update");
  for (bool atomics : {false, true}) {
    int lost = 0;
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      const RunResult r = run_spec(
          "random", seed,
          [&] {
            if (fn(3) != 6) Scheduler::fail("lost an update");
          },
          with(atomics));
      ASSERT_NE(r.verdict, Verdict::uncontrolled) << r.report;
      lost += r.verdict == Verdict::failed;
    }
    if (atomics) {
      EXPECT_GT(lost, 0) << "20 random seeds never switched between load and store";
    } else {
      EXPECT_EQ(lost, 0) << "without --atomics no switch falls between load and store";
    }
  }
}

TEST(Atomics, ASpinWaitsForItsWriterUnderEveryStrategy) {
  auto fn = probe<int(int)>("probe_message");
  for (const char* spec : {"random", "pct:2", "pct:3"}) {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      const RunResult r = run_spec(
          spec, seed,
          [&] {
            if (fn(1) != 42) Scheduler::fail("wrong payload");
          },
          with(true));
      EXPECT_EQ(r.verdict, Verdict::ok) << spec << " seed " << seed << ": " << r.report;
      EXPECT_LT(r.steps, 200u) << "the spin was not parked while the writer could run";
    }
  }
}

TEST(Atomics, ASpinNothingEndsIsALivelock) {
  auto fn = probe<void()>("probe_spin_forever");
  const RunResult r = run_spec(
      "random", 1, [&] { fn(); }, with(true));
  EXPECT_EQ(r.verdict, Verdict::step_limit) << r.report;
  EXPECT_NE(r.report.find("livelock"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("atomic#"), std::string::npos) << r.report;
  // Without the option the same spin is invisible: the watchdog's verdict.
  SchedOptions plain = with(false);
  plain.uncontrolled_ms = 300;
  EXPECT_EQ(run_spec(
                "random", 1, [&] { fn(); }, plain)
                .verdict,
            Verdict::uncontrolled);
}

TEST(Races, ARelaxedMessageIsARaceWithBothAccesses) {
  auto fn = probe<int(int)>("probe_message");
  const RunResult r = run_spec(
      "random", 1, [&] { fn(0); }, with(true, true));
  ASSERT_EQ(r.verdict, Verdict::failed) << r.report;
  EXPECT_NE(r.report.find("data race"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("read of 4 bytes by thread 0"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("write of 4 bytes by thread 1"), std::string::npos) << r.report;
  EXPECT_NE(r.report.find("atomics_probe.c:"), std::string::npos) << "not symbolized: " << r.report;
  // The same seed, the same report and schedule.
  const RunResult again = run_spec(
      "random", 1, [&] { fn(0); }, with(true, true));
  EXPECT_EQ(again.report, r.report);
  EXPECT_EQ(again.trace_hash, r.trace_hash);
}

TEST(Races, ReleaseAcquireFencesAndMutexesOrderTheMessage) {
  auto message = probe<int(int)>("probe_message");
  auto locked = probe<int()>("probe_locked_message");
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    for (int ordered : {1, 2}) {
      const RunResult r = run_spec(
          "random", seed,
          [&] {
            if (message(ordered) != 42) Scheduler::fail("wrong payload");
          },
          with(true, true));
      EXPECT_EQ(r.verdict, Verdict::ok) << "ordered " << ordered << ": " << r.report;
    }
    const RunResult r = run_spec(
        "random", seed,
        [&] {
          if (locked() != 7) Scheduler::fail("wrong payload");
        },
        with(true, true));
    EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  }
}

SchedOptions weak() {
  SchedOptions options = with(true, true);
  options.weak_memory = true;
  return options;
}

TEST(WeakMemory, ARelaxedFlagMayShowOlderDataOnlyWithTheOption) {
  auto fn = probe<int(int)>("probe_weak_message");
  int stale = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult r = run_spec(
        "random", seed,
        [&] {
          if (fn(0) != 42) Scheduler::fail("read the data's older value");
        },
        weak());
    ASSERT_TRUE(r.verdict == Verdict::ok || r.verdict == Verdict::failed) << r.report;
    stale += r.verdict == Verdict::failed;
    // Without the option a load always reads the latest store.
    const RunResult sc = run_spec(
        "random", seed,
        [&] {
          if (fn(0) != 42) Scheduler::fail("read the data's older value");
        },
        with(true, true));
    EXPECT_EQ(sc.verdict, Verdict::ok) << sc.report;
  }
  EXPECT_GT(stale, 0) << "20 random seeds never read the older value";
}

TEST(WeakMemory, ReleaseAcquireHidesTheOlderValue) {
  auto fn = probe<int(int)>("probe_weak_message");
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult r = run_spec(
        "random", seed,
        [&] {
          if (fn(1) != 42) Scheduler::fail("read the data's older value");
        },
        weak());
    EXPECT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
  }
}

TEST(WeakMemory, TheChoiceIsRecordedAndReplays) {
  auto fn = probe<int(int)>("probe_weak_message");
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult a = run_spec(
        "random", seed, [&] { fn(0); }, weak());
    const RunResult b = run_spec(
        "random", seed, [&] { fn(0); }, weak());
    EXPECT_EQ(a.trace_hash, b.trace_hash);
    EXPECT_EQ(a.choices.size(), b.choices.size());
  }
}

TEST(WeakMemory, EveryWidthStillReadsItsOwnStores) {
  auto fn = probe<int()>("probe_all_widths");
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const RunResult r = run_spec(
        "random", seed,
        [&] {
          if (fn() != 0) Scheduler::fail("a wrong result");
        },
        weak());
    EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  }
}

}  // namespace
}  // namespace enginesim::sched::testing
