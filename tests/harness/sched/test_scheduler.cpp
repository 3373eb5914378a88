// test_scheduler.cpp - the scheduler controls a dlopen'ed module's threads:
// deadlocks with their cycle, timed-wait outcomes, virtual time, the
// watchdog, thread leaks, and determinism of trace hashes.
#include "harness/sched/replay_strategy.h"
#include "harness/tsan_annotations.h"
#include "tests/campaign.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

// A round of probe_snooze's task (lock, wait, time jump, wake) takes a few
// scheduling points (about 4 today); this bounds them with room to spare.
constexpr uint64_t kStepsPerRoundMax = 8;

TEST(Scheduler, RunsAProbeToCompletion) {
  auto fn = probe<long(int, int)>("probe_lost_update");
  const RunResult r = run_spec("random", 1, [&] {
    if (fn(1, 1) != 1) Scheduler::fail("one increment did not count once");
  });
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  EXPECT_GT(r.steps, 10u);
  EXPECT_GE(r.thread_names.size(), 3u);  // root, one worker, one engine thread
}

TEST(Scheduler, ReportsADeadlockWithItsWaitForCycle) {
  auto fn = probe<int()>("probe_deadlock");
  int deadlocks = 0;
  for (uint64_t seed = 1; seed <= 50 && deadlocks == 0; ++seed) {
    const RunResult r = run_spec("random", seed, [&] { fn(); });
    // A schedule that got through took the two locks in both orders: the
    // lock-order check reports it (test_lock_order.cpp); only a real
    // deadlock is this test's.
    if (r.verdict == Verdict::lock_order) continue;
    ASSERT_EQ(r.verdict, Verdict::deadlock) << r.report;
    EXPECT_NE(r.report.find("wait-for cycle"), std::string::npos) << r.report;
    EXPECT_NE(r.report.find("held by thread"), std::string::npos) << r.report;
    EXPECT_NE(r.report.find("joins thread"), std::string::npos) << r.report;
    ++deadlocks;
  }
  EXPECT_EQ(deadlocks, 1) << "50 random seeds never deadlocked";
}

TEST(Scheduler, TimedWaitEndsBySignalTimeoutOrSpuriously) {
  auto fn = probe<int()>("probe_timed_wait");
  auto total = [&](bool spurious, uint64_t seeds) {
    SchedOptions options;
    options.spurious_wakeups = spurious;
    WaitStats sum;
    for (uint64_t seed = 1; seed <= seeds; ++seed) {
      const RunResult r = run_spec(
          "random", seed,
          [&] {
            const int outcome = fn();
            if (!spurious && outcome == 2) Scheduler::fail("spurious wake-up while off");
          },
          options);
      EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
      EXPECT_EQ(r.waits.signalled + r.waits.timed_out + r.waits.spurious, 1u);
      sum.signalled += r.waits.signalled;
      sum.timed_out += r.waits.timed_out;
      sum.spurious += r.waits.spurious;
    }
    return sum;
  };
  const WaitStats off = total(false, 60);
  EXPECT_GT(off.signalled, 0u) << "never signalled";
  EXPECT_GT(off.timed_out, 0u) << "never timed out";
  EXPECT_EQ(off.spurious, 0u) << "spurious wake-ups are off by default";
  EXPECT_GT(total(true, 30).spurious, 0u) << "never woke spuriously";
}

TEST(Scheduler, AnHourlyTaskRunsManyTimesInVirtualTime) {
  // 200.5 hours of sleep: one round at start and one per hour, each ended by
  // a jump of virtual time, and a bounded number of steps per round. Real
  // sleeping would be an uncontrolled thread (the watchdog's verdict), a
  // wait that does not advance the clock a loop of rounds past 201 or the
  // step limit.
  auto fn = probe<long(int)>("probe_snooze");
  long rounds = 0;
  const RunResult r = run_spec("random", 7, [&] {
    rounds = fn(200);
    if (rounds != 201) Scheduler::fail("the hourly task ran " + std::to_string(rounds) + " times");
  });
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  constexpr uint64_t kHourNs = 3600ull * 1'000'000'000ull;
  EXPECT_EQ(r.end_time_ns, 200 * kHourNs + kHourNs / 2);
  EXPECT_GE(r.waits.time_jumps, 200u);
  EXPECT_LE(r.waits.time_jumps, 202u);
  EXPECT_LE(r.steps, 201u * kStepsPerRoundMax) << r.steps << " steps";
}

