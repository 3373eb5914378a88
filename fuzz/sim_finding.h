// sim_finding.h - what fuzz_engine does with a run that did not end ok: the
// schedule file and the workload file (the formats `enginesim replay` and
// `enginesim run --workload` read) written to the findings directory, the
// replay command printed, the replay run once to confirm it, then abort() so
// libFuzzer saves the input as a crash artifact.
#pragma once

#include <string>

#include "harness/cli/sim_options.h"
#include "harness/sched/run_result.h"

namespace enginesim::fuzz {

struct SimFinding {
  cli::SimSetup setup;       // the run's engine, config and workload
  sched::RunResult result;   // its verdict and report
  sched::ChoiceLog choices;  // every choice, also those of a child that died
  std::string input_id;      // names the files: hex of a hash of the input
};

// $ENGINESIM_FINDINGS_DIR, else the current directory.
std::string findings_dir();
// How to run the enginesim CLI in a printed command: $ENGINESIM_CLI, else
// `enginesim` next to this fuzz target, else the build tree's, else on PATH.
std::string enginesim_cli();

struct RecordedFinding {
  std::string schedule_path;
  std::string workload_path;
  std::string replay_command;
  std::string error;  // a file could not be written
};
RecordedFinding record_sim_finding(const SimFinding& finding);

// Records, prints, confirms and aborts.
[[noreturn]] void report_sim_finding(const SimFinding& finding);

}  // namespace enginesim::fuzz
