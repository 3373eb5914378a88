// dfs_explorer.cpp - backtracking over recorded choice logs.
#include "harness/sched/dfs_explorer.h"

#include "enginesim/check.h"
#include "harness/sched/replay_strategy.h"

namespace enginesim::sched {

std::unique_ptr<Strategy> DfsExplorer::next_run() {
  ES_CHECK_MSG(!pending_, "finish_run must follow next_run");
  if (exhausted_) return nullptr;
  pending_ = true;
  return std::make_unique<ReplayStrategy>(prefix_, ReplayStrategy::Mode::prefix,
                                          "dfs:" + std::to_string(preemptions_max_));
}

void DfsExplorer::finish_run(const ChoiceLog& choices) {
  ES_CHECK(pending_);
  pending_ = false;
  ++runs_;
  // The run must have followed the prefix, else the program is not
  // deterministic and the exploration would be meaningless.
  ES_CHECK_MSG(choices.size() >= prefix_.size(), "a DFS run diverged from its prefix");
  for (size_t i = 0; i < prefix_.size(); ++i) {
    ES_CHECK_MSG(choices[i].picked == prefix_[i].picked && choices[i].count == prefix_[i].count,
                 "a DFS run diverged from its prefix");
  }
  // Preemptions used before each position.
  std::vector<uint32_t> used(choices.size() + 1, 0);
  for (size_t i = 0; i < choices.size(); ++i) {
    const bool preempts =
        choices[i].kind == ChoiceKind::thread && choices[i].preemptible && choices[i].picked != 0;
    used[i + 1] = used[i] + (preempts ? 1 : 0);
  }
  for (size_t i = choices.size(); i-- > 0;) {
    const ChoiceRecord& c = choices[i];
    if (c.picked + 1 >= c.count) continue;
    // Any alternative > 0 at a preemptible thread choice costs one preemption.
    const bool costs = c.kind == ChoiceKind::thread && c.preemptible;
    if (costs && used[i] + 1 > preemptions_max_) continue;
    prefix_.assign(choices.begin(), choices.begin() + static_cast<std::ptrdiff_t>(i));
    ChoiceRecord next = c;
    next.picked = c.picked + 1;
    prefix_.push_back(next);
    return;
  }
  exhausted_ = true;
}

}  // namespace enginesim::sched
