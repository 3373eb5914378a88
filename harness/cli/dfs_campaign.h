// dfs_campaign.h - every schedule of one seed's workload with at most B
// preemptions (`--strategy dfs:B`), each run in a forked child, until the
// space is exhausted, a run fails, or a schedule budget is spent.
#pragma once

#include <cstdint>
#include <string>

#include "harness/cli/sim_options.h"
#include "harness/sched/run_result.h"

namespace enginesim::cli {

struct DfsOutcome {
  sched::RunResult failure;  // verdict ok when no schedule failed
  uint64_t schedules = 0;    // distinct schedules run
  bool exhausted = false;    // every schedule within the bound was run
  std::string summary() const;  // "dfs: 37 schedules, space exhausted"
};

DfsOutcome dfs_campaign(const SimSetup& setup, uint64_t seed, uint32_t bound,
                        uint64_t max_schedules);

}  // namespace enginesim::cli
