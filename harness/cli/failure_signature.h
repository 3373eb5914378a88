// failure_signature.h - which failing seeds are "the same failure": the same
// verdict at the same site. `explore` prints its failures grouped this way
// and `merge` groups the failures of many shards with the same function, so
// a campaign of 100,000 seeds shows a handful of bugs, not a wall of seeds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace enginesim::cli {

// "<verdict> | <site>", where the site is, in this order of preference:
//   rule <id>                 the first contract-monitor rule violated
//   first impossible <kind>   a non-linearizable history: the kind of the
//                             witness's first operation no state allows
//   <first line>              the report's first line, every run of digits
//                             as N and every quoted string as "..."; for a
//                             death, with " in <function>": its first frame
//                             outside the C and C++ runtime
// Only the verdict and the report's text are used: both are in explore's
// JSON, so shards merged later group exactly as explore grouped them.
std::string failure_signature(const std::string& verdict, const std::string& report);

// One failing seed as grouping needs it.
struct SignedFailure {
  uint64_t seed = 0;
  std::string verdict, report, replay;
};

struct FailureGroup {
  std::string signature;
  std::vector<uint64_t> seeds;  // ascending
  std::string replay;           // of the lowest seed: the representative
};

// Groups by signature: the largest group first, then by lowest seed (a
// stable order, whatever order the children finished in).
std::vector<FailureGroup> group_failures(const std::vector<SignedFailure>& failures);

// The "failure groups:" block: per group its count, signature, seeds (the
// first few) and the representative's replay command. "" when no failure.
std::string failure_groups_text(const std::vector<FailureGroup>& groups);

}  // namespace enginesim::cli
