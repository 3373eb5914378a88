// catalogue.cpp - the ordered list of every conformance clause.
#include <set>
#include <string>

#include "enginesim/check.h"
#include "harness/conformance/clause.h"

namespace enginesim::conformance {

namespace {
std::vector<Clause> build() {
  std::vector<Clause> all;
  for (auto area : {store_clauses, cas_clauses, get_remove_clauses, arith_clauses,
                    flush_expiry_clauses, item_clauses, keys_values_clauses, connection_clauses,
                    stats_unknown_clauses, lifecycle_clauses}) {
    for (Clause& c : area()) all.push_back(c);
  }
  std::set<std::string> ids;
  for (const Clause& c : all) {
    ES_CHECK_MSG(c.id && c.rule && c.why && c.how && c.test, "a clause lacks a field");
    ES_CHECK_MSG(ids.insert(c.id).second, "two clauses share an id");
  }
  return all;
}
}  // namespace

const std::vector<Clause>& catalogue() {
  static const std::vector<Clause> clauses = build();
  return clauses;
}

std::string feature_name(engine_feature_t feature) {
  switch (feature) {
    case ENGINE_FEATURE_CAS: return "ENGINE_FEATURE_CAS";
    case ENGINE_FEATURE_PERSISTENT_STORAGE: return "ENGINE_FEATURE_PERSISTENT_STORAGE";
    case ENGINE_FEATURE_SECONDARY_ENGINE: return "ENGINE_FEATURE_SECONDARY_ENGINE";
    case ENGINE_FEATURE_ACCESS_CONTROL: return "ENGINE_FEATURE_ACCESS_CONTROL";
    case ENGINE_FEATURE_MULTI_TENANCY: return "ENGINE_FEATURE_MULTI_TENANCY";
    case ENGINE_FEATURE_LRU: return "ENGINE_FEATURE_LRU";
    case ENGINE_FEATURE_VBUCKET: return "ENGINE_FEATURE_VBUCKET";
  }
  return "feature " + std::to_string(static_cast<int>(feature));
}

}  // namespace enginesim::conformance
