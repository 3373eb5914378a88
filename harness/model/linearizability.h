// linearizability.h - is a concurrent history linearizable with respect to
// the model? Checks each key's sub-history; the first failing key is
// explained by witness.h (longest linearizable prefix, reachable states,
// first operation none allows) with the sub-history that explanation needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/model/history.h"

namespace enginesim::model {

struct CheckOptions {
  uint64_t steps_max = 20'000'000;        // search steps per key
  bool shrink = true;                     // minimize a failing sub-history
  uint64_t shrink_checks_max = 4000;      // sub-histories tried while shrinking
  uint64_t shrink_steps_max = 2'000'000;  // search steps for all of them
};

enum class Verdict { linearizable, not_linearizable, limit_reached };
const char* verdict_name(Verdict verdict);

struct CheckReport {
  Verdict verdict = Verdict::linearizable;
  size_t operations = 0;
  size_t keys = 0;
  uint64_t search_steps = 0;  // over all keys (shrinking not counted)
  // not_linearizable: the first failing key (in key order) and the
  // sub-history its explanation needs (it fails check_history on its own); limit_reached: the first
  // undecided key and its whole sub-history. A definite failure on any key wins over a limit.
  std::string key;
  History witness;
  std::string explanation;  // the story: defect, prefix, states, failing op
  // not_linearizable: one of each per witness entry, in the witness's order.
  // The entry's index in the checked history (to find it in a run), and what
  // the checker can say about it: the answers memcached allows where every
  // order stops, its place in the longest consistent order, the CAS it
  // shares... ("" when nothing). Reports show them beside each operation:
  // the failing one says what memcached allows it, a lost update's pair
  // says so, the rest how they stand to the failing one.
  std::vector<size_t> witness_entries;
  std::vector<std::string> witness_notes;
  bool shrink_complete = true;  // false: shrinking stopped at its budget
};

CheckReport check_history(const History& history, const CheckOptions& options = {});

// The report as the CLI prints it: "linearizable ..." or a verdict line, the
// witness as a history file (re-checkable) and the explanation as comments.
std::string format_report(const CheckReport& report, const CheckOptions& options);

}  // namespace enginesim::model
