// test_sim_memory.cpp - a full cache, as memcached's default engine fills
// one: the period engine (written in that engine's manner) with a 2 MiB
// cache and 60 KB values. With eviction off it refuses stores with
// ENGINE_ENOMEM, which memcached passes on (complete_update_bin) and the
// model allows without --may-evict; with eviction on, items vanish, which
// the model allows only with --may-evict, and the failure without it says so.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_run.h"
#include "tests/harness/sim/sim_fixture.h"

namespace enginesim::sched {
namespace {

std::shared_ptr<Workload> filling_workload() {
  auto w = std::make_shared<Workload>();
  const std::string big(60000, 'x');
  for (int i = 0; i < 40; ++i) w->prefix.push_back(model::ops::set("k" + std::to_string(i), big));
  w->connections.resize(2);
  for (size_t c = 0; c < 2; ++c) {
    for (int i = 0; i < 6; ++i) {
      w->connections[c].push_back(model::ops::set("n" + std::to_string(c * 10 + i), big));
      w->connections[c].push_back(model::ops::get("k" + std::to_string(i)));
    }
  }
  return w;
}

RunResult run(bool eviction, bool may_evict, uint64_t seed) {
  SimConfig cfg;
  cfg.engine_path = PERIOD_ENGINE_PATH;
  cfg.engine_config = std::string("cache_size=2097152;eviction=") + (eviction ? "true" : "false");
  cfg.workload = filling_workload();
  cfg.seed = seed;
  cfg.may_evict = may_evict;
  return run_in_child([cfg] { return sim_run_spec(cfg, "random"); });
}

bool refused_a_store(const RunResult& r) {
  for (const TraceEvent& e : r.events) {
    if (e.op == Op::note && e.text.find("-> ENGINE_ENOMEM") != std::string::npos) return true;
  }
  return false;
}

TEST(SimMemory, AFullCacheThatRefusesStoresPassesWithoutMayEvict) {
  for (uint64_t seed : {1, 2, 3}) {
    const RunResult r = run(false, false, seed);
    EXPECT_EQ(r.verdict, Verdict::ok) << "seed " << seed << "\n" << r.report;
    EXPECT_TRUE(refused_a_store(r)) << "seed " << seed << ": the cache never filled";
  }
}

TEST(SimMemory, AnEvictingCacheNeedsMayEvictAndTheFailureSaysSo) {
  const RunResult without = run(true, false, 1);
  ASSERT_EQ(without.verdict, Verdict::failed) << without.report;
  EXPECT_NE(without.report.find("not linearizable"), std::string::npos) << without.report;
  EXPECT_NE(without.report.find("if yours evicts (as memcached's default engine does when its "
                                "cache is full), run with --may-evict"),
            std::string::npos)
      << without.report;
  for (uint64_t seed : {1, 2, 3}) {
    const RunResult with = run(true, true, seed);
    EXPECT_EQ(with.verdict, Verdict::ok) << "seed " << seed << "\n" << with.report;
  }
}

}  // namespace
}  // namespace enginesim::sched
