// markdown.h - docs/conformance.md, generated from the catalogue so the two
// cannot drift apart (tests/harness/conformance/test_conformance_catalogue.cpp).
#pragma once

#include <string>
#include <vector>

#include "harness/conformance/clause.h"

namespace enginesim::conformance {

// The whole document: how to run the suite, verdicts, exit codes, output
// formats, then every clause (id, rule, why, how, feature) by area.
std::string catalogue_markdown(const std::vector<Clause>& clauses);

// The area of an id: the text before the first dot ("store" for
// "store.add.exists").
std::string area_of(const std::string& id);

}  // namespace enginesim::conformance
