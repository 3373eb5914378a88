// check.h - MEM_CHECK: invariant checks of the mem engine, on in every build.
#pragma once

namespace mem {
[[noreturn]] void check_failed(const char* expr, const char* file, int line);
}  // namespace mem

// An engine invariant that does not hold is a bug in this engine, never a
// client error: abort at once with the location rather than corrupt the cache.
#define MEM_CHECK(cond) \
  ((cond) ? (void)0 : ::mem::check_failed(#cond, __FILE__, __LINE__))
