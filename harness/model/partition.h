// partition.h - a memcached history is linearizable iff each key's
// sub-history is; flush and advance_time belong to every key's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/model/history.h"

namespace enginesim::model {

struct Partition {
  std::string key;
  std::vector<size_t> entries;  // indices into History::entries, call order
};

// One partition per key that some keyed operation names, in key order
// (bytewise), each with the global operations merged in.
std::vector<Partition> partition_by_key(const History& history);

// The sub-history of `entries` (same options, start time and steps).
History sub_history(const History& history, const std::vector<size_t>& entries);

}  // namespace enginesim::model
