// code_site.h - names a code address for a report: the function and the
// module offset ("s_arithmetic (stripes_engine.so+0x1a2b)") from dladdr, and
// the source line from addr2line when it is installed and the module has
// debug information. Used for the sites of leaked blocks (engine_heap.h) and
// of lock acquisitions (harness/sched/lock_order.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace enginesim {

// "function (module+0xoffset)", "module+0xoffset" without a symbol, or the
// bare address when no loaded module holds it.
std::string describe_code_address(const void* address);

// describe_code_address with what addr2line adds for `address` (an
// instruction, not a return address): the function even when the module does
// not export it (a static C function) and " at file.c:88" when the module has
// debug information; where code was inlined (std::lock_guard, std::mutex::lock)
// the innermost function outside the system's headers (/usr/...). Runs addr2line (when installed):
// for reports only, never on a hot path, and not from a thread the scheduler controls unless its
// wrappers pass through (set_passthrough).
std::string describe_code_site(const void* address);

// describe_code_site for code that is no longer mapped (a dead child's):
// each offset of `module` (a path) named by one run of addr2line, or
// "module+0xoffset" where it knows no function.
std::vector<std::string> describe_code_offsets(const std::string& module,
                                               const std::vector<uint64_t>& offsets);

}  // namespace enginesim
