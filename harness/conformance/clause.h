// clause.h - one conformance clause: a stable dotted id, the rule it checks,
// why the rule matters, how the clause tests it, the engine feature it needs,
// and the test itself. The catalogue is the ordered list of every clause.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/level.h"
#include "memcached/engine.h"

namespace enginesim::conformance {

class ClauseContext;

struct Clause {
  const char* id;    // "<area>.<subject>[.<case>]"; never renamed once published
  const char* rule;  // what the engine must do, one or two sentences
  const char* why;   // what goes wrong in memcached when it does not
  const char* how;   // what the test does and checks
  // The clause is SKIPped when the engine's get_info does not advertise it.
  std::optional<engine_feature_t> feature = std::nullopt;
  // Runs in a forked child with a fresh core and engine; reports through the
  // context (expect_*, fail, skip). Returning without a failure is a PASS.
  void (*test)(ClauseContext& ctx) = nullptr;
  // required: the real core relies on the rule (docs/core-fidelity.md);
  // strict: good practice it does not rely on, a warning unless --level strict.
  Level level = Level::required;
};

// Every clause, grouped by area in a fixed order. Ids are unique (checked
// the first time the catalogue is built).
const std::vector<Clause>& catalogue();

// The area tables, one per clauses_<area>.cpp file.
std::vector<Clause> store_clauses();
std::vector<Clause> cas_clauses();
std::vector<Clause> get_remove_clauses();
std::vector<Clause> arith_clauses();
std::vector<Clause> flush_expiry_clauses();
std::vector<Clause> item_clauses();
std::vector<Clause> stats_unknown_clauses();
std::vector<Clause> lifecycle_clauses();
std::vector<Clause> keys_values_clauses();
std::vector<Clause> connection_clauses();

// "ENGINE_FEATURE_CAS" for the registered features, "feature N" otherwise.
std::string feature_name(engine_feature_t feature);

}  // namespace enginesim::conformance
