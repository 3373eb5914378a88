// test_sim_run.cpp - whole simulations of the reference fs engine under the
// scheduler: every thread accounted for, and a seed always gives the same run.
#include <unistd.h>

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "harness/model/linearizability.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_run.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

class SimRun : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "sim_run_" + std::to_string(::getpid()) + "_" + GetParam();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Each run gets an empty directory, so runs do not see each other's files.
  RunResult run(const std::string& spec, uint64_t seed, uint32_t conns, uint32_t ops,
                SimConfig cfg = {}) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    cfg.engine_path = FS_ENGINE_PATH;
    cfg.engine_config = "dir=" + dir_ + ";mode=" + GetParam();
    cfg.seed = seed;
    cfg.connections = conns;
    cfg.ops_per_connection = ops;
    return run_in_child([&] { return sim_run_spec(cfg, spec); });
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

// Every kind of operation (cas, flush and the itemless kinds included) over
// two keys: the recorded history is linearizable, and the file written is the
// history check-history reads, with every item operation and clock advance
// in it; an operation whose answer the client did not read (a disconnect
// follows) stays pending, and the itemless ones are not there.
TEST_P(SimRun, HistoriesOfEveryKindAreRecordedAndLinearizable) {
  SimConfig cfg;
  cfg.mix = all_op_kinds();
  cfg.keys = 2;
  cfg.time_advance_percent = 20;
  const std::string history =
      ::testing::TempDir() + "sim_history_" + std::to_string(::getpid()) + "_" + GetParam();
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    for (const char* spec : {"random", "pct:2:400"}) {
      cfg.history_path = history;
      const RunResult r = run(spec, seed, 3, 8, cfg);
      ASSERT_EQ(r.verdict, Verdict::ok) << spec << " seed " << seed << ": " << r.report;
      model::ParseError error;
      const auto h = model::read_history_file(history, &error);
      ASSERT_TRUE(h.has_value()) << error.describe();
      cfg.seed = seed;
      cfg.connections = 3;
      cfg.ops_per_connection = 8;
      const Workload w = make_workload(cfg);
      size_t item_ops = 0, unread = 0;
      for (const auto& ops : w.connections) {
        for (size_t i = 0; i < ops.size(); ++i) {
          if (model::is_itemless(ops[i].kind)) continue;
          ++item_ops;
          unread += i + 1 < ops.size() && ops[i + 1].kind == model::OpKind::disconnect;
        }
      }
      EXPECT_EQ(h->entries.size(), item_ops + w.advances_sec.size());
      size_t bad = 0;
      EXPECT_EQ(model::validate(*h, &bad), "");
      EXPECT_EQ(model::check_history(*h).verdict, model::Verdict::linearizable);
      size_t returned = 0;
      for (const auto& e : h->entries) returned += e.return_step.has_value();
      EXPECT_EQ(returned, h->entries.size() - unread);
    }
  }
  std::filesystem::remove(history);
}

// The prefix runs first, on a connection of its own, before any other call.
TEST_P(SimRun, ThePrefixRunsBeforeTheConnections) {
  auto w = std::make_shared<Workload>();
  const model::Operation set = model::ops::set("k0", "1");
  const model::Operation append = model::ops::append("k0", "1");
  const model::Operation get = model::ops::get("k0");
  w->prefix = {set, append};
  w->connections = {{get, append}, {get}};
  SimConfig cfg;
  cfg.workload = w;
  cfg.history_path =
      ::testing::TempDir() + "sim_prefix_" + std::to_string(::getpid()) + "_" + GetParam();
  const RunResult r = run("random", 3, 2, 0, cfg);
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  model::ParseError error;
  const auto h = model::read_history_file(cfg.history_path, &error);
  ASSERT_TRUE(h.has_value()) << error.describe();
  ASSERT_EQ(h->entries.size(), 5u);
  EXPECT_EQ(h->entries[0].conn, 3u);
  EXPECT_EQ(h->entries[1].conn, 3u);
  EXPECT_EQ(h->entries[1].result.status, ENGINE_SUCCESS);
  for (size_t i = 2; i < 5; ++i) {
    EXPECT_NE(h->entries[i].conn, 3u);
    EXPECT_GT(h->entries[i].call_step, *h->entries[1].return_step);
    if (h->entries[i].op.kind == model::OpKind::get) {
      EXPECT_EQ(h->entries[i].result.value.substr(0, 2), "11");  // the prefix's work
    }
  }
  std::filesystem::remove(cfg.history_path);
}

// docs/scheduler.md, "What a step is": the engine's thread may be preempted
// as it calls into the core and as it goes back to its own code, so each of
// its calls across SERVER_HANDLE_V1 is two steps of that thread.
TEST_P(SimRun, AnEngineCallIntoTheCoreIsAStepAsItBeginsAndAsItReturns) {
  const RunResult r = run("random", 3, 2, 6);
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  ASSERT_LT(r.events.size(), SchedOptions{}.trace_events_max) << "every step is in the trace";
  std::map<uint32_t, size_t> sapi_steps;  // by thread
  for (const TraceEvent& e : r.events) {
    if (e.op == Op::sapi) ++sapi_steps[e.thread];
  }
  ASSERT_FALSE(sapi_steps.empty()) << "the fs engine reads the core's clock on every store";
  for (const auto& [thread, n] : sapi_steps) {
    EXPECT_EQ(n % 2, 0u) << r.thread_names[thread]
                         << " has a call into the core without its return";
  }
}

INSTANTIATE_TEST_SUITE_P(FsModes, SimRun, ::testing::Values("sync", "async", "pool"));

}  // namespace
}  // namespace enginesim::sched
