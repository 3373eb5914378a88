// choice_list_strategy.h - follows a list of numbers drawn elsewhere (by a
// property-test generator): decision i picks option list[i mod size] mod
// count, so a short list describes a whole run's schedule; an empty list
// (or one of zeros) is the schedule without preemption. Shrinking the list
// towards fewer and smaller numbers shrinks the schedule towards that.
#pragma once

#include <string>
#include <vector>

#include "harness/sched/strategy.h"

namespace enginesim::sched {

class ChoiceListStrategy final : public Strategy {
 public:
  explicit ChoiceListStrategy(std::vector<uint32_t> list) : list_(std::move(list)) {}
  uint32_t choose(const ChoiceContext&, uint32_t count) override {
    if (list_.empty()) return 0;
    return list_[next_++ % list_.size()] % count;
  }
  std::string spec() const override { return "choices"; }

 private:
  std::vector<uint32_t> list_;
  size_t next_ = 0;
};

}  // namespace enginesim::sched
