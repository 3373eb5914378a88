// test_sim_run.cpp - whole simulations of the reference fs engine under the
// scheduler: every thread accounted for, and a seed always gives the same run.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "harness/sched/isolated_run.h"
#include "harness/sched/sim_run.h"

namespace enginesim::sched {
namespace {

class SimRun : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "sim_run_" + std::to_string(::getpid()) + "_" + GetParam();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Each run gets an empty directory, so runs do not see each other's files.
  RunResult run(const std::string& spec, uint64_t seed, uint32_t conns, uint32_t ops) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    SimConfig cfg;
    cfg.engine_path = FS_ENGINE_PATH;
    cfg.engine_config = "dir=" + dir_ + ";mode=" + GetParam();
    cfg.seed = seed;
    cfg.connections = conns;
    cfg.ops_per_connection = ops;
    return run_isolated([&] {
      std::string error;
      auto strategy = make_strategy(spec, seed, &error);
      if (!strategy) {
        RunResult r;
        r.verdict = Verdict::failed;
        r.report = error;
        return r;
      }
      return sim_run(cfg, *strategy);
    });
  }

  std::string dir_;
};

TEST_P(SimRun, SeedsRunCleanAndRepeatTheirTraceHash) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    for (const char* spec : {"random", "pct:2:400"}) {
      const RunResult a = run(spec, seed, 3, 10);
      ASSERT_EQ(a.verdict, Verdict::ok) << spec << " seed " << seed << ": " << a.report;
      const RunResult b = run(spec, seed, 3, 10);
      ASSERT_EQ(a.trace_hash, b.trace_hash) << spec << " seed " << seed;
      EXPECT_GE(a.thread_names.size(), 4u);  // core main + 3 workers (+ engine threads)
    }
  }
}

TEST_P(SimRun, DifferentSeedsExploreDifferentSchedules) {
  std::set<uint64_t> hashes;
  for (uint64_t seed = 1; seed <= 10; ++seed) hashes.insert(run("random", seed, 2, 5).trace_hash);
  EXPECT_GT(hashes.size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(FsModes, SimRun, ::testing::Values("sync", "async", "pool"));

}  // namespace
}  // namespace enginesim::sched
