// dfs_campaign.cpp - the DFS loop over forked runs.
#include "harness/sim/dfs_campaign.h"

#include "harness/proc/child_progress.h"
#include "harness/sched/dfs_explorer.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

// The run must follow its prefix; else the program under test is not
// deterministic and exploring further would be meaningless.
bool followed(const sched::ChoiceLog& prefix, const sched::ChoiceLog& got) {
  if (got.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (got[i].picked != prefix[i].picked || got[i].count != prefix[i].count) return false;
  }
  return true;
}

}  // namespace

std::string DfsOutcome::summary() const {
  return "dfs: " + std::to_string(schedules) + " distinct schedule" + (schedules == 1 ? "" : "s") +
         (exhausted      ? ", space exhausted"
          : failure.ok() ? ", budget spent (not exhausted)"
          : failure.verdict == sched::Verdict::incomplete
              ? ", a schedule ran out of time (not exhausted)"
              : ", stopped at a failure");
}

sched::RunResult DfsOutcome::as_result() const {
  sched::RunResult r = failure;
  if (r.ok() && !exhausted) {
    r.verdict = sched::Verdict::incomplete;
    r.report = summary() + ": nothing failed; a larger --max-schedules explores further";
  } else if (r.verdict == sched::Verdict::incomplete) {
    r.report = summary() + ": " + r.report;
  }
  r.steps = schedules;
  return r;
}

DfsOutcome dfs_campaign(const SimSetup& setup, uint64_t seed, uint32_t bound,
                        uint64_t max_schedules) {
  DfsOutcome out;
  sched::DfsExplorer dfs(bound);
  while (out.schedules < max_schedules) {
    auto strategy = dfs.next_run();
    if (!strategy) break;
    const sched::ChoiceLog prefix = dfs.prefix();
    RunDir dir;
    sched::RunResult r = sched::run_in_child(
        sim_job_with(setup, seed, *strategy, dir.path(), false), setup.child_limit_ms);
    ++out.schedules;
    child_progress_bump();  // a search that completes schedules is not stuck
    if (r.verdict == sched::Verdict::ok && !followed(prefix, r.choices)) {
      r.verdict = sched::Verdict::diverged;
      r.report = "a DFS run did not follow its prefix of " + std::to_string(prefix.size()) +
                 " choices: the engine or harness is not deterministic";
    }
    if (!r.ok()) {
      out.failure = std::move(r);
      return out;
    }
    dfs.finish_run(r.choices);
  }
  out.exhausted = dfs.exhausted();
  return out;
}

}  // namespace enginesim::cli
