// check.h - invariant checks that stay on in every build (never tied to NDEBUG).
#pragma once

namespace enginesim {
[[noreturn]] void check_failed(const char* expr, const char* file, int line,
                               const char* message);
}  // namespace enginesim

// ES_CHECK(cond) / ES_CHECK_MSG(cond, "why"): abort with the location when a
// harness invariant does not hold. Engine misbehaviour is never checked this
// way: it is reported as a verdict.
#define ES_CHECK(cond) \
  ((cond) ? (void)0 : ::enginesim::check_failed(#cond, __FILE__, __LINE__, nullptr))
#define ES_CHECK_MSG(cond, msg) \
  ((cond) ? (void)0 : ::enginesim::check_failed(#cond, __FILE__, __LINE__, (msg)))
