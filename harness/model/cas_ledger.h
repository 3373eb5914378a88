// cas_ledger.h - every version of a key must get its own CAS: a record of the
// CAS values handed out per key, independent of the order of operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/operation.h"

namespace enginesim::model {

// True when `result` reports a new version of op.key with a CAS the engine
// handed out (a successful store or incr/decr that returned).
bool creates_version(const Operation& op, const Result& result);

class CasLedger {
 public:
  // Records that operation number `index` created a version of `key` with
  // `cas`. Returns false (and the earlier operation's number in *earlier)
  // when an earlier version of the same key got the same CAS.
  bool record(const std::string& key, uint64_t cas, size_t index, size_t* earlier);

 private:
  std::map<std::string, std::map<uint64_t, size_t>> seen_;
};

// Two versions of a key with one CAS, whatever the order of operations:
// positions in `entries` (indices into h.entries) of the first such pair.
// Never one when h.model has no CAS feature.
struct CasClash {
  size_t first = 0, second = 0;
};
std::optional<CasClash> find_cas_clash(const History& h, const std::vector<size_t>& entries);

}  // namespace enginesim::model
