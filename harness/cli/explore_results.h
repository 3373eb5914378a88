// explore_results.h - an explore campaign's results for CI: JUnit XML (one
// testcase per failing seed plus a summary testcase) and JSON (schema:
// docs/schema/explore.schema.json). Each failure carries its replay command.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/cli/explore_progress.h"
#include "harness/cli/failure_signature.h"

namespace enginesim::cli {

struct ExploreInfo {
  std::string engine_path, config, strategy;
  uint64_t first = 0, last = 0, shard = 0, shards = 1;
  uint64_t seeds_total = 0, seeds_done = 0;
  double seconds = 0;
  std::map<std::string, uint64_t> by_verdict;
  int exit_code = 0;
  // Seeds whose budget ran out while still moving (Verdict::incomplete).
  std::vector<ExploreFailure> incomplete;
};

// The failures as grouping needs them (failure_signature.h).
std::vector<SignedFailure> signed_failures(const std::vector<ExploreFailure>& failures);

std::string explore_junit(const ExploreInfo& info, const std::vector<ExploreFailure>& failures);
std::string explore_json(const ExploreInfo& info, const std::vector<ExploreFailure>& failures);

}  // namespace enginesim::cli
