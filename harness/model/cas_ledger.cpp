// cas_ledger.cpp - detection of a CAS handed out twice for one key.
#include "harness/model/cas_ledger.h"

namespace enginesim::model {

bool creates_version(const Operation& op, const Result& r) {
  if (r.uncertain() || r.status != ENGINE_SUCCESS) return false;
  return is_store(op.kind) || op.kind == OpKind::incr || op.kind == OpKind::decr;
}

bool CasLedger::record(const std::string& key, uint64_t cas, size_t index, size_t* earlier) {
  auto [it, inserted] = seen_[key].emplace(cas, index);
  if (!inserted) *earlier = it->second;
  return inserted;
}

}  // namespace enginesim::model
