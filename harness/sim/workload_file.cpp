// workload_file.cpp - formatting and parsing workload files, with errors
// that name the line and what is wrong with it.
#include "harness/sim/workload_file.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace enginesim::sched {
namespace {

constexpr const char* kMagic = "enginesim-workload";

bool bare_ok(std::string_view key) {
  if (key.empty()) return false;
  for (unsigned char c : key) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '#') return false;
  }
  return true;
}

struct Token {
  std::string text;
  bool quoted = false;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a quoted string starting at line[i] == '"'; i ends past the quote.
bool read_quoted(const std::string& line, size_t& i, std::string* out, std::string* error) {
  for (++i; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i == line.size()) break;
    switch (line[i]) {
      case '\\': out->push_back('\\'); break;
      case '"': out->push_back('"'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'x': {
        const int hi = i + 1 < line.size() ? hex_digit(line[i + 1]) : -1;
        const int lo = i + 2 < line.size() ? hex_digit(line[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
          *error = "\\x needs two hex digits";
          return false;
        }
        out->push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default:
        *error = std::string("unknown escape \\") + line[i];
        return false;
    }
  }
  *error = "unterminated quoted string";
  return false;
}

bool tokenize(const std::string& line, std::vector<Token>* tokens, std::string* error) {
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      ++i;
      continue;
    }
    Token t;
    if (line[i] == '"') {
      t.quoted = true;
      if (!read_quoted(line, i, &t.text, error)) return false;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        if (line[i] == '"') {
          *error = "a quote inside a bare word";
          return false;
        }
        t.text.push_back(line[i++]);
      }
    }
    tokens->push_back(std::move(t));
  }
  return true;
}

bool parse_number(const std::string& text, uint64_t max, uint64_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return !text.empty() && ec == std::errc() && ptr == end && *out <= max;
}

bool kind_from_name(const std::string& name, SimOp::Kind* kind) {
  for (auto k : all_op_kinds()) {
    if (name == to_string(k)) {
      *kind = k;
      return true;
    }
  }
  return false;
}

// Parses an operation line (already tokenized); "" or what is wrong.
std::string parse_op(const std::vector<Token>& t, SimOp* op) {
  if (!kind_from_name(t[0].text, &op->kind)) {
    return "unknown operation '" + t[0].text +
           "' (get, set, add, replace, append, prepend, delete, incr, decr, cas, flush, or a "
           "section: connection N, clock)";
  }
  if (op->kind == SimOp::Kind::flush) return t.size() == 1 ? "" : "flush takes nothing";
  if (t.size() < 2) return std::string(to_string(op->kind)) + " needs a key";
  op->key = t[1].text;
  if (op->key.empty() || op->key.size() > kWorkloadKeyMax) {
    return "a key must have 1.." + std::to_string(kWorkloadKeyMax) + " bytes";
  }
  const std::string name = to_string(op->kind);
  if (op->kind == SimOp::Kind::get || op->kind == SimOp::Kind::remove) {
    return t.size() == 2 ? "" : name + " takes only a key";
  }
  if (op->kind == SimOp::Kind::incr || op->kind == SimOp::Kind::decr) {
    if (t.size() != 3 || t[2].quoted || !parse_number(t[2].text, UINT64_MAX, &op->number)) {
      return name + " needs a key and a decimal delta";
    }
    return "";
  }
  if (t.size() < 3 || !t[2].quoted) return name + " needs a key and a quoted \"value\"";
  op->value = t[2].text;
  for (size_t i = 3; i < t.size(); ++i) {
    const std::string& word = t[i].text;
    const size_t eq = word.find('=');
    uint64_t number = 0;
    const std::string field = word.substr(0, eq);
    if (t[i].quoted || eq == std::string::npos || (field != "exptime" && field != "flags") ||
        !parse_number(word.substr(eq + 1), UINT32_MAX, &number)) {
      return "unexpected '" + word + "' (a store takes exptime=SECONDS and flags=N)";
    }
    (field == "exptime" ? op->exptime : op->flags) = static_cast<uint32_t>(number);
  }
  return "";
}

// Section and line state while parsing.
struct Parser {
  Workload* w;
  size_t announced = SIZE_MAX;  // "connections N"
  enum class In { header, prefix, connection, clock } in = In::header;

  std::string line(const std::vector<Token>& t) {
    const std::string& head = t[0].text;
    if (head == "connections") {
      uint64_t n = 0;
      if (in != In::header || announced != SIZE_MAX) return "'connections' must come once, first";
      if (t.size() != 2 || !parse_number(t[1].text, 100000, &n) || n == 0) {
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
      if (t.size() != 2 || !parse_number(t[1].text, UINT32_MAX, &id) || id != want) {
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
      if (head != "advance" || t.size() != 2 || !parse_number(t[1].text, 10ull * 365 * 86400, &sec)) {
        return "the clock section holds 'advance SECONDS' lines";
      }
      w->advances_sec.push_back(sec);
      return "";
    }
    if (in != In::connection && in != In::prefix) {
      return "an operation before the first 'connection 1' (or 'prefix')";
    }
    SimOp op;
    const std::string problem = parse_op(t, &op);
    if (!problem.empty()) return problem;
    (in == In::prefix ? w->prefix : w->connections.back()).push_back(std::move(op));
    return "";
  }
};

}  // namespace

std::string quote_bytes(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < ' ' || c >= 0x7f) {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string format_op(const SimOp& op) {
  if (op.kind == SimOp::Kind::flush) return to_string(op.kind);
  std::string s = std::string(to_string(op.kind)) + " " +
                  (bare_ok(op.key) ? op.key : quote_bytes(op.key));
  if (op.kind == SimOp::Kind::incr || op.kind == SimOp::Kind::decr) {
    return s + " " + std::to_string(op.number);
  }
  if (!is_store(op.kind)) return s;
  s += " " + quote_bytes(op.value);
  if (op.exptime != 0) s += " exptime=" + std::to_string(op.exptime);
  if (op.flags != 0) s += " flags=" + std::to_string(op.flags);
  return s;
}

std::string format_workload(const Workload& w) {
  std::string out = std::string(kMagic) + " " + std::to_string(kWorkloadVersion) + "\n";
  out += "connections " + std::to_string(w.connections.size()) + "\n";
  if (!w.prefix.empty()) {
    out += "prefix\n";
    for (const SimOp& op : w.prefix) out += format_op(op) + "\n";
  }
  for (size_t c = 0; c < w.connections.size(); ++c) {
    out += "connection " + std::to_string(c + 1) + "\n";
    for (const SimOp& op : w.connections[c]) out += format_op(op) + "\n";
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
    std::vector<Token> tokens;
    std::string problem;
    if (!tokenize(line, &tokens, &problem)) return bad(problem);
    if (tokens.empty() || (!tokens[0].quoted && tokens[0].text[0] == '#')) continue;
    if (tokens[0].quoted) return bad("a line must start with a keyword, not a quoted string");
    problem = p.line(tokens);
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
