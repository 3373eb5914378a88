// mem_fixture.h - loads the mem engine into a fresh fake core for each test
// and offers short helpers over EngineClient.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim {

class MemEngineTest : public ::testing::Test {
 protected:
  // Loads MEM_ENGINE_PATH with `config`; fails the test when it cannot.
  void load(const std::string& config = "") {
    LoadOptions options;
    options.config = config;
    LoadError error{};
    engine_ = load_engine(MEM_ENGINE_PATH, core_, options, &error);
    ASSERT_NE(engine_, nullptr) << error.message;
    client_ = std::make_unique<EngineClient>(core_, engine_->handle());
    conn_ = &core_.connect();
  }

  // Loading that is expected to fail; returns the error.
  LoadError load_failure(const std::string& config) {
    LoadOptions options;
    options.config = config;
    LoadError error{};
    auto engine = load_engine(MEM_ENGINE_PATH, core_, options, &error);
    EXPECT_EQ(engine, nullptr) << "config \"" << config << "\" was accepted";
    return error;
  }

  OpResult set(std::string_view key, std::string_view value, uint32_t flags = 0,
               time_t exptime = 0) {
    return client_->store(*conn_, OPERATION_SET, key, value, flags, exptime);
  }
  OpResult store(ENGINE_STORE_OPERATION op, std::string_view key, std::string_view value,
                 uint64_t cas = 0) {
    return client_->store(*conn_, op, key, value, 0, 0, cas);
  }
  OpResult get(std::string_view key) { return client_->get(*conn_, key); }

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

  ENGINE_HANDLE_V1* v1() { return engine_->v1(); }
  ENGINE_HANDLE* handle() { return engine_->handle(); }

  // Declaration order matters: the engine is destroyed before the core.
  Core core_;
  std::unique_ptr<LoadedEngine> engine_;
  std::unique_ptr<EngineClient> client_;
  Connection* conn_ = nullptr;
};

}  // namespace enginesim
