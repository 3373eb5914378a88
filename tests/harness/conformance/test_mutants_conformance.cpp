// test_mutants_conformance.cpp - every mutant of engine/mutants/mutants.txt
// whose catcher is a conformance clause is caught by that clause, with the
// expected verdict and the clause id in the report, while the reference
// engine in the same configuration passes the same clause.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "tests/harness/mutants_table.h"
#include "tests/run_command.h"

namespace {

struct ClauseMutant {
  std::string name, base, config, clause, verdict;
};

std::vector<ClauseMutant> clause_mutants() {
  std::vector<ClauseMutant> out;
  for (const auto& row : enginesim::testing_support::rows_run_by(MUTANTS_TABLE, "clause")) {
    const std::string spec = *enginesim::testing_support::runs(row, "clause");  // id=VERDICT
    const size_t eq = spec.find('=');
    out.push_back({row.name, row.base, row.config, spec.substr(0, eq), spec.substr(eq + 1)});
  }
  return out;
}

using enginesim::testing::CommandRun;

CommandRun conformance(const std::string& engine, const std::string& config,
                       const std::string& clause) {
  return enginesim::testing::run_command(
      std::string("'") + ENGINESIM_BINARY + "' conformance --engine '" + ENGINE_DIR + "/" + engine +
      ".so' --config '" + config + "' --filter '" + clause + "'");
}

std::string config_for(const ClauseMutant& m) {
  return m.base == "fs_engine" ? "dir={tmpdir};" + m.config : m.config;
}

TEST(MutantsConformance, TableHasClauseMutants) { EXPECT_GE(clause_mutants().size(), 6u); }

TEST(MutantsConformance, EachIsCaughtByItsClause) {
  for (const ClauseMutant& m : clause_mutants()) {
    SCOPED_TRACE("mutant_" + m.name);
    CommandRun bad = conformance("mutant_" + m.name, config_for(m), m.clause);
    EXPECT_EQ(bad.exit_code, 1) << bad.output;
    // The clause's own line carries the verdict and the id.
    const std::string line_start = m.verdict;
    bool found = false;
    size_t at = 0;
    while ((at = bad.output.find(line_start, at)) != std::string::npos) {
      const size_t eol = bad.output.find('\n', at);
      const std::string line = bad.output.substr(at, eol - at);
      if (line.find(" " + m.clause) != std::string::npos) found = true;
      at = eol;
    }
    EXPECT_TRUE(found) << "no '" << m.verdict << " ... " << m.clause << "' line in:\n"
                       << bad.output;

    CommandRun good = conformance(m.base, config_for(m), m.clause);
    EXPECT_EQ(good.exit_code, 0) << good.output;
    EXPECT_NE(good.output.find("PASS     " + m.clause), std::string::npos) << good.output;
  }
}

}  // namespace
