// sim_history.h - a simulation's history as the model sees it: what the
// engine promises (the CAS feature), and the check at the end of a run (written to --history, and a
// history that is not linearizable fails the run with a minimal witness).
#pragma once

#include <cstdint>
#include <vector>

#include "harness/loader.h"
#include "harness/model/history.h"
#include "harness/model/linearizability.h"
#include "harness/sched/run_result.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

// CAS values are checked when the engine advertises ENGINE_FEATURE_CAS.
model::ModelOptions model_options(const LoadedEngine& engine);

// The witness of a failed check, each operation named by its connection and
// its index there (how a report finds it among the run's operations).
std::vector<WitnessOp> witness_ops(const model::History& history, const model::CheckReport& report);

// After the run: the history goes to cfg.history_path (when set), and an ok
// run's history must be linearizable, else *result becomes failed with the
// checker's report. Called outside the scheduler, so a long search is not
// mistaken for an uncontrolled thread.
void check_sim_history(const SimConfig& cfg, const model::History& history, RunResult* result);

}  // namespace enginesim::sched
