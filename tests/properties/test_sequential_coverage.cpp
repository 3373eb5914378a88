// test_sequential_coverage.cpp - the command generator is not vacuous: in the
// default 100 cases the engine gives every answer the property is meant to
// check (a CAS store that succeeds and one that meets a changed item, an
// incr/decr on a non-number, a replace of a missing key, ...).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "properties/engine_target.h"
#include "properties/sequential_property.h"

namespace enginesim::properties {
namespace {

TEST(SequentialCoverage, DefaultCasesReachEveryInterestingAnswer) {
  EngineTarget target = reference_targets(ENGINE_DIR)[3];
  ASSERT_EQ(target.name, "mem");
  PropertyParams params;  // the defaults, not the environment: a fixed check
  params.seed = 1;
  params.seed_from = "fixed";
  std::map<std::string, size_t> outcomes;
  auto log = std::make_shared<CaseLog>();
  log->outcomes = &outcomes;
  const RcOutcome rc = run_rapidcheck("coverage/mem", sequential_property(target, log), params);
  ASSERT_TRUE(rc.passed) << rc.message;

  for (const auto& [outcome, count] : outcomes) std::cout << outcome << ": " << count << "\n";
  for (const char* wanted :
       {"get ENGINE_SUCCESS",         "get ENGINE_KEY_ENOENT",     "set ENGINE_SUCCESS",
        "add ENGINE_SUCCESS",         "add ENGINE_NOT_STORED",     "replace ENGINE_SUCCESS",
        "replace ENGINE_NOT_STORED",  "append ENGINE_SUCCESS",     "prepend ENGINE_NOT_STORED",
        "cas ENGINE_SUCCESS",         "cas ENGINE_KEY_EEXISTS",    "cas ENGINE_KEY_ENOENT",
        "remove ENGINE_SUCCESS",      "remove ENGINE_KEY_EEXISTS", "remove ENGINE_KEY_ENOENT",
        "incr ENGINE_SUCCESS",        "incr ENGINE_EINVAL",        "incr ENGINE_KEY_ENOENT",
        "decr ENGINE_SUCCESS",        "decr ENGINE_EINVAL",        "flush ENGINE_SUCCESS",
        "advance_time ENGINE_SUCCESS"}) {
    EXPECT_GT(outcomes[wanted], 0u) << "no \"" << wanted << "\" in 100 cases";
  }
}

}  // namespace
}  // namespace enginesim::properties
