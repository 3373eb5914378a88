// child_progress.h - how a forked child tells its parent that it is still
// getting somewhere: a counter in a page shared by the two. The scheduler
// advances it at every step, a DFS search at every schedule; at a wall-clock
// limit the parent tells a child that is still moving (an incomplete run: the
// budget was spent) from one that is stuck (a hang: it dies).
#pragma once

#include <atomic>
#include <cstdint>

namespace enginesim {

class ProgressCell {
 public:
  ProgressCell();  // maps the shared page: call before fork
  ~ProgressCell();
  ProgressCell(const ProgressCell&) = delete;
  ProgressCell& operator=(const ProgressCell&) = delete;

  // In the child: child_progress_bump() advances this cell from now on.
  void in_child();
  uint64_t value() const;

 private:
  std::atomic<uint64_t>* counter_ = nullptr;
};

// Advances the counter of the cell this process was forked with (nothing in
// a process that was not). One per process, set once in the child before it
// runs anything: the scheduler's step has no other way to reach it, and a
// counter only ever advanced cannot disturb a run. One writer at a time: the
// controlled thread holding the scheduler's baton, or a dfs campaign's
// driver between runs.
void child_progress_bump(uint64_t n = 1);

// The parent's view: notes each change of the value and says whether the
// child moved within the last `stall_ms` (of the parent's wall clock).
class ProgressWatch {
 public:
  explicit ProgressWatch(uint32_t stall_ms) : stall_ms_(stall_ms) {}
  void observe(uint64_t value, uint64_t now_ms);
  bool moving(uint64_t now_ms) const;
  uint64_t last() const { return last_; }

 private:
  uint32_t stall_ms_;
  uint64_t last_ = 0;
  uint64_t changed_ms_ = 0;
  bool seen_change_ = false;
};

// How long a child may go without progress and still count as moving when
// its wall-clock limit `limit_ms` strikes: a sixth of it, at least 5 s (one
// step never takes that long: the watchdog ends a thread that runs 3 s
// without a scheduling point).
uint32_t stall_ms_for(uint32_t limit_ms);

}  // namespace enginesim
