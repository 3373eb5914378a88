// test_workload_shape.cpp - swarm testing's per-seed shapes: a pure function
// of the seed, within their ranges, explicit dimensions kept without moving
// the others, and the generator honouring the shape's expiring stores.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "harness/sim/workload_shape.h"

namespace enginesim::sched {
namespace {

bool creates(model::OpKind k) {
  return k == model::OpKind::set || k == model::OpKind::add || k == model::OpKind::cas;
}

TEST(WorkloadShape, EachSeedDrawsItsOwnShapeWithinTheRanges) {
  std::set<std::string> seen;
  uint32_t one_key = 0, with_cas = 0, with_flush = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    const WorkloadShape s = draw_shape(seed, {}, {});
    EXPECT_EQ(draw_shape(seed, {}, {}), s) << "seed " << seed;
    EXPECT_GE(s.connections, 2u);
    EXPECT_LE(s.connections, 4u);
    EXPECT_GE(s.ops, 3u);
    EXPECT_LE(s.ops, 16u);
    EXPECT_GE(s.keys, 1u);
    EXPECT_LE(s.keys, 8u);
    EXPECT_LE(s.advance_percent, 40u);
    EXPECT_LT(s.workers, s.connections);
    ASSERT_FALSE(s.mix.empty());
    EXPECT_TRUE(std::any_of(s.mix.begin(), s.mix.end(), creates)) << describe_shape(s);
    one_key += s.keys == 1;
    with_cas += std::count(s.mix.begin(), s.mix.end(), model::OpKind::cas) > 0;
    with_flush += std::count(s.mix.begin(), s.mix.end(), model::OpKind::flush) > 0;
    seen.insert(describe_shape(s));
  }
  EXPECT_EQ(seen.size(), 400u);  // no two seeds alike
  // One key in about 3 of 8 seeds; cas and flush in about half.
  EXPECT_GT(one_key, 100u);
  EXPECT_GT(with_cas, 150u);
  EXPECT_GT(with_flush, 150u);
}

TEST(WorkloadShape, AnExplicitDimensionStaysAndTheOthersDoNotMove) {
  WorkloadShape given;
  given.keys = 7;
  given.mix = {model::OpKind::get, model::OpKind::cas};
  ShapeFixed fixed;
  fixed.keys = true;
  fixed.mix = true;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const WorkloadShape free = draw_shape(seed, given, {});
    WorkloadShape kept = draw_shape(seed, given, fixed);
    EXPECT_EQ(kept.keys, 7u);
    EXPECT_EQ(kept.mix, given.mix);
    kept.keys = free.keys;
    kept.mix = free.mix;
    EXPECT_EQ(kept, free) << "seed " << seed;
  }
}

TEST(WorkloadShape, TheGeneratorTakesTheShape) {
  SimConfig cfg;
  cfg.seed = 9;
  apply_shape(draw_shape(9, {}, {}), &cfg);
  EXPECT_EQ(shape_of(cfg), draw_shape(9, {}, {}));
  const auto stores_expiring = [&](uint32_t one_in, size_t* stores) {
    cfg.expire_one_in = one_in;
    cfg.mix = {model::OpKind::set};
    const Workload w = make_workload(cfg);
    size_t n = 0;
    *stores = 0;
    for (const auto& conn : w.connections) {
      for (const model::Operation& op : conn) {
        ++*stores;
        n += op.exptime != 0;
      }
    }
    return n;
  };
  size_t stores = 0;
  EXPECT_EQ(stores_expiring(0, &stores), 0u);
  EXPECT_EQ(stores_expiring(1, &stores), stores);
  ASSERT_GT(stores, 0u);
  EXPECT_EQ(cfg.connections, draw_shape(9, {}, {}).connections);
}

}  // namespace
}  // namespace enginesim::sched
