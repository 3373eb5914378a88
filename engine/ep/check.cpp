// check.cpp - what a failed EP_CHECK does.
#include "check.h"

#include <cstdio>
#include <cstdlib>

namespace ep {

void check_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "ep engine: invariant failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}

}  // namespace ep
