// choice.h - one decision of a run (which thread runs, which waiter a signal
// wakes, how a timed wait ends, a core-side choice): what a schedule records.
#pragma once

#include <cstdint>
#include <vector>

namespace enginesim::sched {

enum class ChoiceKind : uint8_t {
  thread,   // which enabled thread runs next
  wake,     // which condition waiter a signal wakes
  outcome,  // how a wait ends: signalled and past its deadline (0 signal,
            // 1 timeout); with spurious wake-ups on, at each wait (1 spurious)
  core,     // a choice asked for by harness code through Scheduler::choose
  fault     // whether an I/O call of a controlled thread fails, and how
            // (io_faults.h); weighted by the run's fault profile
};
char to_char(ChoiceKind kind);
bool choice_kind_from_char(char c, ChoiceKind* kind);

struct ChoiceRecord {
  ChoiceKind kind = ChoiceKind::thread;
  // For a thread choice: option 0 is the thread that was running and could go
  // on, so picking another option is a preemption (DFS bounds those).
  bool preemptible = false;
  uint32_t count = 0;   // options offered (> 1: single options are not recorded)
  uint32_t picked = 0;  // < count
  bool operator==(const ChoiceRecord&) const = default;
};

using ChoiceLog = std::vector<ChoiceRecord>;

}  // namespace enginesim::sched
