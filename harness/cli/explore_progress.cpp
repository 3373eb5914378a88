// explore_progress.cpp - the summary of `explore`.
#include "harness/cli/explore_progress.h"

#include <cinttypes>
#include <cstdio>

#include "harness/cli/command.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {

int print_summary(const ProgressLine& progress, const std::map<std::string, uint64_t>& by_verdict,
                  const std::vector<ExploreFailure>& failures, uint64_t dfs_schedules) {
  const double secs = progress.seconds();
  std::printf("summary: %" PRIu64 " of %" PRIu64 " seeds in %.1fs (%.1f seeds/s):", progress.done(),
              progress.total(), secs, secs > 0 ? static_cast<double>(progress.done()) / secs : 0.0);
  for (const auto& [verdict, n] : by_verdict) std::printf(" %s %" PRIu64, verdict.c_str(), n);
  std::printf("\n");
  if (dfs_schedules > 0) {
    std::printf("dfs: %" PRIu64 " distinct schedules over the passing seeds\n", dfs_schedules);
  }
  if (failures.empty()) {
    std::printf("no failure\n");
    return kExitOk;
  }
  std::printf("%zu failure%s; replay with:\n", failures.size(), failures.size() == 1 ? "" : "s");
  for (const ExploreFailure& f : failures) {
    std::printf("  seed %" PRIu64 " (%s): %s\n", f.seed, sched::to_string(f.result.verdict),
                f.record.command.c_str());
    std::printf("%s", indent(f.record.confirmation, "    ").c_str());
  }
  return kExitFailure;
}

}  // namespace enginesim::cli
