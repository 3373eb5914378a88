// sim_crash.h - `--faults crash` in a simulation: the crash at the operation
// the strategy picks, and the restart of the engine on the durable state of
// its data directory (docs/durability.md).
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "fakes/core.h"
#include "harness/faults/durable_shadow.h"
#include "harness/sched/time_source.h"
#include "harness/sim/sim_incarnation.h"
#include "harness/sim/sim_perform.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/sim_workers.h"
#include "harness/sim/value_ledger.h"

namespace enginesim::sched {

// Waits until the strategy's number of operations is done, reads the
// persistence signal, stops every other thread where it is, rewrites the data
// directory to its durable state, starts a new engine on it, checks what was
// durable (sim_durable.h), and carries the connections over with their
// remaining operations. Replaces `in`, `plans` and `workers` (the caller
// starts the new workers) and `progress_ptr`; the old ones are leaked, as
// stopped threads may still point to them.
void crash_and_restart(const SimConfig& cfg, const CoreOptions& core_options,
                       VirtualClockTime& time, DurableShadow& shadow, ValueLedger& ledger,
                       Incarnation* in, std::vector<ConnPlan>* plans,
                       std::vector<std::thread>* workers, std::unique_ptr<Progress>* progress_ptr);

}  // namespace enginesim::sched
