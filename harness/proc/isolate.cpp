// isolate.cpp - one child, in a pool of its own.
#include "harness/proc/isolate.h"

namespace enginesim {

IsolatedResult run_isolated(const ChildWork& work, const ChildSpec& spec) {
  ChildPool pool;
  pool.start(0, work, spec);
  return pool.wait_one().second;
}

}  // namespace enginesim
