// explore_progress.h - what `explore` shows at the end: the summary and the
// replay command of each failure (the progress line: progress_line.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/cli/progress_line.h"
#include "harness/cli/run_report.h"
#include "harness/sched/run_result.h"

namespace enginesim::cli {

struct ExploreFailure {
  uint64_t seed;
  sched::RunResult result;
  FailureRecord record;
};

// Prints the summary and each failure's replay command; returns the exit code.
int print_summary(const ProgressLine& progress, const std::map<std::string, uint64_t>& by_verdict,
                  const std::vector<ExploreFailure>& failures, uint64_t dfs_schedules);

}  // namespace enginesim::cli
