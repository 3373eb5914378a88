// check.cpp - the failure path of ES_CHECK.
#include "check.h"

#include <cstdio>
#include <cstdlib>

namespace enginesim {
void check_failed(const char* expr, const char* file, int line,
                  const char* message) {
  std::fprintf(stderr, "enginesim: internal invariant failed: %s (%s:%d)%s%s\n",
               expr, file, line, message ? ": " : "", message ? message : "");
  std::abort();
}
}  // namespace enginesim
