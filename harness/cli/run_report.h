// run_report.h - how `run` (and `explore` for each failure) prints a run's
// verdict, records a failed schedule, confirms it and gives the one command
// that reproduces it.
#pragma once

#include <cstdint>
#include <string>

#include "harness/sched/run_result.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// "2 connections x 10 ops, one worker per connection" (or the workload file).
std::string describe_setup(const SimSetup& setup);
// "verdict: ok  (412 steps, 5 threads, virtual time 62.000s)"
std::string verdict_line(const sched::RunResult& r);

// What became of a failure: where it was recorded, whether it repeated and
// the one command that reproduces it.
struct FailureRecord {
  std::string schedule_path;  // "" when none was written (died before its first step)
  std::string command;        // replays / re-runs it
  std::string confirmation;   // Confirmation::text
  bool repeated = false;
  std::string error;  // the schedule could not be written
};
// Records (to `path`) and confirms a failed run.
FailureRecord record_failure(const SimSetup& setup, uint64_t seed, const std::string& spec,
                             const sched::RunResult& r, const std::string& path);

// Prints verdict, trace hash and, for a failure, the report, confirmation and
// replay command (recording to `record`, or enginesim-failure-<seed>.schedule).
// An ok run is recorded only when `record` is set. A recorded failure is
// also drawn as an HTML page at `html` when that is not empty. Returns the
// exit code.
int report_run(const SimSetup& setup, uint64_t seed, const std::string& spec,
               const sched::RunResult& r, const std::string& record, const std::string& html = "");

// Writes the HTML report of a recorded failure (`schedule_path` "" when
// none could be recorded) and prints where, or why not.
void print_html_report(const std::string& schedule_path, const std::string& html);

}  // namespace enginesim::cli
