// monitor_fixture.h - one engine loaded through the contract monitor into a
// fresh fake core, and the rule ids it reported, for the monitor's tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/monitor/monitor.h"

namespace enginesim {

// Declared in the order they must die in: client, engine, monitor, core.
struct MonitoredRun {
  explicit MonitoredRun(uint32_t notify_timeout_ms = 300, MonitorOptions options = {})
      : core(CoreOptions{.notify_timeout_ms = notify_timeout_ms}), monitor(core, options) {}

  // Loads `path`; false (and a test failure) when it cannot.
  bool load(const std::string& path, const std::string& config, bool initialize = true,
            abi::Profile abi = abi::Profile::tutorial_2010) {
    LoadOptions options;
    options.abi = abi;
    options.config = config;
    options.initialize = initialize;
    options.wrap = monitor.wrapper();
    LoadError error{};
    engine = load_engine(path, core, options, &error);
    EXPECT_NE(engine, nullptr) << error.message;
    if (engine == nullptr) return false;
    client = std::make_unique<EngineClient>(core, engine->handle());
    conn = &core.connect();
    return true;
  }

  // Destroys the engine and runs the monitor's end-of-run checks.
  void end() {
    client.reset();
    if (engine) engine->destroy();
    monitor.finish();
  }

  // The distinct rule ids reported so far.
  std::set<std::string> rules() const {
    std::set<std::string> out;
    for (const auto& v : monitor.violations()) out.insert(v.rule);
    return out;
  }
  // The distinct rule ids of the strict findings kept as warnings.
  std::set<std::string> warned_rules() const {
    std::set<std::string> out;
    for (const auto& v : monitor.warnings()) out.insert(v.rule);
    return out;
  }

  Core core;
  ContractMonitor monitor;
  std::unique_ptr<LoadedEngine> engine;
  std::unique_ptr<EngineClient> client;
  Connection* conn = nullptr;
};

}  // namespace enginesim
