// detail_text.cpp - writing and reading report-only trace details.
#include "harness/sched/detail_text.h"

#include <charconv>
#include <vector>

namespace enginesim::sched {
namespace {

std::string field(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// Splits into at most `max` fields; the last one keeps any further tabs.
std::vector<std::string> split(const std::string& line, size_t max) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() + 1 < max) {
    const size_t tab = line.find('\t', start);
    if (tab == std::string::npos) break;
    parts.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  parts.push_back(line.substr(start));
  return parts;
}

bool number(const std::string& s, uint64_t* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::string detail_call(uint64_t seq, bool engine_to_core, uint64_t conn,
                        const std::string& function, const std::string& args) {
  return "call\t" + std::to_string(seq) + (engine_to_core ? "\te\t" : "\tc\t") +
         std::to_string(conn) + "\t" + field(function) + "\t" + field(args);
}

std::string detail_ret(uint64_t seq, const std::string& result) {
  return "ret\t" + std::to_string(seq) + "\t" + field(result);
}

std::string detail_violation(uint64_t seq, const std::string& rule, const std::string& message) {
  return "violation\t" + std::to_string(seq) + "\t" + field(rule) + "\t" + field(message);
}

std::string detail_wait(const std::string& object, uint64_t holder_thread) {
  return "wait\t" + std::to_string(holder_thread) + "\t" + field(object);
}

bool parse_detail(const std::string& line, Detail* out) {
  const std::vector<std::string> f = split(line, 6);
  Detail d;
  if (f.size() < 3 || !number(f[1], &d.seq)) return false;
  if (f[0] == "call" && f.size() == 6 && (f[2] == "c" || f[2] == "e") && number(f[3], &d.conn)) {
    d.kind = Detail::Kind::call;
    d.engine_to_core = f[2] == "e";
    d.function = f[4];
    d.text = f[5];
  } else if (f[0] == "wait") {
    d.kind = Detail::Kind::wait;
    d.text = split(line, 3)[2];
  } else if (f[0] == "ret") {
    d.kind = Detail::Kind::ret;
    d.text = split(line, 3)[2];
  } else if (f[0] == "violation") {
    const std::vector<std::string> v = split(line, 4);
    if (v.size() != 4) return false;
    d.kind = Detail::Kind::violation;
    d.rule = v[2];
    d.text = v[3];
  } else {
    return false;
  }
  *out = std::move(d);
  return true;
}

}  // namespace enginesim::sched
