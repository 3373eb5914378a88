// workload_file.cpp - formatting and parsing workload files, with errors
// that name the line and what is wrong with it.
#include "harness/sim/workload_file.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "harness/model/text_codec.h"

namespace enginesim::sched {
namespace {

constexpr const char* kMagic = "enginesim-workload";

bool parse_number(const model::Token& t, uint64_t max, uint64_t* out) {
  const auto n = model::parse_u64(t.text);
  if (!n || *n > max) return false;
  *out = *n;
  return true;
}

// Section and line state while parsing.
struct Parser {
  Workload* w;
  size_t announced = SIZE_MAX;  // "connections N"
  enum class In { header, prefix, connection, clock } in = In::header;

  // One line's tokens, and the line itself (an operation's text).
  std::string line(const std::vector<model::Token>& t, std::string_view text) {
    const std::string& head = t[0].text;
    if (head == "connections") {
      uint64_t n = 0;
      if (in != In::header || announced != SIZE_MAX) return "'connections' must come once, first";
      if (t.size() != 2 || !parse_number(t[1], 100000, &n) || n == 0) {
        return "connections needs a count in 1..100000";
      }
      announced = n;
      return "";
    }
    if (announced == SIZE_MAX) return "the first line after the version must be 'connections N'";
    if (head == "prefix") {
      if (t.size() != 1 || in != In::header) {
        return "one 'prefix' section, without arguments, before 'connection 1'";
      }
      in = In::prefix;
      return "";
    }
    if (head == "connection") {
      uint64_t id = 0;
      const size_t want = w->connections.size() + 1;
      if (in == In::clock) return "connection sections must come before the clock section";
      if (t.size() != 2 || !parse_number(t[1], UINT32_MAX, &id) || id != want) {
        return "expected 'connection " + std::to_string(want) + "' (sections in order from 1)";
      }
      if (want > announced) {
        return "connection " + std::to_string(want) + " but 'connections " +
               std::to_string(announced) + "'";
      }
      w->connections.emplace_back();
      in = In::connection;
      return "";
    }
    if (head == "clock") {
      if (t.size() != 1 || in == In::clock) return "one 'clock' section, without arguments";
      in = In::clock;
      return "";
    }
    if (in == In::clock) {
      uint64_t sec = 0;
      if (head != "advance" || t.size() != 2 || !parse_number(t[1], 10ull * 365 * 86400, &sec)) {
        return "the clock section holds 'advance SECONDS' lines";
      }
      w->advances_sec.push_back(sec);
      return "";
    }
    if (in != In::connection && in != In::prefix) {
      return "an operation before the first 'connection 1' (or 'prefix')";
    }
    if (!model::op_kind_from_name(head, model::OpSyntax::workload)) {
      return "unknown operation '" + head +
             "' (get, set, add, replace, append, prepend, delete, incr, decr, cas, flush, "
             "stats, reset_stats, unknown, disconnect, or a section: connection N, clock)";
    }
    std::string problem;
    auto op = model::parse_operation(text, &problem, model::OpSyntax::workload);
    if (!op) return problem;
    if (model::is_itemless(op->kind) && in == In::prefix) {
      return "the prefix holds item operations only (" +
             std::string(model::op_kind_name(op->kind, model::OpSyntax::workload)) +
             " belongs in a connection section)";
    }
    if (!model::is_global(op->kind) && !model::is_itemless(op->kind) &&
        (op->key.empty() || op->key.size() > kWorkloadKeyMax)) {
      return "a key must have 1.." + std::to_string(kWorkloadKeyMax) + " bytes";
    }
    (in == In::prefix ? w->prefix : w->connections.back()).push_back(std::move(*op));
    return "";
  }
};

std::string op_line(const model::Operation& op) {
  return model::to_text(op, model::OpSyntax::workload) + "\n";
}

}  // namespace

std::string format_workload(const Workload& w) {
  std::string out = std::string(kMagic) + " " + std::to_string(kWorkloadVersion) + "\n";
  out += "connections " + std::to_string(w.connections.size()) + "\n";
  if (!w.prefix.empty()) {
    out += "prefix\n";
    for (const model::Operation& op : w.prefix) out += op_line(op);
  }
  for (size_t c = 0; c < w.connections.size(); ++c) {
    out += "connection " + std::to_string(c + 1) + "\n";
    for (const model::Operation& op : w.connections[c]) out += op_line(op);
  }
  if (!w.advances_sec.empty()) {
    out += "clock\n";
    for (uint64_t sec : w.advances_sec) out += "advance " + std::to_string(sec) + "\n";
  }
  return out;
}

bool parse_workload(const std::string& text, Workload* w, std::string* error) {
  *w = Workload{};
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  auto bad = [&](const std::string& what) {
    *error = "line " + std::to_string(line_no) + ": " + what;
    return false;
  };
  ++line_no;
  if (!std::getline(in, line) || line.rfind(kMagic, 0) != 0) {
    return bad(std::string("not a workload file (it must start with '") + kMagic + " " +
               std::to_string(kWorkloadVersion) + "')");
  }
  if (line != std::string(kMagic) + " " + std::to_string(kWorkloadVersion)) {
    return bad("unsupported version '" + line + "' (this enginesim reads version " +
               std::to_string(kWorkloadVersion) + ")");
  }
  Parser p{w};
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string problem;
    const auto tokens = model::tokenize(line, &problem, model::Names::keep);
    if (!tokens) return bad(problem);
    if (tokens->empty() || (!(*tokens)[0].quoted && (*tokens)[0].text[0] == '#')) continue;
    if ((*tokens)[0].quoted) return bad("a line must start with a keyword, not a quoted string");
    problem = p.line(*tokens, line);
    if (!problem.empty()) return bad(problem);
  }
  if (p.announced == SIZE_MAX) return bad("no 'connections N' line");
  if (w->connections.size() != p.announced) {
    return bad("'connections " + std::to_string(p.announced) + "' but " +
               std::to_string(w->connections.size()) + " connection sections");
  }
  return true;
}

bool write_workload_file(const std::string& path, const Workload& w, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << format_workload(w);
  if (!out.flush()) {
    *error = "cannot write the workload file " + path;
    return false;
  }
  return true;
}

bool read_workload_file(const std::string& path, Workload* w, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open the workload file " + path;
    return false;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  if (!parse_workload(buf.str(), w, error)) {
    *error = path + " " + *error;
    return false;
  }
  return true;
}

}  // namespace enginesim::sched
