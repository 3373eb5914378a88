// fuzz_workload.h - fuzz bytes -> a simulation workload (connections, their
// operations, keys, values, clock advances), through FuzzedDataProvider. The
// bytes the workload does not use become the scheduler's choices.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <vector>

#include "harness/sim/sim_run.h"

namespace enginesim::fuzz {

// Bounds that keep one run (a fork, an engine load, a few dozen operations)
// in the millisecond range, so the fuzzer tries thousands of schedules.
struct WorkloadLimits {
  uint32_t connections_max = 3;
  uint32_t ops_per_connection_max = 6;
  uint32_t keys = 4;          // most keys are "k0".."k3", so operations collide
  size_t key_bytes_max = 16;  // fuzzed keys, now and then
  size_t value_bytes_max = 24;
  uint32_t advances_max = 3;
  uint32_t advance_sec_max = 120;
  // The operations drawn, uniformly (ENGINESIM_MIX, as `--mix`); empty:
  // every kind a workload has, item operations three times in four.
  std::vector<model::OpKind> mix;
};

// At least one connection with at least one operation, of any kind a
// workload has; every item key is 1..250 bytes, so the workload file format
// writes and reads it back unchanged.
sched::Workload consume_workload(FuzzedDataProvider& data, const WorkloadLimits& limits = {});

}  // namespace enginesim::fuzz
