// explore_progress.cpp - the progress line and the summary of `explore`.
// style-ok-file: wall time drives the progress line only, never a schedule.
#include "harness/cli/explore_progress.h"

#include <cinttypes>
#include <cstdio>

#include "harness/cli/command.h"
#include "harness/cli/sim_session.h"

namespace enginesim::cli {

Progress::Progress(uint64_t total, bool on_terminal)
    : total_(total), on_terminal_(on_terminal), start_(std::chrono::steady_clock::now()) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::done_one(bool ok) {
  ++done_;
  failures_ += ok ? 0 : 1;
  const auto now = std::chrono::steady_clock::now();
  if (!on_terminal_ || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_)) return;
  last_draw_ = now;
  draw();
}

void Progress::draw() {
  const double secs = seconds();
  const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
  const double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  std::fprintf(stderr, "\r\033[K%" PRIu64 "/%" PRIu64 " seeds, %" PRIu64 " failure%s, %.1f seeds/s, ~%.0fs left",
               done_, total_, failures_, failures_ == 1 ? "" : "s", rate, left);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

int print_summary(const Progress& progress, const std::map<std::string, uint64_t>& by_verdict,
                  const std::vector<ExploreFailure>& failures, uint64_t dfs_schedules) {
  const double secs = progress.seconds();
  std::printf("summary: %" PRIu64 " of %" PRIu64 " seeds in %.1fs (%.1f seeds/s):",
              progress.done(), progress.total(), secs,
              secs > 0 ? static_cast<double>(progress.done()) / secs : 0.0);
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