TEST(Scheduler, ASpinOnAnAtomicIsReportedAsUncontrolled) {
  if (enginesim::tsan_present()) {
    GTEST_SKIP() << "under ThreadSanitizer: the watchdog's verdict copies the run's result "
                    "while the spinning thread still lives, ordered by the scheduler's "
                    "protocol (no write after the run ended), not by a sync TSan sees "
                    "(docs/tsan.md)";
  }
  auto fn = probe<int()>("probe_spin");
  SchedOptions options;
  options.uncontrolled_ms = 300;
  // The setter must not run first: pick the root whenever it can run.
  const RunResult r = run_with(
      [] { return std::make_unique<ReplayStrategy>(ChoiceLog{}, ReplayStrategy::Mode::prefix); },
      [&] { fn(); }, options);
  ASSERT_EQ(r.verdict, Verdict::uncontrolled) << r.report;
  EXPECT_NE(r.report.find("thread 0 'main'"), std::string::npos) << r.report;
}

// From the run's body: a thread blocked on a condition nobody signals, and
// a sleep that lets it get there.
void start_a_thread_that_waits_forever() {
  pthread_t t;
  pthread_create(
      &t, nullptr,
      [](void*) -> void* {
        pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
        pthread_cond_t c = PTHREAD_COND_INITIALIZER;
        pthread_mutex_lock(&m);
        pthread_cond_wait(&c, &m);  // forever
        return nullptr;
      },
      nullptr);
  sleep(1);
}

TEST(Scheduler, ABodyReturningWhileThreadsLiveIsAThreadLeak) {
  const RunResult r = run_spec("random", 3, [] { start_a_thread_that_waits_forever(); });
  ASSERT_EQ(r.verdict, Verdict::thread_leak) << r.report;
  EXPECT_NE(r.report.find("waits on cond#"), std::string::npos) << r.report;
}

// memcached exits right after destroy: with threads_may_outlive the body's
// return ends the run ok and the thread stays parked, and the body saw it
// alive, with where it waits, through other_live_threads.
TEST(Scheduler, ThreadsMayOutliveTheBodyWhenAllowedAndStayParked) {
  const RunResult r = run_in_child([&] {
    PlainTime time;
    std::string error;
    auto strategy = make_strategy("random", 3, &error);
    SchedOptions options;
    options.threads_may_outlive = true;
    Scheduler scheduler(*strategy, time, options);
    RunResult result = scheduler.run([] {
      start_a_thread_that_waits_forever();
      const auto live = Scheduler::other_live_threads(false);
      const std::set<pid_t> tids = Scheduler::controlled_tids();
      if (live.size() != 1 || live[0].second.find("waits on cond#") == std::string::npos ||
          tids.count(live[0].first) == 0 || tids.size() != 2) {
        Scheduler::fail("other_live_threads: " + std::to_string(live.size()) +
                        " thread(s): " + (live.empty() ? std::string() : live[0].second));
      }
    });
    if (result.ok() && !scheduler.left_threads_parked()) {
      result.verdict = Verdict::failed;
      result.report = "left_threads_parked() is false";
    }
    return result;
  });
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

// An engine may destroy a lock its own thread is about to take: memcached
// 2010's default engine destroys and frees its cache lock in destroy while
// its scrubber thread still locks it. The scheduler kept no model for the
// waiter, which then wrote through a dangling pointer (into the next
// mutex's model) and the report of live threads read it. Over many seeds
// the destroy falls at every point of the locker's loop.
pthread_mutex_t g_doomed = PTHREAD_MUTEX_INITIALIZER;

TEST(Scheduler, AMutexDestroyedWhileAThreadWaitsForItStaysModelled) {
  SchedOptions options;
  options.threads_may_outlive = true;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const RunResult r = run_spec(
        "random", seed,
        [] {
          pthread_t t;
          pthread_create(
              &t, nullptr,
              [](void*) -> void* {
                for (;;) {
                  pthread_mutex_lock(&g_doomed);
                  pthread_mutex_unlock(&g_doomed);
                }
              },
              nullptr);
          for (int i = 0; i < 3; ++i) sched_yield();
          pthread_mutex_destroy(&g_doomed);
          pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
          for (int i = 0; i < 20; ++i) {
            if (pthread_mutex_lock(&fresh) != 0) Scheduler::fail("lock of a fresh mutex failed");
            sched_yield();
            pthread_mutex_unlock(&fresh);
          }
          const auto live = Scheduler::other_live_threads(false);
          if (live.size() != 1 || (live[0].second.find("waits for mutex#") == std::string::npos &&
                                   live[0].second.find("can run") == std::string::npos)) {
            Scheduler::fail("the locker: " + (live.empty() ? std::string("gone") : live[0].second));
          }
        },
        options);
    ASSERT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
  }
}

