// fs_fixture.h - a fresh temp directory, a fake core and the fs engine
// loaded into it for each test, parameterised by the engine's mode.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"

namespace enginesim {

// mkdtemp'd directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/enginesim-fs-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class FsEngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { load(); }

  std::string mode() const { return GetParam(); }
  bool blocking_mode() const { return mode() != "sync"; }
  std::string config(const std::string& extra = "") const {
    return "dir=" + dir_.path() + ";mode=" + mode() + ";threads=3" + extra;
  }

  // (Re)loads the engine; the previous one is destroyed first.
  void load(const std::string& extra = "") {
    unload();
    LoadOptions options;
    options.config = config(extra);
    LoadError error{};
    engine_ = load_engine(FS_ENGINE_PATH, core_, options, &error);
    ASSERT_NE(engine_, nullptr) << error.message;
    client_ = std::make_unique<EngineClient>(core_, engine_->handle());
    conn_ = &core_.connect();
  }
  void unload() {
    client_.reset();
    engine_.reset();
  }

  OpResult set(std::string_view key, std::string_view value, uint32_t flags = 0,
               time_t exptime = 0) {
    return client_->store(*conn_, OPERATION_SET, key, value, flags, exptime);
  }
  OpResult store(ENGINE_STORE_OPERATION op, std::string_view key,
                 std::string_view value, uint64_t cas = 0) {
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

  std::map<std::string, std::string> stats() {
    StatsResult result = client_->stats(*conn_);
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

  // Every regular file under the data directory, relative to it.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
      if (entry.is_regular_file()) {
        out.push_back(std::filesystem::relative(entry.path(), dir_.path()).string());
      }
    }
    return out;
  }

  // Declaration order is destruction order reversed: the engine goes first,
  // then the core, then the directory.
  TempDir dir_;
  Core core_;
  std::unique_ptr<LoadedEngine> engine_;
  std::unique_ptr<EngineClient> client_;
  Connection* conn_ = nullptr;
};

}  // namespace enginesim
