// mutants_table.h - reads engine/mutants/mutants.txt: one mutant a line,
// columns "name | base | config | catchers | defect" (see that file's header),
// and says which test runs each catcher, so that every test selects its rows
// the same way and tests/engine/test_mutants_table.cpp can check that every
// row is run by a test that checks its finding.
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace enginesim::testing_support {

// One catcher of a row: "kind:spec", e.g. kind "clause", spec
// "store.add.exists=FAIL".
struct Catcher {
  std::string kind, spec;
};

struct MutantRow {
  std::string name, base, config, catcher, defect;  // catcher: the column as written
  std::vector<Catcher> catchers;                    // it, split at " + "
};

struct MutantsTable {
  std::vector<MutantRow> rows;
  std::vector<std::string> malformed;  // lines without exactly five columns
};

inline std::string trim_spaces(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// `text` cut at every `separator`, each piece trimmed.
inline std::vector<std::string> split_trimmed(const std::string& text,
                                              const std::string& separator) {
  std::vector<std::string> out;
  for (size_t at = 0;;) {
    const size_t cut = text.find(separator, at);
    out.push_back(trim_spaces(text.substr(at, cut == std::string::npos ? cut : cut - at)));
    if (cut == std::string::npos) return out;
    at = cut + separator.size();
  }
}

inline MutantsTable read_mutants_table(const std::string& path) {
  std::ifstream in(path);
  MutantsTable table;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> cols = split_trimmed(line, " | ");
    if (cols.size() != 5) {
      table.malformed.push_back(line);
      continue;
    }
    MutantRow row{cols[0], cols[1], cols[2], cols[3], cols[4], {}};
    for (const std::string& c : split_trimmed(row.catcher, " + ")) {
      if (c.empty()) continue;  // an empty column: no catcher
      const size_t colon = c.find(':');
      row.catchers.push_back(colon == std::string::npos
                                 ? Catcher{c, ""}
                                 : Catcher{c.substr(0, colon), c.substr(colon + 1)});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// Every catcher kind, the test that runs it and the bases that test can run
// (it knows how to configure them). A row whose catcher names another kind,
// or a base its test cannot run, is run by nobody.
struct CatcherKind {
  const char* kind;
  const char* test;
  std::vector<std::string> bases;
};

inline const std::vector<CatcherKind>& catcher_kinds() {
  static const std::vector<CatcherKind> kinds = {
      {"rule", "tests/harness/monitor/test_mutants_monitor.cpp", {"fs_engine", "mem_engine"}},
      {"clause",
       "tests/harness/conformance/test_mutants_conformance.cpp",
       {"fs_engine", "mem_engine"}},
      {"lin", "tests/harness/sim/test_mutants_linearizability.cpp", {"fs_engine"}},
      {"explore", "tests/harness/sim/test_ep_mutants.cpp", {"ep_engine"}},
      {"seq", "tests/properties/test_sequential_mutants.cpp", {"fs_engine"}},
  };
  return kinds;
}

// The specs of `row`'s catchers of `kind` when the test of that kind runs the
// row; none when the row has no such catcher or a base that test cannot run.
inline std::vector<std::string> specs_run(const MutantRow& row, const std::string& kind) {
  std::vector<std::string> specs;
  for (const CatcherKind& k : catcher_kinds()) {
    if (k.kind != kind) continue;
    bool base_ok = false;
    for (const std::string& b : k.bases) base_ok |= b == row.base;
    if (!base_ok) return {};
    for (const Catcher& c : row.catchers) {
      if (c.kind == kind) specs.push_back(c.spec);
    }
  }
  return specs;
}

// The first of them (the tests of kinds other than explore: take one each).
inline std::optional<std::string> runs(const MutantRow& row, const std::string& kind) {
  const std::vector<std::string> specs = specs_run(row, kind);
  if (specs.empty()) return std::nullopt;
  return specs.front();
}

// The rows the test of `kind` runs, in table order.
inline std::vector<MutantRow> rows_run_by(const std::string& path, const std::string& kind) {
  std::vector<MutantRow> out;
  for (MutantRow& row : read_mutants_table(path).rows) {
    if (runs(row, kind)) out.push_back(std::move(row));
  }
  return out;
}

}  // namespace enginesim::testing_support