// POSIX: "A condition variable can be destroyed immediately after all the
// threads that are blocked on it are awakened" (pthread_cond_destroy's
// rationale). The woken waiter is still inside pthread_cond_wait, waiting
// for the mutex; the scheduler erased the condition's model under it, and
// the waiter then read the freed model: the ASan suite reports that use
// after free (valgrind shows it too); the default build passes by luck.
struct Completion {
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
  bool done = false;
};
Completion g_completion;

TEST(Scheduler, AConditionDestroyedRightAfterItsBroadcastStaysModelledForItsWaiters) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const RunResult r = run_spec("random", seed, [] {
      g_completion = Completion{};
      pthread_t t;
      pthread_create(
          &t, nullptr,
          [](void*) -> void* {
            pthread_mutex_lock(&g_completion.lock);
            while (!g_completion.done)
              pthread_cond_wait(&g_completion.done_cond, &g_completion.lock);
            pthread_mutex_unlock(&g_completion.lock);
            return nullptr;
          },
          nullptr);
      sched_yield();
      pthread_mutex_lock(&g_completion.lock);
      g_completion.done = true;
      pthread_cond_broadcast(&g_completion.done_cond);
      pthread_mutex_unlock(&g_completion.lock);
      pthread_cond_destroy(&g_completion.done_cond);
      // A new condition's model, in the memory the old one's may have had.
      pthread_cond_t other = PTHREAD_COND_INITIALIZER;
      pthread_mutex_lock(&g_completion.lock);
      pthread_cond_broadcast(&other);
      pthread_mutex_unlock(&g_completion.lock);
      pthread_join(t, nullptr);
    });
    ASSERT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
  }
}

TEST(Scheduler, AStepLimitEndsALivelock) {
  SchedOptions options;
  options.steps_max = 500;
  const RunResult r = run_spec(
      "random", 1,
      [] {
        for (;;) sched_yield();
      },
      options);
  EXPECT_EQ(r.verdict, Verdict::step_limit) << r.report;
  EXPECT_EQ(r.steps, 500u);
}

TEST(Scheduler, ControlledClocksReadVirtualTime) {
  const RunResult r = run_spec("random", 1, [] {
    timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    sleep(5);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (b.tv_sec - a.tv_sec != 5 || b.tv_nsec != a.tv_nsec) Scheduler::fail("sleep(5) != 5 s");
    if (time(nullptr) != 1'700'000'005) Scheduler::fail("time() is not virtual");
  });
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
}

TEST(Scheduler, SameSeedSameTraceHashOverAThousandSeeds) {
  ENGINESIM_CAMPAIGN();
  auto fn = probe<long(int, int)>("probe_lost_update");
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    auto body = [&] { fn(3, 2); };
    const RunResult a = run_spec("random", seed, body);
    const RunResult b = run_spec("random", seed, body);
    ASSERT_NE(a.verdict, Verdict::died) << a.report;
    ASSERT_EQ(a.trace_hash, b.trace_hash) << "seed " << seed;
    ASSERT_EQ(a.choices, b.choices) << "seed " << seed;
  }
}

}  // namespace
}  // namespace enginesim::sched::testing
