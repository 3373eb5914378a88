// shared_choice_log.h - a fixed-capacity choice log in memory shared with
// forked children: a run's child appends every choice as it is made, so the
// parent knows the schedule even when the child crashes before it can send
// its result (a crash is exactly the run worth recording).
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/sched/choice.h"

namespace enginesim::fuzz {

class SharedChoiceLog {
 public:
  explicit SharedChoiceLog(size_t capacity);
  ~SharedChoiceLog();
  SharedChoiceLog(const SharedChoiceLog&) = delete;
  SharedChoiceLog& operator=(const SharedChoiceLog&) = delete;

  void clear();
  // False when full: the run then has more choices than the log keeps.
  bool append(const sched::ChoiceRecord& record);
  sched::ChoiceLog read() const;
  bool overflowed() const;

 private:
  struct Shared;
  Shared* shared_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace enginesim::fuzz
