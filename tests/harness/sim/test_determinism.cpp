// test_determinism.cpp - 1,000 seeds of the async fs engine (a thread per
// request), each run twice in forked children: every pair has the same trace
// hash, and different seeds explore different schedules.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

#include "harness/sim/run_pool.h"
#include "tests/campaign.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

constexpr uint64_t kSeeds = 1000;

TEST(Determinism, AThousandSeedsOfFsAsyncRepeatTheirTraceHash) {
  ENGINESIM_CAMPAIGN();
  std::map<uint64_t, uint64_t> first;  // tag -> hash; tag = seed * 2 + round
  std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
  RunPool pool;
  uint64_t next = 0;
  size_t failures = 0;
  auto collect = [&] {
    auto [tag, r] = pool.wait_one();
    dirs.erase(tag);
    if (r.verdict != Verdict::ok && failures++ < 5) {
      ADD_FAILURE() << "seed " << tag / 2 << ": " << to_string(r.verdict) << " " << r.report;
    }
    first[tag] = r.trace_hash;
  };
  while (next < 2 * kSeeds) {
    if (pool.running() >= 2) collect();
    const uint64_t seed = 1 + next / 2;
    SimConfig cfg;
    cfg.seed = seed;
    cfg.connections = 2;
    cfg.ops_per_connection = 4;
    auto dir = std::make_unique<TempDir>();
    pool.start(next, fs_job(cfg, "async", dir->path(), seed % 2 ? "random" : "pct:2:300"));
    dirs[next++] = std::move(dir);
  }
  while (pool.running() > 0) collect();
  ASSERT_EQ(failures, 0u);
  std::set<uint64_t> distinct;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const uint64_t a = first[(seed - 1) * 2], b = first[(seed - 1) * 2 + 1];
    ASSERT_EQ(a, b) << "seed " << seed << " gave two different trace hashes";
    distinct.insert(a);
  }
  EXPECT_GT(distinct.size(), kSeeds * 9 / 10);
}

}  // namespace
}  // namespace enginesim::sched
