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

std::optional<CasClash> find_cas_clash(const History& h, const std::vector<size_t>& entries) {
  if (!h.model.cas_feature) return std::nullopt;
  CasLedger ledger;
  for (size_t pos = 0; pos < entries.size(); ++pos) {
    const HistoryEntry& e = h.entries[entries[pos]];
    if (!creates_version(e.op, e.result)) continue;
    size_t earlier = 0;
    if (!ledger.record(e.op.key, e.result.cas, pos, &earlier)) return CasClash{earlier, pos};
  }
  return std::nullopt;
}

}  // namespace enginesim::model
