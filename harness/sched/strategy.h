// strategy.h - the interface every scheduling strategy implements, and the
// factory that builds one from a spec such as "random", "pct:2" or "dfs:2".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/sched/choice.h"

namespace enginesim::sched {

using ThreadId = uint32_t;  // 0 = the run's root thread, then creation order

// What the scheduler tells a strategy about a pending decision.
struct ChoiceContext {
  ChoiceKind kind = ChoiceKind::thread;
  uint64_t step = 0;  // scheduling steps taken so far
  // For thread choices: the options, in offer order (the running thread
  // first when it may go on, then ascending ids).
  const std::vector<ThreadId>* threads = nullptr;
  bool preemptible = false;  // options[0] is the running thread
  // Fault choices: the relative weight of each option (same size as the
  // count; option 0 = no fault). Random strategies draw by weight, replay
  // ignores it; null = all options equally likely.
  const std::vector<uint32_t>* weights = nullptr;
};

// A draw in [0, weights.size()) proportional to the weights (sum > 0).
template <class Rng>
uint32_t weighted_pick(Rng& rng, const std::vector<uint32_t>& weights) {
  uint64_t total = 0;
  for (uint32_t w : weights) total += w;
  uint64_t x = rng.below(total);
  for (uint32_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return static_cast<uint32_t>(weights.size() - 1);
}

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Picks an option in [0, count), count >= 2. A strategy that cannot follow
  // the run (a replay that diverged) returns count and explains in error().
  virtual uint32_t choose(const ChoiceContext& ctx, uint32_t count) = 0;
  // A thread was created (ids arrive in order); PCT gives it a priority.
  virtual void on_thread_created(ThreadId /*id*/) {}
  // Why choose() returned an out-of-range answer; empty when it never did.
  virtual std::string error() const { return {}; }
  // The spec that recreates this strategy ("pct:2:300").
  virtual std::string spec() const = 0;
};

// Parses "random", "pct:D[:K]" (K = estimated steps, default 1000),
// "dfs" prefix-following runs are built by DfsExplorer, not here.
// Returns null and fills `error` on a bad spec.
std::unique_ptr<Strategy> make_strategy(const std::string& spec, uint64_t seed, std::string* error);

}  // namespace enginesim::sched
