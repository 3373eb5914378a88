// probe.h - loads the sched_probe module and runs one probe under the
// scheduler in a forked child.
#pragma once

#include <dlfcn.h>

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "harness/sim/isolated_run.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched::testing {

// The probe module, opened once per process like an engine.
inline void* probe_module() {
  static void* handle = dlopen(SCHED_PROBE_PATH, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) ADD_FAILURE() << "dlopen " << SCHED_PROBE_PATH << ": " << dlerror();
  return handle;
}

template <class Fn>
Fn* probe(const char* name) {
  void* sym = dlsym(probe_module(), name);
  EXPECT_NE(sym, nullptr) << name;
  return reinterpret_cast<Fn*>(sym);
}

// Runs `body` under a strategy built by `make` in a forked child.
inline RunResult run_with(const std::function<std::unique_ptr<Strategy>()>& make,
                          const std::function<void()>& body, SchedOptions options = {}) {
  return run_in_child([&] {
    PlainTime time;
    auto strategy = make();
    Scheduler scheduler(*strategy, time, options);
    return scheduler.run(body);
  });
}

inline RunResult run_spec(const std::string& spec, uint64_t seed,
                          const std::function<void()>& body, SchedOptions options = {}) {
  return run_with(
      [&] {
        std::string error;
        auto s = make_strategy(spec, seed, &error);
        if (!s) ADD_FAILURE() << error;
        return s;
      },
      body, std::move(options));
}

}  // namespace enginesim::sched::testing
