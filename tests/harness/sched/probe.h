// probe.h - loads a probe module (sched_probe, or another test module) and
// runs one probe under the scheduler in a forked child.
#pragma once

#include <dlfcn.h>

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "harness/sched/scheduler.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched::testing {

// A symbol of the probe module at `path`, the module opened once per
// process like an engine (modules stay open: dlopen of the same path gives
// the same handle).
template <class Fn>
Fn* module_symbol(const char* path, const char* name) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) ADD_FAILURE() << "dlopen " << path << ": " << dlerror();
  void* sym = handle != nullptr ? dlsym(handle, name) : nullptr;
  EXPECT_NE(sym, nullptr) << name;
  return reinterpret_cast<Fn*>(sym);
}

#ifdef SCHED_PROBE_PATH
// A probe of engine/testing/sched's sched_probe module.
template <class Fn>
Fn* probe(const char* name) {
  return module_symbol<Fn>(SCHED_PROBE_PATH, name);
}
#endif

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

inline RunResult run_spec(const std::string& spec, uint64_t seed, const std::function<void()>& body,
                          SchedOptions options = {}) {
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
