// crash_site.h - where a dead child's crash struck, in words: its frames
// (sched::Death::frames) named by addr2line, innermost first, and whether the
// code that faulted is enginesim's own rather than the engine's.
#pragma once

#include <string>
#include <vector>

#include "harness/sched/run_result.h"

namespace enginesim::cli {

// "" without frames; else "where: f (engine.so+0x1a2b) at engine.c:12\n"
// and a "  called from ..." line per caller: 8 lines, or more, to show 3
// callers of the first frame outside the C and C++ libraries; then, when that
// frame is enginesim's executable, a line that says so.
std::string describe_crash_site(const std::vector<sched::CodeOffset>& frames);

}  // namespace enginesim::cli
