// ep_fixture.h - a fresh data directory, a fake core and the ep engine
// loaded into it for each test, with short bounded waits for the engine's
// background tasks.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "tests/engine/engine_fixture.h"

namespace enginesim {

class EpEngineTest : public EngineFixture<::testing::Test> {
 protected:
  explicit EpEngineTest(CoreOptions core_options = {})
      : EngineFixture(EP_ENGINE_PATH, core_options) {}
  std::string log_path() const { return dir_.path() + "/ep.log"; }

  std::string config(const std::string& extra) const {
    return "dbdir=" + dir_.path() + (extra.empty() ? "" : ";" + extra);
  }

  // (Re)loads the engine on the same directory; the previous one is
  // destroyed (and so flushed) first.
  void load(const std::string& extra = "") { load_config(config(extra)); }
  // Loads and waits for warmup to finish.
  void load_warm(const std::string& extra = "") {
    load(extra);
    ASSERT_TRUE(wait_stat("ep_warmup_complete", 1)) << "warmup did not complete";
  }
  // Polls until `done` holds; the engine's tasks run on real threads until
  // the scheduler controls them, so waits are real but short and bounded.
  static bool wait_until(const std::function<bool()>& done, int limit_ms = 2000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  }
  bool wait_stat(const std::string& name, uint64_t at_least) {
    return wait_until([&] { return stat(name) >= at_least; });
  }
};

}  // namespace enginesim
