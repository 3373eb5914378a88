// partition.cpp - splitting a history per key.
#include "harness/model/partition.h"

#include <algorithm>
#include <map>

namespace enginesim::model {

std::vector<Partition> partition_by_key(const History& h) {
  std::map<std::string, std::vector<size_t>> by_key;
  std::vector<size_t> global;
  for (size_t i = 0; i < h.entries.size(); ++i) {
    const Operation& op = h.entries[i].op;
    if (is_global(op.kind)) {
      global.push_back(i);
    } else {
      by_key[op.key].push_back(i);
    }
  }
  std::vector<Partition> out;
  out.reserve(by_key.size());
  for (auto& [key, entries] : by_key) {
    Partition p{key, {}};
    p.entries.reserve(entries.size() + global.size());
    std::merge(entries.begin(), entries.end(), global.begin(), global.end(),
               std::back_inserter(p.entries));  // indices are in call order
    out.push_back(std::move(p));
  }
  return out;
}

History sub_history(const History& h, const std::vector<size_t>& entries) {
  History s;
  s.model = h.model;
  s.start_time = h.start_time;
  s.entries.reserve(entries.size());
  for (size_t i : entries) s.entries.push_back(h.entries[i]);
  return s;
}

}  // namespace enginesim::model
