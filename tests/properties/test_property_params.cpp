// test_property_params.cpp - ENGINESIM_PROPERTY_CASES / _SEED: defaults,
// overrides and clear errors for bad values.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "properties/engine_target.h"
#include "properties/property_params.h"

namespace enginesim::properties {
namespace {

// Sets (or unsets, with nullptr) an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

TEST(PropertyParams, DefaultsAreFixedPerPropertyId) {
  ScopedEnv cases(kCasesEnv, nullptr);
  ScopedEnv seed(kSeedEnv, nullptr);
  std::string error;
  const auto a = params_from_environment("sequential/fs_sync", &error);
  const auto a_again = params_from_environment("sequential/fs_sync", &error);
  const auto b = params_from_environment("sequential/mem", &error);
  ASSERT_TRUE(a && a_again && b) << error;
  EXPECT_EQ(a->cases_max, kCasesDefault);
  EXPECT_EQ(a->seed, a_again->seed);
  EXPECT_NE(a->seed, b->seed);
  EXPECT_NE(describe(*a).find("seed " + std::to_string(a->seed)), std::string::npos);
}

TEST(PropertyParams, EnvironmentRaisesCasesAndSetsTheSeed) {
  ScopedEnv cases(kCasesEnv, "5000");
  ScopedEnv seed(kSeedEnv, "42");
  std::string error;
  const auto p = params_from_environment("sequential/fs_sync", &error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->cases_max, 5000);
  EXPECT_EQ(p->seed, 42u);
  EXPECT_EQ(p->seed_from, kSeedEnv);
}

TEST(PropertyParams, BadValuesAreRejectedWithTheVariableNamed) {
  for (const char* bad : {"", "0", "-3", "12x", "99999999999"}) {
    ScopedEnv cases(kCasesEnv, bad);
    std::string error;
    EXPECT_FALSE(params_from_environment("p", &error)) << bad;
    EXPECT_NE(error.find(kCasesEnv), std::string::npos) << error;
  }
  ScopedEnv seed(kSeedEnv, "seven");
  std::string error;
  EXPECT_FALSE(params_from_environment("p", &error));
  EXPECT_NE(error.find(kSeedEnv), std::string::npos) << error;
}

TEST(EngineTarget, TmpdirPlaceholderIsReplacedEverywhere) {
  EXPECT_EQ(config_in("dir={tmpdir};x={tmpdir}/y", "/t"), "dir=/t;x=/t/y");
  EXPECT_EQ(config_in("mode=sync", "/t"), "mode=sync");
}

}  // namespace
}  // namespace enginesim::properties
