// check.h - EP_CHECK: invariant checks of the ep engine, on in every build.
#pragma once

namespace ep {
[[noreturn]] void check_failed(const char* expr, const char* file, int line);
}  // namespace ep

// A broken engine invariant is a bug here, never a client error: stop at once
// with the location rather than persist corrupt state.
#define EP_CHECK(cond) ((cond) ? (void)0 : ::ep::check_failed(#cond, __FILE__, __LINE__))
