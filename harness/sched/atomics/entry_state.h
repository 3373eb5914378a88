// entry_state.h - what the __tsan_* entry points (tsan_entry_*.cpp) consult
// on every call of an instrumented engine: whether plain accesses are
// watched at all (--races), and which controlled thread makes the call.
#pragma once

#include <atomic>

#include "harness/sched/sched_core.h"

namespace enginesim::atomics {

// Set while a run with --races is on: without it a plain access costs one
// relaxed load and a return.
extern std::atomic<bool> g_accesses_watched;

// The controlled thread of a run with --atomics, or null: the operation then
// just happens (really atomically), as it would without enginesim.
inline sched::ThreadRec* atomics_self() {
  sched::ThreadRec* self = sched::controlled_self();
  return self != nullptr && self->core->options().atomics ? self : nullptr;
}

}  // namespace enginesim::atomics
