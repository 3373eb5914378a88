// ep_fixture.h - a fresh data directory, a fake core and the ep engine
// loaded into it for each test, with short bounded waits for the engine's
// background tasks.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim {

// mkdtemp'd directory, removed with everything in it.
class EpDataDir {
 public:
  EpDataDir() {
    char tmpl[] = "/tmp/enginesim-ep-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~EpDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  EpDataDir(const EpDataDir&) = delete;
  EpDataDir& operator=(const EpDataDir&) = delete;
  const std::string& path() const { return path_; }
  std::string log_path() const { return path_ + "/ep.log"; }

 private:
  std::string path_;
};

class EpEngineTest : public ::testing::Test {
 protected:
  std::string config(const std::string& extra) const {
    return "dbdir=" + dir_.path() + (extra.empty() ? "" : ";" + extra);
  }

  // (Re)loads the engine on the same directory; the previous one is
  // destroyed (and so flushed) first.
  void load(const std::string& extra = "") {
    unload();
    LoadOptions options;
    options.config = config(extra);
    LoadError error{};
    engine_ = load_engine(EP_ENGINE_PATH, core_, options, &error);
    ASSERT_NE(engine_, nullptr) << error.message;
    client_ = std::make_unique<EngineClient>(core_, engine_->handle());
    if (conn_ == nullptr) conn_ = &core_.connect();
  }
  // Loads and waits for warmup to finish.
  void load_warm(const std::string& extra = "") {
    load(extra);
    ASSERT_TRUE(wait_stat("ep_warmup_complete", 1)) << "warmup did not complete";
  }
  void unload() {
    client_.reset();
    engine_.reset();
  }
  LoadError load_failure(const std::string& full_config) {
    LoadOptions options;
    options.config = full_config;
    LoadError error{};
    auto engine = load_engine(EP_ENGINE_PATH, core_, options, &error);
    EXPECT_EQ(engine, nullptr) << "config \"" << full_config << "\" was accepted";
    return error;
  }

  ENGINE_HANDLE* handle() { return engine_->handle(); }
  ENGINE_HANDLE_V1* v1() { return engine_->v1(); }

  OpResult set(std::string_view key, std::string_view value, uint32_t flags = 0,
               time_t exptime = 0) {
    return client_->store(*conn_, OPERATION_SET, key, value, flags, exptime);
  }
  OpResult store(ENGINE_STORE_OPERATION op, std::string_view key, std::string_view value,
                 uint64_t cas = 0) {
    return client_->store(*conn_, op, key, value, 0, 0, cas);
  }
  OpResult get(std::string_view key) { return client_->get(*conn_, key); }
  OpResult remove(std::string_view key, uint64_t cas = 0) {
    return client_->remove(*conn_, key, cas);
  }
  OpResult incr(std::string_view key, uint64_t delta) {
    return client_->arithmetic(*conn_, key, true, delta);
  }
  OpResult decr(std::string_view key, uint64_t delta) {
    return client_->arithmetic(*conn_, key, false, delta);
  }

  std::map<std::string, std::string> stats(std::string_view group = "") {
    StatsResult result = client_->stats(*conn_, group);
    EXPECT_EQ(result.status, ENGINE_SUCCESS);
    std::map<std::string, std::string> out;
    for (auto& [key, value] : result.stats) {
      EXPECT_TRUE(out.emplace(key, value).second) << "duplicate stat " << key;
    }
    return out;
  }
  uint64_t stat(const std::string& name) {
    auto all = stats();
    auto it = all.find(name);
    EXPECT_NE(it, all.end()) << "no stat " << name;
    return it == all.end() ? ~0ull : std::stoull(it->second);
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

  // Declaration order is destruction order reversed: engine, core, directory.
  EpDataDir dir_;
  Core core_;
  std::unique_ptr<LoadedEngine> engine_;
  std::unique_ptr<EngineClient> client_;
  Connection* conn_ = nullptr;
};

}  // namespace enginesim
