// test_mutants_table.cpp - engine/mutants/mutants.txt is well formed and
// every row is run: each of its catchers has a kind whose test runs that
// base (tests/harness/mutants_table.h's catcher_kinds, the same selection
// every catcher's test uses), so a mutant added without a catcher, or with one
// no test runs, fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness/monitor/rules.h"
#include "tests/harness/mutants_table.h"

namespace enginesim::testing_support {
namespace {

MutantsTable table() { return read_mutants_table(MUTANTS_TABLE); }

TEST(MutantsTable, EveryRowIsWellFormed) {
  const MutantsTable t = table();
  for (const std::string& line : t.malformed) ADD_FAILURE() << "not five columns: " << line;
  ASSERT_GE(t.rows.size(), 11u);
  std::set<std::string> names;
  for (const MutantRow& m : t.rows) {
    EXPECT_TRUE(names.insert(m.name).second) << m.name << " twice";
    EXPECT_TRUE(m.base == "fs_engine" || m.base == "mem_engine" || m.base == "ep_engine")
        << m.name << ": base " << m.base;
    // engine/mutants/CMakeLists.txt builds every row.
    EXPECT_TRUE(std::filesystem::exists(std::string(ENGINE_DIR) + "/mutant_" + m.name + ".so"))
        << m.name;
    EXPECT_FALSE(m.defect.empty()) << m.name;
  }
}

TEST(MutantsTable, EveryCatcherOfEveryRowIsRunByItsTest) {
  for (const MutantRow& m : table().rows) {
    EXPECT_FALSE(m.catchers.empty()) << m.name << ": no catcher";
    for (const Catcher& c : m.catchers) {
      EXPECT_TRUE(runs(m, c.kind).has_value())
          << m.name << ": no test runs catcher '" << c.kind << ":" << c.spec << "' on " << m.base
          << " (kinds and bases: tests/harness/mutants_table.h)";
    }
  }
}

// What each kind's test needs of a spec; the tests themselves check the rest.
TEST(MutantsTable, EveryCatcherNamesWhatItsTestChecks) {
  for (const MutantRow& m : table().rows) {
    for (const Catcher& c : m.catchers) {
      SCOPED_TRACE(m.name + " " + c.kind + ":" + c.spec);
      if (c.kind == "rule") {
        EXPECT_TRUE(rules::known(c.spec));
      } else if (c.kind == "clause") {
        EXPECT_NE(c.spec.find('='), std::string::npos) << "verdict missing";
      } else if (c.kind == "lin") {
        EXPECT_NE(c.spec.find("--seeds "), std::string::npos) << "no seed range";
      } else if (c.kind == "explore") {
        EXPECT_NE(c.spec.find('='), std::string::npos)
            << "verdict missing (=<verdict>[:<finding>])";
      } else if (c.kind == "seq") {
        EXPECT_NE(c.spec.find('@'), std::string::npos) << "no <op>@<operations max>";
        EXPECT_NE(c.spec.find('='), std::string::npos) << "no =<regex>";
      }
    }
  }
}

TEST(MutantsTable, EveryCatcherKindHasItsTest) {
  for (const CatcherKind& k : catcher_kinds()) {
    EXPECT_TRUE(std::filesystem::exists(std::string(ENGINESIM_SOURCE_DIR) + "/" + k.test))
        << k.kind << ": " << k.test;
  }
}

// The check has teeth: a row no test runs is reported.
TEST(MutantsTable, ARowWithoutARunnableCatcherIsRunByNobody) {
  MutantRow orphan{"x", "ep_engine", "", "lin:--seeds 1..2", "d", {{"lin", "--seeds 1..2"}}};
  EXPECT_FALSE(runs(orphan, "lin").has_value()) << "lin: runs fs_engine only";
  orphan.catchers = {{"fuzz", ""}};
  EXPECT_FALSE(runs(orphan, "fuzz").has_value());
  orphan.catchers = {};
  for (const CatcherKind& k : catcher_kinds()) EXPECT_FALSE(runs(orphan, k.kind).has_value());
}

}  // namespace
}  // namespace enginesim::testing_support
