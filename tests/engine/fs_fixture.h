// fs_fixture.h - a fresh temp directory, a fake core and the fs engine
// loaded into it for each test, parameterised by the engine's mode.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/engine/engine_fixture.h"

namespace enginesim {

class FsEngineTest : public EngineFixture<::testing::TestWithParam<std::string>> {
 protected:
  FsEngineTest() : EngineFixture(FS_ENGINE_PATH) {}
  void SetUp() override { load(); }

  std::string mode() const { return GetParam(); }
  bool blocking_mode() const { return mode() != "sync"; }
  std::string config(const std::string& extra = "") const {
    return "dir=" + dir_.path() + ";mode=" + mode() + ";threads=3" + extra;
  }
  // (Re)loads the engine; the previous one is destroyed first.
  void load(const std::string& extra = "") { load_config(config(extra)); }

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
};

}  // namespace enginesim
