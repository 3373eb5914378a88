// test_strategies.cpp - PCT finds a depth-2 race and its recording replays to
// the same failure; DFS exhausts small scenarios and counts their schedules.
#include <set>

#include "harness/sched/choice_list_strategy.h"
#include "harness/sched/dfs_explorer.h"
#include "harness/sched/pct_strategy.h"
#include "harness/sched/replay_strategy.h"
#include "tests/campaign.h"
#include "tests/harness/sched/probe.h"

namespace enginesim::sched::testing {
namespace {

// Two workers each ask two engine threads for an increment and wait for the
// notify; an increment is lost only if one engine thread reads the counter
// between the other's read and write.
std::function<void()> lost_update_body() {
  auto fn = probe<long(int, int)>("probe_lost_update");
  return [fn] {
    const long counter = fn(2, 2);
    if (counter != 2) Scheduler::fail("lost update: counter " + std::to_string(counter));
  };
}

// PCT's k: the length of the run without preemptions (which passes).
uint64_t steps_of_a_plain_run(const std::function<void()>& body) {
  const RunResult r = run_with(
      [] { return std::make_unique<ReplayStrategy>(ChoiceLog{}, ReplayStrategy::Mode::prefix); },
      body);
  EXPECT_EQ(r.verdict, Verdict::ok) << r.report;
  return r.steps;
}

TEST(Pct, FindsTheDepthTwoRaceAndItsRecordingReplays) {
  const auto body = lost_update_body();
  const uint64_t k = steps_of_a_plain_run(body);
  std::printf("pct k = %llu steps\n", static_cast<unsigned long long>(k));
  const std::string spec = "pct:2:" + std::to_string(k);
  RunResult found;
  uint64_t seed = 1;
  for (; seed <= 2000; ++seed) {
    found = run_spec(spec, seed, body);
    ASSERT_NE(found.verdict, Verdict::died) << found.report;
    if (found.verdict == Verdict::failed) break;
  }
  std::printf("pct:2 found the lost update at seed %llu\n", static_cast<unsigned long long>(seed));
  ASSERT_EQ(found.verdict, Verdict::failed) << "pct:2 missed the race in 2000 seeds";
  EXPECT_NE(found.report.find("lost update"), std::string::npos);
  // The same seed again, and the recorded choices, give the same run.
  const RunResult again = run_spec(spec, seed, body);
  EXPECT_EQ(again.trace_hash, found.trace_hash);
  const RunResult replayed = run_with(
      [&] { return std::make_unique<ReplayStrategy>(found.choices, ReplayStrategy::Mode::replay); },
      body);
  EXPECT_EQ(replayed.verdict, Verdict::failed) << replayed.report;
  EXPECT_EQ(replayed.report, found.report);
  EXPECT_EQ(replayed.trace_hash, found.trace_hash);
}

TEST(Pct, ChangePointsAreDistinctAndWithinTheEstimate) {
  PctStrategy pct(99, 4, 10);
  ASSERT_EQ(pct.change_points().size(), 3u);
  std::set<uint64_t> distinct(pct.change_points().begin(), pct.change_points().end());
  EXPECT_EQ(distinct.size(), 3u);
  for (uint64_t step : distinct) {
    EXPECT_GE(step, 1u);
    EXPECT_LE(step, 10u);
  }
}

TEST(Replay, AScheduleForAnotherProgramIsADivergence) {
  const ChoiceLog wrong = {{ChoiceKind::wake, false, 7, 3}};
  const RunResult r = run_with(
      [&] { return std::make_unique<ReplayStrategy>(wrong, ReplayStrategy::Mode::replay); },
      lost_update_body());
  EXPECT_EQ(r.verdict, Verdict::diverged);
  EXPECT_NE(r.report.find("choice #1"), std::string::npos) << r.report;
}

struct Exploration {
  uint64_t runs = 0;
  bool exhausted = false;
  std::set<uint64_t> hashes;
  std::set<Verdict> verdicts;
};

enum class AtFailure { go_on, stop };

Exploration explore(uint32_t preemptions, const std::function<void()>& body,
                    uint64_t runs_max = 5000, AtFailure at_failure = AtFailure::go_on) {
  DfsExplorer dfs(preemptions);
  Exploration out;
  while (out.runs < runs_max) {
    std::unique_ptr<Strategy> next = dfs.next_run();
    if (!next) break;
    // The child (a fork) takes the strategy; the parent's copy is untouched.
    const RunResult r = run_with([&] { return std::move(next); }, body);
    EXPECT_NE(r.verdict, Verdict::died) << r.report;
    EXPECT_NE(r.verdict, Verdict::diverged) << r.report;
    dfs.finish_run(r.choices);
    out.hashes.insert(r.trace_hash);
    out.verdicts.insert(r.verdict);
    ++out.runs;
    if (at_failure == AtFailure::stop && r.verdict == Verdict::failed) break;
  }
  out.exhausted = dfs.exhausted();
  return out;
}

TEST(Dfs, ExhaustsASmallScenarioAndCountsItsSchedules) {
  auto fn = probe<long()>("probe_two_lockers");
  auto body = [fn] { fn(); };
  const Exploration b0 = explore(0, body), b1 = explore(1, body), b2 = explore(2, body);
  for (const Exploration* e : {&b0, &b1, &b2}) {
    EXPECT_TRUE(e->exhausted);
    EXPECT_EQ(e->hashes.size(), e->runs) << "every schedule is distinct";
    EXPECT_EQ(e->verdicts, std::set<Verdict>{Verdict::ok});
  }
  EXPECT_LT(b0.runs, b1.runs);
  EXPECT_LT(b1.runs, b2.runs);
  EXPECT_EQ(explore(1, body).runs, b1.runs) << "the count is deterministic";
  std::printf("dfs schedules of probe_two_lockers: B=0 %llu, B=1 %llu, B=2 %llu\n",
              static_cast<unsigned long long>(b0.runs), static_cast<unsigned long long>(b1.runs),
              static_cast<unsigned long long>(b2.runs));
}

TEST(Dfs, OnePreemptionFindsTheLostUpdate) {
  ENGINESIM_CAMPAIGN();
  const Exploration e = explore(1, lost_update_body(), 3000, AtFailure::stop);
  EXPECT_TRUE(e.verdicts.count(Verdict::failed)) << "runs: " << e.runs;
  std::printf("dfs B=1 found the lost update in run %llu\n",
              static_cast<unsigned long long>(e.runs));
}

}  // namespace
}  // namespace enginesim::sched::testing

namespace enginesim::sched {
namespace {

// The property tests' strategy: decision i takes list[i mod size] mod count;
// an empty list never preempts.
TEST(ChoiceList, UsesTheListCyclicallyModuloTheOptions) {
  ChoiceListStrategy strategy({1, 5, 0});
  const ChoiceContext ctx;
  std::vector<uint32_t> picked;
  for (uint32_t count : {2u, 3u, 4u, 2u, 3u, 4u, 7u}) picked.push_back(strategy.choose(ctx, count));
  EXPECT_EQ(picked, (std::vector<uint32_t>{1, 2, 0, 1, 2, 0, 1}));
  ChoiceListStrategy none({});
  for (uint32_t count = 2; count < 6; ++count) EXPECT_EQ(none.choose(ctx, count), 0u);
  EXPECT_EQ(none.spec(), "choices");
}

}  // namespace
}  // namespace enginesim::sched
