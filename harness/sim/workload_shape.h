// workload_shape.h - the shape of a seed workload (how many connections,
// operations and keys, which operation kinds with what weights, how many
// stores expire, how fast the clock moves, how workers are shared), and
// swarm testing's draw of one shape per seed (Groce et al., ISSTA 2012:
// a random subset of features per test finds more bugs than one uniform mix).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/sim/sim_run.h"

namespace enginesim::sched {

struct WorkloadShape {
  uint32_t connections = 2;
  uint32_t ops = 10;  // per connection
  uint32_t keys = 4;
  // Operation kinds; a kind listed n times is drawn n times as often. Empty:
  // the classic mix (SimConfig::mix).
  std::vector<model::OpKind> mix;
  uint32_t expire_one_in = 4;    // 1 in N stores has an exptime; 0: none
  uint32_t advance_percent = 5;  // clock advances per 100 operations
  uint32_t workers = 0;          // 0: one worker per connection
  bool operator==(const WorkloadShape&) const = default;
};

// The dimensions an explicit option fixed: a draw keeps the given value.
struct ShapeFixed {
  bool connections = false, ops = false, keys = false, mix = false, expire_one_in = false,
       advance_percent = false, workers = false;
};

// The seed's shape. Every dimension is drawn whether fixed or not, in a fixed
// order from a generator of its own, so fixing one dimension leaves the
// others of each seed unchanged.
WorkloadShape draw_shape(uint64_t seed, const WorkloadShape& given, const ShapeFixed& fixed);

// "3 connections x 7 ops, 1 key, mix get,set,set,cas, 1 in 2 stores expire,
// 10% clock advances, 1 worker"
std::string describe_shape(const WorkloadShape& shape);

WorkloadShape shape_of(const SimConfig& cfg);
void apply_shape(const WorkloadShape& shape, SimConfig* cfg);

}  // namespace enginesim::sched
