// mem_fixture.h - the mem engine loaded into a fresh fake core for each test.
#pragma once

#include "tests/engine/engine_fixture.h"

namespace enginesim {

class MemEngineTest : public EngineFixture<::testing::Test> {
 protected:
  MemEngineTest() : EngineFixture(MEM_ENGINE_PATH) {}
  // Loads MEM_ENGINE_PATH with `config`; fails the test when it cannot.
  void load(const std::string& config = "") { load_config(config); }
};

}  // namespace enginesim
