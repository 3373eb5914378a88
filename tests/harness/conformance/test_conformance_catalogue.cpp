// test_conformance_catalogue.cpp - the conformance catalogue is well-formed,
// large enough, keeps the issue's ids, and docs/conformance.md matches it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "enginesim/text_file.h"
#include "harness/conformance/clause.h"
#include "harness/conformance/markdown.h"
#include "harness/conformance/runner.h"

namespace enginesim::conformance {
namespace {

std::string read_file(const std::string& path) { return read_text_file(path).value_or(""); }

TEST(ConformanceCatalogue, HasAtLeastSixtyUniqueIds) {
  std::set<std::string> ids;
  for (const Clause& c : catalogue()) ids.insert(c.id);
  EXPECT_EQ(ids.size(), catalogue().size()) << "two clauses share an id";
  EXPECT_GE(ids.size(), 60u);
}

TEST(ConformanceCatalogue, IdsAreDottedLowercaseAndTextsPresent) {
  for (const Clause& c : catalogue()) {
    const std::string id = c.id;
    EXPECT_NE(id.find('.'), std::string::npos) << id;
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_."), std::string::npos)
        << id;
    EXPECT_NE(id.front(), '.') << id;
    EXPECT_NE(id.back(), '.') << id;
    EXPECT_GT(std::string(c.rule).size(), 10u) << id;
    EXPECT_GT(std::string(c.why).size(), 10u) << id;
    EXPECT_GT(std::string(c.how).size(), 10u) << id;
    EXPECT_NE(c.test, nullptr) << id;
  }
}

TEST(ConformanceCatalogue, KeepsTheIssuesIdsVerbatim) {
  std::set<std::string> ids;
  for (const Clause& c : catalogue()) ids.insert(c.id);
  for (const char* id : {"store.add.exists",
                         "store.cas.mismatch",
                         "store.append.missing",
                         "get.miss",
                         "arith.incr.wrap64",
                         "arith.decr.floor0",
                         "arith.nonnumeric",
                         "arith.create",
                         "remove.cas.mismatch",
                         "flush.now",
                         "flush.delayed",
                         "expiry.relative",
                         "expiry.absolute",
                         "expiry.past",
                         "item.nbytes",
                         "item_info.nvalue",
                         "item_set_cas.visible",
                         "stats.wellformed",
                         "unknown_command.enotsup",
                         "lifecycle.initialize.once",
                         "lifecycle.destroy.threads_gone",
                         "big.value",
                         "key.binary",
                         "key.max250"}) {
    EXPECT_EQ(ids.count(id), 1u) << id;
  }
}

TEST(ConformanceCatalogue, AreasAreContiguous) {
  // The document groups clauses by area; an area split in two would appear twice.
  std::set<std::string> closed;
  std::string current;
  for (const Clause& c : catalogue()) {
    const std::string area = area_of(c.id);
    if (area == current) continue;
    EXPECT_EQ(closed.count(area), 0u) << "area " << area << " is split; move " << c.id;
    if (!current.empty()) closed.insert(current);
    current = area;
  }
}

TEST(ConformanceCatalogue, DocumentMatchesCatalogue) {
  const std::string path = std::string(ENGINESIM_SOURCE_DIR) + "/docs/conformance.md";
  const std::string doc = read_file(path);
  const std::string expected = catalogue_markdown(catalogue());
  if (doc == expected) return;
  std::istringstream a(doc), b(expected);
  std::string la, lb;
  int line = 1;
  while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
  FAIL() << path << " differs from the catalogue at line " << line << ":\n  file:      " << la
         << "\n  catalogue: " << lb
         << "\nRegenerate it: enginesim conformance --list --markdown > docs/conformance.md";
}

TEST(ConformanceCatalogue, DocumentListsEveryIdOnce) {
  const std::string doc = read_file(std::string(ENGINESIM_SOURCE_DIR) + "/docs/conformance.md");
  for (const Clause& c : catalogue()) {
    const std::string heading = "### `" + std::string(c.id) + "`\n";
    const size_t at = doc.find(heading);
    ASSERT_NE(at, std::string::npos) << c.id;
    EXPECT_EQ(doc.find(heading, at + 1), std::string::npos) << c.id;
  }
}

TEST(ConformanceFilter, GlobsSelectById) {
  EXPECT_EQ(select_clauses("*").size(), catalogue().size());
  EXPECT_EQ(select_clauses("").size(), catalogue().size());
  auto one = select_clauses("get.miss");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_STREQ(one[0]->id, "get.miss");
  for (const Clause* c : select_clauses("arith.*")) EXPECT_EQ(area_of(c->id), "arith");
  const size_t both = select_clauses("arith.*,flush.*").size();
  EXPECT_EQ(both, select_clauses("arith.*").size() + select_clauses("flush.*").size());
  EXPECT_TRUE(select_clauses("no.such.clause").empty());
}

}  // namespace
}  // namespace enginesim::conformance
