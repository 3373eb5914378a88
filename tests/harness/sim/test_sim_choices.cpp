// test_sim_choices.cpp - the core's side of a simulation under the strategy:
// shared workers choose which connection acts (recorded core choices),
// every connection disconnects once, clock advances and each operation's
// result are in the trace, and a workload file runs as written.
#include <gtest/gtest.h>

#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

size_t count_notes(const RunResult& r, const std::string& needle) {
  size_t n = 0;
  for (const auto& e : r.events) n += e.op == Op::note && e.text.find(needle) != std::string::npos;
  return n;
}

TEST(SimChoices, SharedWorkersPickTheNextConnectionThroughTheStrategy) {
  SimConfig cfg;
  cfg.connections = 4;
  cfg.ops_per_connection = 6;
  cfg.workers = 2;
  cfg.seed = 5;
  TempDir dir;
  const RunResult r = run_in_child(fs_job(cfg, "async", dir.path(), "random"));
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  size_t core_choices = 0;
  for (const auto& c : r.choices) core_choices += c.kind == ChoiceKind::core;
  EXPECT_GT(core_choices, 0u);
  EXPECT_NE(std::find(r.thread_names.begin(), r.thread_names.end(), "worker 2"),
            r.thread_names.end());
  // Every connection disconnects at its end and at each `disconnect` of its
  // workload; every other operation's call and result is noted (4 x 6 of
  // them, less the reset_stats, which returns nothing).
  size_t disconnects = 0, silent = 0;
  for (const auto& ops : make_workload(cfg).connections) {
    for (const model::Operation& op : ops) {
      disconnects += op.kind == model::OpKind::disconnect;
      silent += op.kind == model::OpKind::disconnect || op.kind == model::OpKind::reset_stats;
    }
  }
  EXPECT_EQ(count_notes(r, ": disconnect"), 4u + disconnects);
  EXPECT_EQ(count_notes(r, " -> ENGINE_"), 24u - silent);
}

TEST(SimChoices, OneWorkerPerConnectionByDefault) {
  SimConfig cfg;
  cfg.connections = 3;
  cfg.ops_per_connection = 3;
  TempDir dir;
  const RunResult r = run_in_child(fs_job(cfg, "sync", dir.path(), "random"));
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  for (const char* name : {"conn 1 worker", "conn 2 worker", "conn 3 worker"}) {
    EXPECT_NE(std::find(r.thread_names.begin(), r.thread_names.end(), name), r.thread_names.end())
        << name;
  }
  for (const auto& c : r.choices) EXPECT_NE(c.kind, ChoiceKind::core);  // one connection each
}

TEST(SimChoices, AWorkloadFileRunsAsWrittenWithItsClockAdvances) {
  auto w = std::make_shared<Workload>();
  w->connections.resize(1);
  const model::Operation set = model::ops::set("k", "abc");
  const model::Operation get = model::ops::get("k");
  w->connections[0] = {set, get};
  w->advances_sec = {10, 20};
  SimConfig cfg;
  cfg.workload = w;
  TempDir dir;
  const RunResult r = run_in_child(fs_job(cfg, "async", dir.path(), "pct:2:100"));
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  EXPECT_EQ(count_notes(r, "conn 1: get k -> ENGINE_SUCCESS"), 1u);
  EXPECT_EQ(count_notes(r, "value=\"abc\""), 1u);
  EXPECT_EQ(count_notes(r, "clock: advance"), 2u);
  EXPECT_GE(r.end_time_ns, 30'000'000'000ull);
}

}  // namespace
}  // namespace enginesim::sched
