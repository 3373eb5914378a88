// check.h - invariant checks that stay on in every build (never tied to
// NDEBUG). Header-only: fakes/, harness/, fuzz/, properties/ and tests/ all
// use it, and it depends on nothing of theirs.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace enginesim {

// The failure path of ES_CHECK: names the broken invariant and its place on
// stderr, then aborts (a core dump, a signal the parent of a forked child sees).
[[noreturn]] inline void check_failed(const char* expr, const char* file, int line,
                                      const char* message) {
  std::fprintf(stderr, "enginesim: internal invariant failed: %s (%s:%d)%s%s\n", expr, file, line,
               message ? ": " : "", message ? message : "");
  std::abort();
}

}  // namespace enginesim

// ES_CHECK(cond) / ES_CHECK_MSG(cond, "why"): abort with the location when a
// harness invariant does not hold. Engine misbehaviour is never checked this
// way: it is reported as a verdict.
#define ES_CHECK(cond) \
  ((cond) ? (void)0 : ::enginesim::check_failed(#cond, __FILE__, __LINE__, nullptr))
#define ES_CHECK_MSG(cond, msg) \
  ((cond) ? (void)0 : ::enginesim::check_failed(#cond, __FILE__, __LINE__, (msg)))
