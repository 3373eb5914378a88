// test_sequential_mutants.cpp - the proof: the sequential property fails on
// every mutant of engine/mutants/mutants.txt with a seq: catcher, at the
// operation and with the failure its row names, the shrunk counterexample has
// few operations and replaying it fails again; the base engine passes the
// failing case, as drawn and as shrunk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "properties/engine_target.h"
#include "properties/sequential_property.h"
#include "tests/harness/mutants_table.h"
#include "tests/properties/rerun.h"

namespace enginesim::properties {
namespace {

// A row's "seq:<failing op>@<operations max>=<regex>".
struct MutantCase {
  std::string name, config;
  // The shrunk case's last operation is one ("*": any; "end": the failure
  // is the end-of-case checks').
  std::string failed_op;
  size_t operations_max = 0;
  // rapidcheck's failure message (the counterexample, then why it failed)
  // matches it (ECMAScript; [^] or [\s\S] crosses lines).
  std::string must_match;
};

void PrintTo(const MutantCase& m, std::ostream* os) { *os << "mutant_" << m.name; }

std::vector<MutantCase> seq_mutants() {
  std::vector<MutantCase> out;
  for (const auto& row : testing_support::rows_run_by(MUTANTS_TABLE, "seq")) {
    const std::string spec = *testing_support::runs(row, "seq");
    const size_t at = spec.find('@');
    const size_t eq = at == std::string::npos ? at : spec.find('=', at);
    if (eq == std::string::npos) {
      ADD_FAILURE() << row.name << ": seq:" << spec << " is not <op>@<operations max>=<regex>";
      continue;
    }
    out.push_back({row.name, "dir={tmpdir};" + row.config, spec.substr(0, at),
                   std::strtoull(spec.c_str() + at + 1, nullptr, 10), spec.substr(eq + 1)});
  }
  return out;
}

class SequentialMutant : public ::testing::TestWithParam<MutantCase> {};

TEST_P(SequentialMutant, FailsTheSequentialPropertyWithAShortCounterexample) {
  const MutantCase& m = GetParam();
  EngineTarget target = fs_mutant_target(ENGINE_DIR, m.name);
  target.config = m.config;
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
  if (m.failed_op == "end") {
    EXPECT_NE(outcome.rc.message.find("at the end of the case"), std::string::npos) << report;
  } else if (m.failed_op != "*") {
    EXPECT_EQ(outcome.shrunk.lines.back().rfind(m.failed_op + " ", 0), 0u)
        << "the shrunk case should fail at a \"" << m.failed_op << "\" operation\n"
        << report;
  }
  EXPECT_TRUE(std::regex_search(outcome.rc.message, std::regex(m.must_match)))
      << "the failure does not match /" << m.must_match << "/\n"
      << report;

  // The base engine, same configuration, passes the case that failed, as
  // rapidcheck first drew it and as shrunk: the defect is the mutant's. (The
  // base engine's own campaign is test_sequential_properties'; running its
  // 1,000 cases again here took 9 of each row's 11 s.)
  EngineTarget base = target;
  base.name = "fs_engine";
  base.path = std::string(ENGINE_DIR) + "/fs_engine.so";
  rc::detail::Reproduce drawn = *outcome.rc.reproduce;
  drawn.shrinkPath.clear();
  const std::pair<const char*, rc::detail::Reproduce> cases[] = {{"drawn", drawn},
                                                                 {"shrunk", *outcome.rc.reproduce}};
  for (const auto& [what, reproduce] : cases) {
    auto base_log = std::make_shared<CaseLog>();
    EXPECT_FALSE(replay_case(sequential_id(target), sequential_property(base, base_log), reproduce))
        << "fs_engine fails the " << what << " case too";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, SequentialMutant, ::testing::ValuesIn(seq_mutants()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace enginesim::properties
