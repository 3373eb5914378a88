// sim_finding.h - what fuzz_engine does with a run that did not end ok: the
// schedule file and the workload file (the formats `enginesim replay` and
// `enginesim run --workload` read) written to the findings directory, the
// replay command printed, the replay run once to confirm it, then abort() so
// libFuzzer saves the input as a crash artifact.
#pragma once

#include <string>

#include "harness/sched/run_result.h"
#include "harness/sim/sim_options.h"

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

// Records, prints, confirms by replaying the schedule, and aborts. Returns
// (after a warning) only for a verdict that rests on real time - a thread
// that seemed stuck (`uncontrolled`), a child past its wall-clock limit -
// when the replay does not repeat it: on a loaded machine a run can starve
// for seconds, and that is not the engine's fault.
void report_sim_finding(const SimFinding& finding);

// True for verdicts decided by a real-time limit rather than by the run.
bool rests_on_real_time(const sched::RunResult& result);

}  // namespace enginesim::fuzz
