// explore_progress.h - what `explore` shows while it runs (a progress line,
// style-ok-file: wall time drives the progress line only, never a schedule.
// only on a terminal) and at the end (the summary and replay commands).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/cli/run_report.h"
#include "harness/sched/run_result.h"

namespace enginesim::cli {

struct ExploreFailure {
  uint64_t seed;
  sched::RunResult result;
  FailureRecord record;
};

class Progress {
 public:
  Progress(uint64_t total, bool on_terminal);
  // One seed finished; redraws the line at most ten times a second.
  void done_one(bool ok);
  // Erases the line (before printing anything else).
  void clear();
  uint64_t done() const { return done_; }
  uint64_t total() const { return total_; }
  double seconds() const;

 private:
  void draw();
  uint64_t total_, done_ = 0, failures_ = 0;
  bool on_terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// Prints the summary and each failure's replay command; returns the exit code.
int print_summary(const Progress& progress, const std::map<std::string, uint64_t>& by_verdict,
                  const std::vector<ExploreFailure>& failures, uint64_t dfs_schedules);

}  // namespace enginesim::cli
