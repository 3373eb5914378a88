// test_core_fidelity_doc.cpp - docs/core-fidelity.md names every strict
// clause, every strict contract rule, every field of CoreConventions and every
// model allowance, so that no level or convention changes without its
// citation changing with it.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "enginesim/text_file.h"
#include "harness/conformance/clause.h"
#include "harness/monitor/rules.h"

namespace {

std::string doc() {
  const std::string path = std::string(ENGINESIM_SOURCE_DIR) + "/docs/core-fidelity.md";
  const std::optional<std::string> text = enginesim::read_text_file(path);
  EXPECT_TRUE(text) << "cannot open " << path;
  return text.value_or("");
}

bool names(const std::string& text, const std::string& id) {
  return text.find("`" + id + "`") != std::string::npos;
}

TEST(CoreFidelityDoc, NamesEveryStrictClause) {
  const std::string text = doc();
  int strict = 0;
  for (const auto& c : enginesim::conformance::catalogue()) {
    if (c.level != enginesim::Level::strict) continue;
    ++strict;
    EXPECT_TRUE(names(text, c.id))
        << "strict clause " << c.id << " is not in docs/core-fidelity.md";
  }
  EXPECT_GT(strict, 0);
}

TEST(CoreFidelityDoc, NamesEveryStrictRule) {
  const std::string text = doc();
  for (const auto& r : enginesim::rules::all()) {
    if (r.level != enginesim::Level::strict) continue;
    EXPECT_TRUE(names(text, std::string(r.id))) << "strict rule " << r.id << " is not in the doc";
  }
}

TEST(CoreFidelityDoc, NamesEveryConventionAndAllowance) {
  const std::string text = doc();
  for (const char* field :
       {"value_crlf", "exptime_converted_by_core", "arithmetic_optional", "key_max_bytes",
        "verbosity_by_core", "silent_unknown_command", "engine_converts_exptime", "core_arithmetic",
        "kItemOverheadMaxBytes"}) {
    EXPECT_TRUE(names(text, field)) << field << " is not in docs/core-fidelity.md";
  }
  // The notes the model gives its allowances (model.cpp), in the doc's words.
  for (const char* allowance :
       {"flush one second early", "whole item above item_size_max", "empty value counts as 0",
        "space-padded in place", "raw expiration kept as server time",
        "exptime converted by the engine later in the call"}) {
    EXPECT_NE(text.find(allowance), std::string::npos) << allowance;
  }
}

}  // namespace
