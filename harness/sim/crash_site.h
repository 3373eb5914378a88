// crash_site.h - where a dead child's crash struck, in words: its frames
// (sched::Death::frames) named by addr2line, innermost first, and whether the
// code that faulted is enginesim's own rather than the engine's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/sched/run_result.h"

namespace enginesim::cli {

// The C and C++ runtime's modules (libc, libstdc++, libgcc_s, libm, the
// dynamic loader), by a path or a base name: a crash's first frame outside
// them says whose code faulted. One list for the report and for grouping
// (failure_signature.cpp), which reads the base names the report prints.
bool runtime_module(std::string_view module);

// "" without frames; else "where: f (engine.so+0x1a2b) at engine.c:12\n"
// and a "  called from ..." line per caller: 8 lines, or more, to show 3
// callers of the first frame outside the runtime (runtime_module); then, when that
// frame is enginesim's executable, a line that says so.
std::string describe_crash_site(const std::vector<sched::CodeOffset>& frames);

}  // namespace enginesim::cli
