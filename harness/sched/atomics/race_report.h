// race_report.h - a found race as text: both accesses, their threads, and
// where in the engine's source they are (the instrumented program counters,
// symbolized with dladdr and addr2line).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/sched/atomics/race_detector.h"

namespace enginesim::atomics {

// "engine.c:42 (publish+0x1c, libflag.so)"; the module and offset alone
// when addr2line is not installed or the code has no debug information.
std::string symbolize(const void* pc);

// `alive` is called before each addr2line: it tells the scheduler's watchdog
// that the running thread is busy in the harness, not stuck in the engine.
std::string describe_race(const Race& race, const std::vector<std::string>& thread_names,
                          const std::function<void()>& alive);

}  // namespace enginesim::atomics
