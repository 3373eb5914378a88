// engine_fixture.h - what every engine test fixture shares: a fresh temp
// directory, a fake core, the engine loaded into it, one connection, and
// short helpers over EngineClient. TestBase is ::testing::Test or a
// TestWithParam; each engine's fixture adds its own config and specifics.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "enginesim/temp_dir.h"
#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim {

template <class TestBase>
class EngineFixture : public TestBase {
 protected:
  explicit EngineFixture(const char* engine_path, CoreOptions core_options = {})
      : engine_path_(engine_path), core_(core_options) {}

  // (Re)loads the engine with `config`; the previous one is destroyed first.
  // The connection survives reloads.
  void load_config(const std::string& config) {
    unload();
    LoadOptions options;
    options.config = config;
    LoadError error{};
    engine_ = load_engine(engine_path_, core_, options, &error);
    ASSERT_NE(engine_, nullptr) << error.message;
    client_ = std::make_unique<EngineClient>(core_, engine_->handle());
    if (conn_ == nullptr) conn_ = &core_.connect();
  }
  void unload() {
    client_.reset();
    engine_.reset();
  }
  // Loading that is expected to fail; returns the error.
  LoadError load_failure(const std::string& config) {
    LoadOptions options;
    options.config = config;
    LoadError error{};
    auto engine = load_engine(engine_path_, core_, options, &error);
    EXPECT_EQ(engine, nullptr) << "config \"" << config << "\" was accepted";
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

  // All stats of a group, by name; fails the test on a duplicate name.
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
    return it == all.end() ? UINT64_MAX : std::stoull(it->second);
  }

  // Declaration order is destruction order reversed: the engine goes first,
  // then the core, then the directory.
  const char* engine_path_;
  TempDir dir_;
  Core core_;
  std::unique_ptr<LoadedEngine> engine_;
  std::unique_ptr<EngineClient> client_;
  Connection* conn_ = nullptr;
};

}  // namespace enginesim
