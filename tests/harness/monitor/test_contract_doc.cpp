// test_contract_doc.cpp - docs/contract.md documents every contract-monitor
// rule of harness/monitor/rules.cpp, in the table's order, with the table's
// own statement, a why and a how-detected, and no rule the table lacks.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/monitor/rules.h"

namespace {

struct DocRule {
  std::string id;
  std::string body;  // the text up to the next heading
};

std::vector<DocRule> doc_rules() {
  const std::string path = std::string(ENGINESIM_SOURCE_DIR) + "/docs/contract.md";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<DocRule> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("### `", 0) == 0 && line.size() > 6 && line.back() == '`') {
      out.push_back({line.substr(5, line.size() - 6), ""});
    } else if (line.rfind("#", 0) == 0) {
      if (!out.empty()) out.back().body += "\n(end of rule)\n";
    } else if (!out.empty() && out.back().body.find("(end of rule)") == std::string::npos) {
      out.back().body += line + "\n";
    }
  }
  return out;
}

TEST(ContractDoc, ListsEveryRuleInTableOrder) {
  const std::vector<DocRule> doc = doc_rules();
  std::vector<std::string> documented, table;
  for (const DocRule& r : doc) documented.push_back(r.id);
  for (const auto& r : enginesim::rules::all()) table.emplace_back(r.id);
  EXPECT_EQ(documented, table) << "docs/contract.md must have one '### `id`' section per rule of "
                                  "harness/monitor/rules.cpp, in the same order";
}

TEST(ContractDoc, EachRuleHasTheTableStatementWhyAndHow) {
  const std::vector<DocRule> doc = doc_rules();
  for (const auto& rule : enginesim::rules::all()) {
    const std::string id(rule.id);
    const DocRule* found = nullptr;
    for (const DocRule& r : doc) {
      if (r.id == id) found = &r;
    }
    if (found == nullptr) continue;  // reported by ListsEveryRuleInTableOrder
    const std::string statement = "- **Rule:** " + std::string(rule.summary) + "\n";
    EXPECT_NE(found->body.find(statement), std::string::npos)
        << id << ": docs/contract.md must state the rule as rules.cpp does:\n  " << statement;
    EXPECT_NE(found->body.find("- **Why:** "), std::string::npos) << id << " has no Why";
    EXPECT_NE(found->body.find("- **How detected:** "), std::string::npos)
        << id << " has no How detected";
  }
}

}  // namespace
