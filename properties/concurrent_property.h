// concurrent_property.h - the concurrent linearizability property of one
// engine, run with explicit params and handed back as a value: passed or
// not, the shrunk counterexample, its description and its reproduce entry.
#pragma once

#include <optional>
#include <string>

#include "properties/concurrent_case.h"
#include "properties/property_params.h"
#include "properties/property_runner.h"

namespace enginesim::properties {

struct ConcurrentOutcome {
  std::string id;
  RcOutcome rc;
  std::optional<ConcurrentCase> shrunk;  // the last failing case: the shrunk one
  std::string failure;                   // describe_failure of it
  std::string dir;                       // its kept files (removed when it passed)

  bool passed() const { return rc.passed; }
};

// Checks that every case of `target` gives a linearizable history that
// passes every check, under rapidcheck id `id` with `params` (seed, cases,
// a reproduce token). Each case runs in a forked child. A failing case's
// files stay in a fresh directory; `enginesim` is the binary its replay
// line names. `on_case`, when set, sees every case and its result.
ConcurrentOutcome check_concurrent(
    const std::string& id, const PropertyTarget& target, const PropertyParams& params,
    const std::string& enginesim,
    const std::function<void(const ConcurrentCase&, const sched::RunResult&)>& on_case = {});

}  // namespace enginesim::properties
