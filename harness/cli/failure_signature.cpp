// failure_signature.cpp - grouping failures by verdict and site (see the
// header for what a site is).
#include "harness/cli/failure_signature.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/sim/crash_site.h"

namespace enginesim::cli {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    const size_t nl = std::min(text.find('\n', start), text.size());
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

bool rule_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// A violation line names its rule as "[rule.id] message" (the monitor's
// report) or "rule.id: message" (the run's verdict).
std::string rule_of(const std::string& line) {
  const std::string t = trim(line);
  if (!t.empty() && t[0] == '[') {
    const size_t close = t.find(']');
    return close == std::string::npos ? "" : t.substr(1, close - 1);
  }
  const size_t colon = t.find(':');
  if (colon == std::string::npos || colon == 0) return "";
  const std::string id = t.substr(0, colon);
  return std::all_of(id.begin(), id.end(), rule_char) ? id : "";
}

std::string first_rule(const std::vector<std::string>& lines) {
  for (size_t i = 1; i < lines.size(); ++i) {
    if (std::string id = rule_of(lines[i]); !id.empty()) return id;
  }
  return "";
}

// The witness explanation (harness/model/witness_text.cpp) names the failing
// operation as "#N <kind> ...": its kind is the site; keys, values and
// numbers differ from seed to seed for one bug.
std::string impossible_kind(const std::string& report) {
  static const std::string marker = "The first operation no reachable state allows: #";
  size_t at = report.find(marker);
  if (at == std::string::npos) {
    // The CAS clash explanation has no failing operation: two versions share a CAS.
    return report.find("both created a version") != std::string::npos ? "cas clash" : "";
  }
  at = report.find(' ', at + marker.size());
  if (at == std::string::npos) return "";
  const size_t end = report.find_first_of(" \n", at + 1);
  return "first impossible " + report.substr(at + 1, end == std::string::npos ? end : end - at - 1);
}

// Digits vary with the seed (steps, counts, connection numbers, values),
// quoted strings are keys and values: neither says where the bug is.
std::string normalised(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1]))) ++i;
      out += 'N';
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < line.size() && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
      out += "\"...\"";
      i = std::min(j, line.size());
    } else {
      out += c;
    }
  }
  return trim(out);
}

// A death's site: the function of its first frame outside the C and C++
// runtime (the report's "where:" and "called from" lines, crash_site.h), so
// that one bug's aborts and faults group apart from another's.
std::string crash_function(const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    std::string t = trim(line);
    if (t.rfind("where: ", 0) == 0) {
      t.erase(0, 7);
    } else if (t.rfind("called from ", 0) == 0) {
      t.erase(0, 12);
    } else {
      continue;
    }
    const size_t open = t.rfind(" (");
    if (open == std::string::npos) continue;
    const std::string where = t.substr(open + 2);  // "module+0x1a2b) at file.c:12"
    if (!runtime_module(where.substr(0, where.find("+0x")))) return t.substr(0, open);
  }
  return "";
}

}  // namespace

std::string failure_signature(const std::string& verdict, const std::string& report) {
  const std::vector<std::string> lines = lines_of(report);
  const std::string first = lines.empty() ? "" : lines.front();
  std::string site;
  if (first.rfind("contract monitor:", 0) == 0) {
    if (const std::string id = first_rule(lines); !id.empty()) site = "rule " + id;
  } else if (first.rfind("linearizability:", 0) == 0) {
    site = impossible_kind(report);
  }
  if (site.empty()) site = normalised(first);
  if (first.rfind("the child died of signal", 0) == 0) {
    if (const std::string f = crash_function(lines); !f.empty()) site += " in " + f;
  }
  return verdict + " | " + site;
}

std::vector<FailureGroup> group_failures(const std::vector<SignedFailure>& failures) {
  std::map<std::string, FailureGroup> by_signature;
  for (const SignedFailure& f : failures) {
    FailureGroup& g = by_signature[failure_signature(f.verdict, f.report)];
    if (g.seeds.empty() || f.seed < g.seeds.front()) g.replay = f.replay;
    g.seeds.push_back(f.seed);
  }
  std::vector<FailureGroup> out;
  for (auto& [signature, g] : by_signature) {
    g.signature = signature;
    std::sort(g.seeds.begin(), g.seeds.end());
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const FailureGroup& a, const FailureGroup& b) {
    if (a.seeds.size() != b.seeds.size()) return a.seeds.size() > b.seeds.size();
    return a.seeds.front() < b.seeds.front();
  });
  return out;
}

std::string failure_groups_text(const std::vector<FailureGroup>& groups) {
  if (groups.empty()) return "";
  constexpr size_t kSeedsShownMax = 10;  // a group of thousands stays one line
  std::string out =
      "failure groups: " + std::to_string(groups.size()) + " (same verdict at the same site)\n";
  for (const FailureGroup& g : groups) {
    const size_t n = g.seeds.size();
    out += "  " + std::to_string(n) + " seed" + (n == 1 ? "" : "s") + ": " + g.signature + "\n";
    out += "    seeds";
    for (size_t i = 0; i < n && i < kSeedsShownMax; ++i) {
      out += (i == 0 ? " " : ", ") + std::to_string(g.seeds[i]);
    }
    if (n > kSeedsShownMax) out += ", ... (+" + std::to_string(n - kSeedsShownMax) + " more)";
    out += "\n    replay: " + g.replay + "\n";
  }
  return out;
}

}  // namespace enginesim::cli
