// sim_drive.h - the body of one simulation on the core main thread: the
// engine started, the prefix run, the core workers started, the clock
// advanced, the crash and restart (--faults crash), and the end checks.
#pragma once

#include <string>
#include <vector>

#include "fakes/core.h"
#include "harness/model/history.h"
#include "harness/model/history_recorder.h"
#include "harness/sched/time_source.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

// Runs on the scheduler's root controlled thread. `first_core` (with the
// clock `time` reads) is sim_run's; a restart makes another with
// `core_options`. Every operation goes into `history`; *model is set to what
// the engine promises (sim_history.h); *warnings gets the strict findings
// that did not fail the run (docs/core-fidelity.md).
void drive(const SimConfig& cfg, const CoreOptions& core_options, Core& first_core,
           VirtualClockTime& time, model::HistoryRecorder& history, model::ModelOptions* model,
           std::vector<std::string>* warnings);

}  // namespace enginesim::sched
