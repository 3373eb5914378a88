// test_sequential_properties.cpp - the sequential model-based property holds
// for every reference engine and mode (ENGINESIM_PROPERTY_CASES cases each,
// 100 by default).
#include <gtest/gtest.h>

#include <iostream>

#include <rapidcheck.h>

#include "harness/model/operation.h"
#include "properties/engine_target.h"
#include "properties/engine_under_test.h"
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

// memcached closes the connection after a store answered ENGINE_DISCONNECT
// (complete_update_bin, memcached.c@82fb476:1608): the property goes on with
// a new connection, as the simulation does; a remove's DISCONNECT is
// answered EINVAL and the connection stays (process_bin_delete :3216).
TEST(EngineUnderTest, GoesOnWithANewConnectionWhereTheCoreClosesIt) {
  EngineTarget target;
  target.name = "toy";
  target.path = std::string(ENGINE_DIR) + "/toy_monitor_engine.so";
  target.config = "drop=P";
  const bool held = rc::check("reconnect", [&] {
    CaseLog log;
    EngineUnderTest engine(target, &log);
    const Connection* first = &engine.connection();
    engine.perform(model::ops::set("k", "Plain"));  // answered ENGINE_DISCONNECT
    RC_ASSERT(&engine.connection() != first);
    RC_ASSERT(first->state == ConnState::closed);
    engine.perform(model::ops::set("k", "v"));
    engine.perform(model::ops::get("k"));
    engine.finish();
  });
  EXPECT_TRUE(held);
}

}  // namespace
}  // namespace enginesim::properties
