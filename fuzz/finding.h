// finding.h - how a fuzz target reports a broken rule: one message naming
// the rule and what was seen, then a trap, so libFuzzer saves the input as a
// crash artifact (a finding) exactly as it does for a sanitizer report.
#pragma once

#include <cstdio>
#include <string>

namespace enginesim::fuzz {

[[noreturn]] inline void report_finding(const std::string& what) {
  std::fprintf(stderr, "\n==enginesim-fuzz== FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

// Like assert, but active in every build type and reported as a finding.
#define ES_FUZZ_REQUIRE(cond, message)                       \
  do {                                                       \
    if (!(cond)) ::enginesim::fuzz::report_finding(message); \
  } while (0)

}  // namespace enginesim::fuzz
