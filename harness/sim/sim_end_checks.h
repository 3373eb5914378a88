// sim_end_checks.h - the checks of a simulation once its workers are done:
// the engine still serves after faults; no get saw a value nobody stored; the
// contract monitor is clean after destroy; notify_io_complete was not misused.
// Each failure fails the run (Scheduler::fail).
#pragma once

#include <string>
#include <vector>

#include "fakes/engine_client.h"
#include "harness/sim/sim_incarnation.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/value_ledger.h"

namespace enginesim::sched {

// After a run with faults, without them: every key of the workload answers a
// get with a value or KEY_ENOENT (no lingering error), and a new key can be
// stored and read back.
void still_serving(EngineClient& client, const Workload& workload, ValueLedger& ledger);

// The value ledger's verdict, then the engine destroyed and the monitor's and
// the core's verdicts on the whole run.
// Strict findings of the monitor (below --level strict) go to *warnings.
void check_end(Incarnation& in, ValueLedger& ledger, std::vector<std::string>* warnings);

// Fails the run with `headline` and below it each of `lines`, indented.
[[noreturn]] void fail_listing(const std::string& headline, const std::vector<std::string>& lines);

}  // namespace enginesim::sched
