// test_ep_sim.cpp - the ep engine (executor pool, flusher, bg fetcher,
// pagers, compaction, warmup: every worker thread controlled) under the
// scheduler: seeds pass and repeat their trace hash; with I/O faults it never
// crashes, never answers a value nobody stored, keeps serving, and a faulted
// run replays bit for bit. (Its mutants: test_ep_mutants.cpp.)
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "harness/sim/run_pool.h"
#include "tests/harness/sim/ep_sim_fixture.h"

namespace enginesim::sched {
namespace {

// Runs seeds 1..n twice each, two at a time; returns seed -> result of the
// first round and checks the second repeats its hash.
std::map<uint64_t, RunResult> run_seeds(uint64_t n, Faults faults) {
  std::map<uint64_t, RunResult> first;
  std::map<uint64_t, uint64_t> second;
  std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
  RunPool pool;
  auto collect = [&] {
    auto [tag, r] = pool.wait_one();
    dirs.erase(tag);
    if (tag % 2 == 0)
      first[tag / 2] = std::move(r);
    else
      second[tag / 2] = r.trace_hash;
  };
  for (uint64_t tag = 2; tag < 2 * (n + 1); ++tag) {
    if (pool.running() >= 2) collect();
    const uint64_t seed = tag / 2;
    auto dir = std::make_unique<TempDir>();
    pool.start(tag, ep_job(ep_config(seed, faults), dir->path(), spec_for(seed)));
    dirs[tag] = std::move(dir);
  }
  while (pool.running() > 0) collect();
  for (const auto& [seed, r] : first) {
    EXPECT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << to_string(r.verdict) << "\n"
                                      << r.report;
    EXPECT_EQ(r.trace_hash, second[seed]) << "seed " << seed << " did not repeat its trace hash";
  }
  return first;
}

TEST(EpSim, FiftySeedsPassAndRepeatTheirTraceHash) {
  const auto results = run_seeds(50, {});
  ASSERT_EQ(results.size(), 50u);
  // Every ep task thread is controlled: more threads than core main + workers.
  EXPECT_GT(results.at(1).thread_names.size(), 4u);
  for (const auto& [seed, r] : results) {
    for (const ChoiceRecord& c : r.choices) {
      EXPECT_NE(c.kind, ChoiceKind::fault) << "seed " << seed << ": a fault choice without faults";
    }
  }
}

TEST(EpSim, SurvivesIoFaultsAndEveryFaultedSeedRepeats) {
  const auto results = run_seeds(40, {.io = true});
  uint64_t fault_choices = 0, faults_taken = 0;
  for (const auto& [seed, r] : results) {
    for (const ChoiceRecord& c : r.choices) {
      if (c.kind != ChoiceKind::fault) continue;
      ++fault_choices;
      if (c.picked != 0) ++faults_taken;
    }
  }
  // The profile's few percent over hundreds of I/O calls: faults did happen.
  EXPECT_GT(fault_choices, 100u);
  EXPECT_GT(faults_taken, 5u);
}

TEST(EpSim, ReplayOfAFaultedRunRepeatsItsTraceHash) {
  // The first seed whose run injected a fault, replayed from its choices.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    TempDir dir;
    const RunResult r = run_in_child(ep_job(ep_config(seed, {.io = true}), dir.path(), "random"));
    ASSERT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
    bool faulted = false;
    for (const ChoiceRecord& c : r.choices) faulted |= c.kind == ChoiceKind::fault && c.picked != 0;
    if (!faulted) continue;
    TempDir again;
    const RunResult replayed =
        run_in_child(ep_job(ep_config(seed, {.io = true}), again.path(), "random", r.choices));
    EXPECT_EQ(replayed.verdict, Verdict::ok) << replayed.report;
    EXPECT_EQ(replayed.trace_hash, r.trace_hash);
    return;
  }
  FAIL() << "no seed in 1..20 injected a fault";
}

TEST(EpSim, CrashRestartSeedsKeepEveryPersistedMutationAndRepeat) {
  const auto results = run_seeds(40, {.crash = true});
  size_t crashed = 0, durable_keys_checked = 0;
  for (const auto& [seed, r] : results) {
    (void)seed;
    for (const TraceEvent& e : r.events) {
      if (e.text.rfind("crash after ", 0) == 0) ++crashed;
      if (e.text.rfind("restart: get ", 0) == 0) ++durable_keys_checked;
    }
  }
  EXPECT_EQ(crashed, results.size()) << "every run crashes and restarts the engine";
  // The persistence signal was there to check in many runs.
  EXPECT_GT(durable_keys_checked, results.size());
}

TEST(EpSim, CrashAndIoFaultsTogetherPassAndReplay) {
  const auto results = run_seeds(40, {.io = true, .crash = true});
  const RunResult& r = results.at(7);
  TempDir dir;
  const RunResult replayed = run_in_child(
      ep_job(ep_config(7, {.io = true, .crash = true}), dir.path(), spec_for(7), r.choices));
  EXPECT_EQ(replayed.verdict, Verdict::ok) << replayed.report;
  EXPECT_EQ(replayed.trace_hash, r.trace_hash);
}

}  // namespace
}  // namespace enginesim::sched
