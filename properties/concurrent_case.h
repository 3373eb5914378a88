// concurrent_case.h - the concurrent property's test case: a sequential
// prefix, then K = 2..4 connections with their own operations, run under the
// deterministic scheduler with the schedule drawn by rapidcheck (a list of
// choice numbers), in a forked child; the recorded history must be
// linearizable with respect to the model (sim_run checks it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "harness/abi/profile.h"

#include "harness/sched/run_result.h"
#include "harness/sim/sim_run.h"

namespace enginesim::properties {

struct ConcurrentCase {
  std::vector<model::Operation> prefix;
  std::vector<std::vector<model::Operation>> connections;  // 2..4
  std::vector<uint32_t> choices;                           // the schedule
  // The clock thread's advances (seconds each), scheduled like any thread:
  // with the stores' short exptimes they make expiry races reachable.
  std::vector<uint64_t> advances_sec;

  size_t operations() const;  // prefix and connections
};

// What the engine under test is and which operations a case draws.
struct PropertyTarget {
  std::string engine_path;
  std::string config;                     // "{tmpdir}" is replaced by a fresh directory per run
  std::vector<model::OpKind> mix;         // empty: every kind
  std::vector<model::OpKind> prefix_mix;  // the prefix's; empty: `mix`
  uint32_t keys = 2;                      // "k0".."k{keys-1}"
  abi::Profile abi = abi::Profile::tutorial_2010;  // the engine's layout (--abi)
  // A case's child running past it is a failing case (died or incomplete).
  uint32_t case_limit_ms = 20'000;
  // Draw clock advances and store exptimes (the mutant tests, whose mixes
  // aim at one defect, leave them out).
  bool expiry = true;
  bool may_evict = false;  // the engine evicts (SimConfig::may_evict, --may-evict)
};

// Shrinks towards fewer operations, fewer connections (not below 2), earlier
// kinds of the mix, k0, small values, and fewer and smaller choices.
rc::Gen<ConcurrentCase> gen_case(const PropertyTarget& target);

// Runs the case in a forked child (fresh {tmpdir}); the verdict is ok when
// the run passed every check, linearizability included. The history is
// written to `history_path` when it is not empty.
sched::RunResult run_case(const PropertyTarget& target, const ConcurrentCase& c,
                          const std::string& history_path = "");

// For a failed case: writes DIR/workload (the operations) and
// DIR/failure.schedule (the schedule, replayable; the caller keeps the
// offending history in DIR/history), and
// returns the text a failure prints: operations per connection, schedule,
// the run's report (with the minimal non-linearizable sub-history), the
// whole history (DIR/history, when there) and, when `enginesim` is not
// empty, the command `<enginesim> replay DIR/failure.schedule`.
std::string describe_failure(const PropertyTarget& target, const ConcurrentCase& c,
                             const sched::RunResult& result, const std::string& dir,
                             const std::string& enginesim);

// The workload the case runs.
sched::Workload workload_of(const ConcurrentCase& c);

}  // namespace enginesim::properties

namespace enginesim::model {
// rapidcheck prints counterexamples with these.
void showValue(const Operation& op, std::ostream& os);
}  // namespace enginesim::model
namespace enginesim::properties {
void showValue(const ConcurrentCase& c, std::ostream& os);
}  // namespace enginesim::properties
