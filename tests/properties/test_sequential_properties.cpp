// test_sequential_properties.cpp - the sequential model-based property holds
// for every reference engine and mode (ENGINESIM_PROPERTY_CASES cases each,
// 100 by default).
#include <gtest/gtest.h>

#include <iostream>

#include "properties/engine_target.h"
#include "properties/sequential_property.h"
#include "tests/properties/rerun.h"

namespace enginesim::properties {

// Failure headers show the target by name, not as bytes (found by ADL).
void PrintTo(const EngineTarget& target, std::ostream* os) { *os << target.name; }

namespace {

class SequentialProperty : public ::testing::TestWithParam<EngineTarget> {};

TEST_P(SequentialProperty, HoldsAgainstTheModel) {
  const EngineTarget& target = GetParam();
  std::string error;
  const auto params = params_from_environment(sequential_id(target), &error);
  ASSERT_TRUE(params) << error;
  // The seed is announced before the run (STYLE.md).
  std::cout << "property " << sequential_id(target) << ": " << describe(*params) << std::endl;
  const SequentialOutcome outcome = check_sequential(target, *params);
  EXPECT_TRUE(outcome.passed()) << outcome.report(current_test_command());
  EXPECT_EQ(outcome.rc.cases_passed, params->cases_max) << outcome.report(current_test_command());
}

INSTANTIATE_TEST_SUITE_P(ReferenceEngines, SequentialProperty,
                         ::testing::ValuesIn(reference_targets(ENGINE_DIR)),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace enginesim::properties
