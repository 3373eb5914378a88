// test_sim_choices.cpp - the core's side of a simulation under the strategy:
// a shared worker serves its other connections while one waits,
// every connection disconnects once, clock advances and each operation's
// result are in the trace, and a workload file runs as written.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "harness/model/history.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

size_t count_notes(const RunResult& r, const std::string& needle) {
  size_t n = 0;
  for (const auto& e : r.events) n += e.op == Op::note && e.text.find(needle) != std::string::npos;
  return n;
}

// 4 connections on 2 workers: connections 1 and 3 share worker 1, 2 and 4
// worker 2. The fs engine in async mode answers every operation
// EWOULDBLOCK first, from a thread of its own.
SimConfig shared_worker_config(uint64_t seed) {
  SimConfig cfg;
  cfg.connections = 4;
  cfg.ops_per_connection = 6;
  cfg.workers = 2;
  cfg.seed = seed;
  return cfg;
}

TEST(SimChoices, SharedWorkersRunEachConnectionOnAThreadOfItsOwnUnderTheWorkersName) {
  const SimConfig cfg = shared_worker_config(5);
  TempDir dir;
  const RunResult r = run_in_child(fs_job(cfg, "async", dir.path(), "random"));
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  for (const char* name :
       {"conn 1 on worker 1", "conn 2 on worker 2", "conn 3 on worker 1", "conn 4 on worker 2"}) {
    EXPECT_NE(std::find(r.thread_names.begin(), r.thread_names.end(), name), r.thread_names.end())
        << name;
  }
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

// A command's engine calls run under the worker's lock (fakes/worker_lock.h).
// Taking it while free is no step (the worker's choice just before offers
// the same interleavings); letting it go is one, so a notify waiting for it
// can run there. One connection of gets on the sync fs engine: some mutex
// the worker lets go once per get and never takes as a step.
TEST(SimChoices, AFreeWorkerLockIsTakenWithoutAStepAndLetGoWithOne) {
  SimConfig cfg;
  cfg.connections = 1;
  cfg.ops_per_connection = 5;
  cfg.seed = 1;
  std::string error;
  ASSERT_TRUE(parse_op_mix("get", &cfg.mix, &error)) << error;
  TempDir dir;
  const RunResult r = run_in_child(fs_job(cfg, "sync", dir.path(), "random"));
  ASSERT_EQ(r.verdict, Verdict::ok) << r.report;
  const auto named = std::find(r.thread_names.begin(), r.thread_names.end(), "conn 1 worker");
  ASSERT_NE(named, r.thread_names.end());
  const auto worker = static_cast<uint32_t>(named - r.thread_names.begin());
  std::map<uint32_t, size_t> taken, let_go;
  for (const TraceEvent& e : r.events) {
    if (e.thread != worker) continue;
    if (e.op == Op::lock) ++taken[e.object];
    if (e.op == Op::unlock) ++let_go[e.object];
  }
  const size_t gets = count_notes(r, " -> ENGINE_");
  ASSERT_GT(gets, 0u);
  EXPECT_TRUE(std::any_of(let_go.begin(), let_go.end(), [&](const auto& m) {
    return m.second == gets && taken[m.first] == 0;
  })) << "no mutex let go once per get and never taken as a step";
}

// memcached's worker stops driving a connection whose call returned
// EWOULDBLOCK and serves its other connections until the notify
// (conn_nread's event_del, memcached.c@82fb476): two operations of one
// worker's connections overlap only while one of them waits; with the
// worker held through the wait (as before) they never overlap.
TEST(SimChoices, ASharedWorkerServesItsOtherConnectionsWhileOneWaitsForItsNotify) {
  size_t overlaps = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SimConfig cfg = shared_worker_config(seed);
    TempDir dir;
    cfg.history_path = dir.path() + "/history";
    const RunResult r = run_in_child(fs_job(cfg, "async", dir.path(), "random"));
    ASSERT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
    model::ParseError error;
    const auto h = model::read_history_file(cfg.history_path, &error);
    ASSERT_TRUE(h.has_value()) << error.message;
    for (const model::HistoryEntry& a : h->entries) {
      for (const model::HistoryEntry& b : h->entries) {
        const bool same_worker = a.conn != b.conn && a.conn % 2 == b.conn % 2 && a.conn != 0 &&
                                 b.conn != 0 && a.conn <= 4 && b.conn <= 4;
        if (!same_worker || !a.return_step || !b.return_step) continue;
        if (a.call_step < b.call_step && b.call_step < *a.return_step) ++overlaps;
      }
    }
  }
  EXPECT_GT(overlaps, 0u);
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
