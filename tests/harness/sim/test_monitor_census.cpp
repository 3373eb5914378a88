// test_monitor_census.cpp - the contract monitor's thread census after
// destroy, run under the scheduler: a joined thread that the kernel has not
// reaped yet is waited for in wall time, never with scheduling points, so
// how fast the kernel reaps it cannot change the trace (a 1-in-2,000 flake
// of the determinism test once came from exactly that).
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "fakes/core.h"
#include "harness/loader.h"
#include "harness/monitor/monitor.h"
#include "harness/sched/real_functions.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched {
namespace {

// An uncontrolled thread that stays in /proc/self/task for `ms` of wall time.
void* linger(void* ms) {
  const auto n = reinterpret_cast<uintptr_t>(ms);
  timespec ts{0, static_cast<long>(n) * 1'000'000L};
  ::syscall(SYS_nanosleep, &ts, nullptr);
  return nullptr;
}

TEST(MonitorCensus, WaitsForExitingThreadsWithoutSchedulingPoints) {
  const std::string dir = ::testing::TempDir() + "census_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const RunResult r = run_in_child([&] {
    PlainTime time;
    std::string error;
    auto strategy = make_strategy("random", 1, &error);
    Scheduler scheduler(*strategy, time);
    return scheduler.run([&] {
      Core core;
      ContractMonitor monitor(core);
      LoadOptions load;
      load.wrap = monitor.wrapper();
      load.config = "dir=" + dir + ";mode=sync";
      LoadError load_error;
      auto engine = load_engine(FS_ENGINE_PATH, core, load, &load_error);
      if (!engine) Scheduler::fail("load: " + load_error.message);
      // Started behind the scheduler's back, like a thread that destroy has
      // joined but the kernel still lists for a moment.
      pthread_t t;
      if (real().pthread_create(&t, nullptr, &linger, reinterpret_cast<void*>(uintptr_t{50})) !=
          0) {
        Scheduler::fail("pthread_create");
      }
      engine->destroy();
      real().pthread_join(t, nullptr);
      monitor.finish();
      if (!monitor.clean())
        Scheduler::fail("monitor: " + std::string(monitor.violations()[0].rule) + ": " +
                        monitor.violations()[0].message);
    });
  });
  std::filesystem::remove_all(dir);
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  for (const TraceEvent& e : r.events) {
    EXPECT_NE(e.op, Op::sleep) << "step " << e.step << ": the census slept under control";
    EXPECT_NE(e.op, Op::time_jump) << "step " << e.step << ": virtual time jumped";
  }
  EXPECT_EQ(r.end_time_ns, 0u);
}

}  // namespace
}  // namespace enginesim::sched
