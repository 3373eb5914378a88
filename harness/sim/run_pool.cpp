// run_pool.cpp - a ChildPool whose children send RunResults.
#include "harness/sim/run_pool.h"

#include "harness/sim/isolated_run.h"

namespace enginesim::sched {

void RunPool::start(uint64_t tag, const std::function<RunResult()>& fn,
                    const std::string& progress_unit) {
  const uint64_t id = next_id_++;
  Run& run = runs_[id];
  run.tag = tag;
  run.progress_unit = progress_unit;
  run.journal = std::make_unique<ChildJournal>();
  pool_.start(id, run_result_work(fn), run_child_spec(wall_limit_ms_, run.journal.get()));
}

std::pair<uint64_t, RunResult> RunPool::wait_one() {
  auto [id, end] = pool_.wait_one();
  auto it = runs_.find(id);
  const Run run = std::move(it->second);
  runs_.erase(it);
  return {run.tag, child_outcome(end, wall_limit_ms_, run.progress_unit, run.journal.get())};
}

}  // namespace enginesim::sched
