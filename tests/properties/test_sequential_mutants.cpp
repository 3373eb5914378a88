// test_sequential_mutants.cpp - the proof: the sequential property fails on
// every mutant with a sequential defect (engine/mutants/mutants.txt), the
// shrunk counterexample has few operations, and replaying it fails again. A
// mutant caught by the contract monitor fails it with the rule id.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "properties/engine_target.h"
#include "properties/sequential_property.h"
#include "tests/properties/rerun.h"

namespace enginesim::properties {
namespace {

struct MutantCase {
  const char* name;       // mutant_<name>.so
  const char* mode;       // fs_engine mode to run it in
  const char* failed_op;  // the shrunk case's failing operation starts with it ("" = any)
  const char* must_say;   // the failure message names this
  size_t operations_max;  // the shrunk case has at most this many operations
};

// The smallest sequences that show each defect: add over a live item (set,
// add); a stale CAS (set, cas with a CAS never handed out); decr below 0
// (set "0", decr); a delayed flush (set, flush later, get; or flush later,
// set, advance, get); an item read exactly at its expiry second (set +Ns,
// advance N s, get); a second notify (any blocking operation, then destroy).
const MutantCase kMutants[] = {
    {"fs_add_overwrites", "sync", "add ", "ENGINE_NOT_STORED", 2},
    {"fs_cas_ignores_mismatch", "sync", "cas ", "ENGINE_KEY_EEXISTS", 2},
    {"fs_decr_wraps", "sync", "decr ", "decr", 2},
    {"fs_flush_ignores_delay", "sync", "", "flush", 4},
    {"fs_expiry_off_by_one", "sync", "", "exptime", 3},
    {"fs_double_notify", "async", "", "rule notify.double", 2},
};

void PrintTo(const MutantCase& m, std::ostream* os) { *os << "mutant_" << m.name; }

class SequentialMutant : public ::testing::TestWithParam<MutantCase> {};

TEST_P(SequentialMutant, FailsTheSequentialPropertyWithAShortCounterexample) {
  const MutantCase& m = GetParam();
  EngineTarget target = fs_mutant_target(ENGINE_DIR, m.name);
  target.config = std::string("dir={tmpdir};mode=") + m.mode;
  std::string error;
  auto params = params_from_environment(sequential_id(target), &error);
  ASSERT_TRUE(params) << error;
  // Enough cases to find each defect from the fixed seed; a longer campaign
  // (ENGINESIM_PROPERTY_CASES) only raises it.
  params->cases_max = std::max(params->cases_max, 1000);
  std::cout << "property " << sequential_id(target) << ": " << describe(*params) << std::endl;
  const SequentialOutcome outcome = check_sequential(target, *params);
  const std::string report = outcome.report(current_test_command());
  std::cout << report;

  ASSERT_FALSE(outcome.passed()) << "the sequential property missed mutant_" << m.name;
  ASSERT_TRUE(outcome.rc.reproduce.has_value()) << report;
  EXPECT_TRUE(outcome.replay_failed_again) << report;
  EXPECT_NE(outcome.rc.reproduce_params.find("RC_PARAMS=\"reproduce="), std::string::npos);
  ASSERT_FALSE(outcome.shrunk.lines.empty()) << report;
  EXPECT_LE(outcome.shrunk.operations, m.operations_max) << report;
  EXPECT_EQ(outcome.shrunk.lines.back().rfind(m.failed_op, 0), 0u)
      << "the shrunk case should fail at a \"" << m.failed_op << "\" operation\n" << report;
  EXPECT_NE(outcome.rc.message.find(m.must_say), std::string::npos) << report;
}

INSTANTIATE_TEST_SUITE_P(Mutants, SequentialMutant, ::testing::ValuesIn(kMutants),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace enginesim::properties
