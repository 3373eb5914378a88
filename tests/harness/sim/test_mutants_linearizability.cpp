// test_mutants_linearizability.cpp - every mutant of engine/mutants/mutants.txt
// whose catcher is `lin:<explore options>`: `enginesim explore` with those
// options finds a run whose history is not linearizable, and the base engine
// passes the seeds that found it.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/harness/mutants_table.h"
#include "tests/run_command.h"

namespace enginesim::testing_support {
void PrintTo(const MutantRow& m, std::ostream* os) { *os << m.name; }
}  // namespace enginesim::testing_support

namespace {

using enginesim::testing_support::MutantRow;

std::vector<MutantRow> lin_mutants() {
  return enginesim::testing_support::rows_run_by(MUTANTS_TABLE, "lin");
}

using enginesim::testing::CommandRun;

CommandRun run_cli(const std::string& args) {
  return enginesim::testing::run_command("'" + std::string(ENGINESIM_BINARY) + "' " + args);
}

class LinMutant : public ::testing::TestWithParam<MutantRow> {
 protected:
  void SetUp() override {
    out_ =
        ::testing::TempDir() + "lin_mutant_" + std::to_string(::getpid()) + "_" + GetParam().name;
  }
  void TearDown() override { std::filesystem::remove_all(out_); }

  // explore with the row's options; `seeds`, when given, replaces their
  // --seeds range.
  CommandRun explore(const std::string& engine, const std::string& seeds = "") {
    const MutantRow& m = GetParam();
    std::string config = m.config;
    if (m.base == "fs_engine") config = "dir={tmpdir};" + config;
    std::string options = *enginesim::testing_support::runs(m, "lin");
    if (!seeds.empty()) {
      const size_t at = options.find("--seeds ");
      EXPECT_NE(at, std::string::npos) << m.name << ": lin: options without --seeds";
      if (at != std::string::npos) {
        const size_t from = at + 8, to = options.find(' ', from);
        options.replace(from, to == std::string::npos ? std::string::npos : to - from, seeds);
      }
    }
    return run_cli("explore --engine '" + std::string(ENGINE_DIR) + "/" + engine +
                   ".so' --config '" + config + "' --jobs 2 --out '" + out_ + "' " + options);
  }

  std::string out_;
};

TEST_P(LinMutant, ExploreFindsANonLinearizableHistoryAndTheBasePasses) {
  const MutantRow& m = GetParam();
  const CommandRun bad = explore("mutant_" + m.name);
  EXPECT_EQ(bad.exit_code, 1) << m.defect << "\n" << bad.output;
  EXPECT_NE(bad.output.find("is not linearizable"), std::string::npos)
      << m.name << " was not caught as a linearizability failure:\n"
      << bad.output;
  EXPECT_NE(bad.output.find("enginesim replay"), std::string::npos) << bad.output;
  // The campaign stopped at its first failing seed ("FAIL seed N: ..."): the
  // base engine passes seeds 1..N. (Its longer campaigns are the finding
  // power's and the default campaigns'.)
  const size_t at = bad.output.find("FAIL seed ");
  ASSERT_NE(at, std::string::npos) << bad.output;
  const unsigned long seed = std::strtoul(bad.output.c_str() + at + 10, nullptr, 10);
  ASSERT_GE(seed, 1ul) << bad.output;
  const std::string seeds = "1.." + std::to_string(seed);
  const CommandRun good = explore(m.base, seeds);
  EXPECT_EQ(good.exit_code, 0) << m.base << " fails seeds " << seeds << ":\n" << good.output;
  EXPECT_NE(good.output.find("explore: seeds " + seeds + ","), std::string::npos) << good.output;
}

TEST(LinMutants, TheTableHasTheFourConcurrencyMutants) {
  std::vector<std::string> names;
  for (const MutantRow& m : lin_mutants()) names.push_back(m.name);
  for (const char* want : {"fs_append_lost_update", "fs_cas_not_atomic",
                           "fs_async_get_wrong_cookie", "fs_flush_skips_busy"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, LinMutant, ::testing::ValuesIn(lin_mutants()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
