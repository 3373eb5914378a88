// dfs_campaign.h - every schedule of one seed's workload with at most B
// preemptions (`--strategy dfs:B`), each run in a forked child, until the
// space is exhausted, a run fails, or a schedule budget is spent.
#pragma once

#include <cstdint>
#include <string>

#include "harness/sched/run_result.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

struct DfsOutcome {
  sched::RunResult failure;  // verdict ok when no schedule failed
  uint64_t schedules = 0;    // distinct schedules run
  bool exhausted = false;    // every schedule within the bound was run
  // Neither exhausted nor failed: --max-schedules was reached, or a schedule
  // ran out of wall-clock time while still moving (failure has the
  // incomplete verdict then).
  bool incomplete() const {
    return !exhausted && (failure.ok() || failure.verdict == sched::Verdict::incomplete);
  }
  std::string summary() const;  // "dfs: 37 schedules, space exhausted"
  // What the search covered, as a RunResult for a child to send: ok when
  // exhausted, incomplete when a budget ran out, else the failure; `steps`
  // holds the schedules run.
  sched::RunResult as_result() const;
};

DfsOutcome dfs_campaign(const SimSetup& setup, uint64_t seed, uint32_t bound,
                        uint64_t max_schedules);

}  // namespace enginesim::cli
