// test_fuzz_workload.cpp - fuzz_engine's decoder (fuzz/fuzz_workload.h) draws
// every operation a workload has, only unknown_command opcodes memcached's
// core forwards, and workloads the workload file writes and reads back
// unchanged (the finding's workload file replays what was fuzzed).
#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/fuzz_workload.h"
#include "harness/sim/workload_file.h"

namespace enginesim::fuzz {
namespace {

TEST(FuzzWorkload, DrawsEveryOperationAndWritesBackUnchanged) {
  std::mt19937_64 rng(20261204);  // fixed: the same inputs every run
  std::set<model::OpKind> seen;
  uint64_t item_ops = 0, all_ops = 0;
  for (int input = 0; input < 5000; ++input) {
    std::vector<uint8_t> bytes(rng() % 512);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    FuzzedDataProvider data(bytes.data(), bytes.size());
    const sched::Workload w = consume_workload(data);
    ASSERT_FALSE(w.connections.empty());
    for (const auto& ops : w.connections) {
      ASSERT_FALSE(ops.empty());
      for (const model::Operation& op : ops) {
        seen.insert(op.kind);
        ++all_ops;
        if (model::is_itemless(op.kind) || op.kind == model::OpKind::flush) continue;
        ++item_ops;
        EXPECT_GE(op.key.size(), 1u);
        EXPECT_LE(op.key.size(), 250u);
      }
      for (const model::Operation& op : ops) {
        if (op.kind != model::OpKind::unknown) continue;
        const auto& forwarded = sched::unknown_opcodes();
        EXPECT_NE(std::find(forwarded.begin(), forwarded.end(), op.opcode), forwarded.end())
            << "opcode " << int(op.opcode) << " is one the core answers itself";
      }
    }
    sched::Workload back;
    std::string error;
    ASSERT_TRUE(sched::parse_workload(sched::format_workload(w), &back, &error)) << error;
    ASSERT_EQ(back, w) << sched::format_workload(w);
  }
  for (model::OpKind k : sched::all_op_kinds()) {
    EXPECT_TRUE(seen.count(k)) << model::op_kind_name(k, model::OpSyntax::workload)
                               << " never drawn";
  }
  // Most operations still race on items: the interleavings fuzzing is for.
  EXPECT_GT(item_ops * 10, all_ops * 6) << item_ops << " of " << all_ops;
}

// ENGINESIM_MIX narrows the draw to its kinds, as --mix does for a seed.
TEST(FuzzWorkload, AMixDrawsOnlyItsKinds) {
  WorkloadLimits limits;
  std::string error;
  ASSERT_TRUE(sched::parse_op_mix("get,set", &limits.mix, &error)) << error;
  std::mt19937_64 rng(7);
  std::set<model::OpKind> seen;
  for (int input = 0; input < 500; ++input) {
    std::vector<uint8_t> bytes(rng() % 256);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    FuzzedDataProvider data(bytes.data(), bytes.size());
    for (const auto& ops : consume_workload(data, limits).connections) {
      for (const model::Operation& op : ops) seen.insert(op.kind);
    }
  }
  EXPECT_EQ(seen, (std::set<model::OpKind>{model::OpKind::get, model::OpKind::set}));
}

}  // namespace
}  // namespace enginesim::fuzz
