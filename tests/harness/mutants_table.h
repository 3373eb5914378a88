// mutants_table.h - reads engine/mutants/mutants.txt: one mutant a line,
// columns "name | base | config | catcher | defect" (see that file's header).
#pragma once

#include <fstream>
#include <string>
#include <vector>

namespace enginesim::testing_support {

struct MutantRow {
  std::string name, base, config, catcher, defect;
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

inline MutantsTable read_mutants_table(const std::string& path) {
  std::ifstream in(path);
  MutantsTable table;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    for (size_t at = 0;;) {
      const size_t bar = line.find(" | ", at);
      cols.push_back(trim_spaces(line.substr(at, bar == std::string::npos ? bar : bar - at)));
      if (bar == std::string::npos) break;
      at = bar + 3;
    }
    if (cols.size() == 5) {
      table.rows.push_back({cols[0], cols[1], cols[2], cols[3], cols[4]});
    } else {
      table.malformed.push_back(line);
    }
  }
  return table;
}

}  // namespace enginesim::testing_support
