// history.cpp - writing, parsing and validating history files.
#include "harness/model/history.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "harness/model/text_codec.h"

namespace enginesim::model {
namespace {

std::string options_line(const History& h) {
  std::ostringstream s;
  s << "options cas_feature=" << (h.model.cas_feature ? 1 : 0)
    << " may_evict=" << (h.model.may_evict ? 1 : 0)
    << " process_started=" << h.model.process_started_unix_sec
    << " item_size_max=" << h.model.item_size_max << " key_max=" << h.model.key_max
    << " start_time=" << h.start_time;
  // Only when not the default, so that older readers take the usual files.
  if (h.model.engine_converts_exptime) s << " engine_converts_exptime=1";
  if (!h.model.exptime_read_by_core) s << " exptime_read_by_core=0";
  if (h.model.core_arithmetic) s << " core_arithmetic=1";
  if (h.model.level == Level::strict) s << " strict=1";
  return s.str();
}

std::string opt_text(const std::optional<uint64_t>& v) { return v ? std::to_string(*v) : "-"; }

}  // namespace

std::string entry_text(const HistoryEntry& e) {
  std::string s = "conn=" + std::to_string(e.conn) + " call=" + std::to_string(e.call_step) +
                  " ret=" + opt_text(e.return_step);
  if (e.call_time) s += " time=" + std::to_string(*e.call_time) + ".." + opt_text(e.return_time);
  return s + " " + to_text(e.op) + " -> " + to_text(e.result);
}

std::string write_history(const History& h) {
  std::string out = std::string(kHistoryMagic) + " " + std::to_string(kHistoryVersion) + "\n";
  out += options_line(h) + "\n";
  for (const HistoryEntry& e : h.entries) out += entry_text(e) + "\n";
  return out;
}

std::string ParseError::describe() const {
  return line == 0 ? message : "line " + std::to_string(line) + ": " + message;
}

namespace {

bool parse_options(std::string_view text, History* h, std::string* error) {
  auto tokens = tokenize(text, error);
  if (!tokens) return false;
  for (size_t i = 1; i < tokens->size(); ++i) {
    const Token& t = (*tokens)[i];
    auto v = parse_i64(t.text);
    if (t.name.empty() || !v || *v < 0) {
      *error =
          "options takes name=number pairs (cas_feature= may_evict= process_started= "
          "item_size_max= key_max= start_time=), got '" +
          t.name + "=" + t.text + "'";
      return false;
    }
    if (t.name == "cas_feature")
      h->model.cas_feature = *v != 0;
    else if (t.name == "may_evict")
      h->model.may_evict = *v != 0;
    else if (t.name == "process_started")
      h->model.process_started_unix_sec = *v;
    else if (t.name == "item_size_max")
      h->model.item_size_max = static_cast<uint32_t>(*v);
    else if (t.name == "key_max")
      h->model.key_max = static_cast<uint32_t>(*v);
    else if (t.name == "start_time")
      h->start_time = static_cast<rel_time_t>(*v);
    else if (t.name == "engine_converts_exptime")
      h->model.engine_converts_exptime = *v != 0;
    else if (t.name == "exptime_read_by_core")
      h->model.exptime_read_by_core = *v != 0;
    else if (t.name == "core_arithmetic")
      h->model.core_arithmetic = *v != 0;
    else if (t.name == "strict")
      h->model.level = *v != 0 ? Level::strict : Level::required;
    else {
      *error = "unknown option '" + t.name +
               "' (cas_feature may_evict process_started "
               "item_size_max key_max start_time engine_converts_exptime exptime_read_by_core "
               "core_arithmetic strict)";
      return false;
    }
  }
  return true;
}

// Finds "->" outside quoted strings.
size_t find_arrow(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (quoted && line[i] == '\\') {
      ++i;
    } else if (line[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && line[i] == '-' && line[i + 1] == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool parse_step(std::string_view text, bool dash_ok, std::optional<uint64_t>* out) {
  if (dash_ok && text == "-") return true;
  *out = parse_u64(text);
  return out->has_value();
}

// The leading name=value words: conn, call, ret, time.
bool parse_header_word(std::string_view word, HistoryEntry* e, std::string* error) {
  const size_t eq = word.find('=');
  const std::string_view name = word.substr(0, eq), v = word.substr(eq + 1);
  std::optional<uint64_t> n;
  if (name == "conn" && parse_step(v, false, &n) && *n <= UINT32_MAX) {
    e->conn = static_cast<uint32_t>(*n);
  } else if (name == "call" && parse_step(v, false, &n)) {
    e->call_step = *n;
  } else if (name == "ret" && parse_step(v, true, &e->return_step)) {
  } else if (name == "time" && v.find("..") != std::string_view::npos) {
    const size_t dots = v.find("..");
    std::optional<uint64_t> a, b;
    if (!parse_step(v.substr(0, dots), false, &a) || !parse_step(v.substr(dots + 2), true, &b) ||
        *a > UINT32_MAX || (b && *b > UINT32_MAX)) {
      *error =
          "time= takes CALL..RETURN server times (RETURN may be '-'), got '" + std::string(v) + "'";
      return false;
    }
    e->call_time = static_cast<rel_time_t>(*a);
    if (b) e->return_time = static_cast<rel_time_t>(*b);
  } else {
    *error = "bad '" + std::string(word) +
             "' (an entry starts with conn=N call=STEP ret=STEP|- [time=T..T|-])";
    return false;
  }
  return true;
}

bool parse_entry(std::string_view line, HistoryEntry* e, std::string* error) {
  const size_t arrow = find_arrow(line);
  if (arrow == std::string_view::npos) {
    *error = "an entry needs ' -> RESULT' after the operation";
    return false;
  }
  std::string_view head = line.substr(0, arrow);
  bool seen_conn = false, seen_call = false, seen_ret = false;
  while (true) {
    while (!head.empty() && head.front() == ' ') head.remove_prefix(1);
    const size_t end = std::min(head.find(' '), head.size());
    const std::string_view word = head.substr(0, end);
    if (word.find('=') == std::string_view::npos || word.find('"') != std::string_view::npos) break;
    if (!parse_header_word(word, e, error)) return false;
    seen_conn |= word.starts_with("conn=");
    seen_call |= word.starts_with("call=");
    seen_ret |= word.starts_with("ret=");
    head.remove_prefix(end);
  }
  if (!seen_conn || !seen_call || !seen_ret) {
    *error = "an entry needs conn=, call= and ret= before the operation";
    return false;
  }
  auto op = parse_operation(head, error);
  if (!op) return false;
  auto result = parse_result(line.substr(arrow + 2), error);
  if (!result) return false;
  e->op = std::move(*op);
  e->result = std::move(*result);
  return true;
}

}  // namespace

std::optional<History> parse_history(std::string_view text, ParseError* error) {
  History h;
  size_t line_no = 0;
  bool seen_magic = false, seen_entry = false;
  std::vector<size_t> entry_lines;
  while (!text.empty()) {
    const size_t nl = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(std::min(nl + 1, text.size()));
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string message;
    if (!seen_magic) {
      const std::string want = std::string(kHistoryMagic) + " " + std::to_string(kHistoryVersion);
      if (line != want) {
        *error = {line_no, line.starts_with(kHistoryMagic)
                               ? "unsupported history version '" + std::string(line) +
                                     "'; this enginesim reads '" + want + "'"
                               : "not a history file: the first line must be '" + want + "'"};
        return std::nullopt;
      }
      seen_magic = true;
      continue;
    }
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    line.remove_prefix(first);
    if (line.starts_with("options ") || line == "options") {
      if (seen_entry) {
        *error = {line_no, "the options line must come before the first entry"};
        return std::nullopt;
      }
      if (!parse_options(line, &h, &message)) {
        *error = {line_no, message};
        return std::nullopt;
      }
      continue;
    }
    HistoryEntry e;
    if (!parse_entry(line, &e, &message)) {
      *error = {line_no, message};
      return std::nullopt;
    }
    seen_entry = true;
    h.entries.push_back(std::move(e));
    entry_lines.push_back(line_no);
  }
  if (!seen_magic) {
    *error = {1, "empty file: the first line must be 'enginesim-history 1'"};
    return std::nullopt;
  }
  // Entries may be listed in any order; the history is in call order.
  std::vector<size_t> order(h.entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return h.entries[a].call_step < h.entries[b].call_step;
  });
  History sorted = h;
  for (size_t i = 0; i < order.size(); ++i) sorted.entries[i] = h.entries[order[i]];
  size_t bad = 0;
  const std::string why = validate(sorted, &bad);
  if (!why.empty()) {
    *error = {entry_lines[order[bad]], why};
    return std::nullopt;
  }
  return sorted;
}

std::optional<History> read_history_file(const std::string& path, ParseError* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = {0, "cannot open '" + path + "'; check the path"};
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_history(buf.str(), error);
}

std::string validate(const History& h, size_t* bad) {
  std::set<uint64_t> steps;
  std::map<uint32_t, size_t> last_of_conn;  // connection -> its latest entry
  for (size_t i = 0; i < h.entries.size(); ++i) {
    const HistoryEntry& e = h.entries[i];
    *bad = i;
    if (i > 0 && e.call_step <= h.entries[i - 1].call_step) {
      return "call step " + std::to_string(e.call_step) +
             " is not after the previous entry's; "
             "every call and return needs its own step number, entries in call order";
    }
    if (!steps.insert(e.call_step).second ||
        (e.return_step && !steps.insert(*e.return_step).second)) {
      return "step " + std::to_string(e.call_step) + " or " + opt_text(e.return_step) +
             " is used twice; every call and return needs its own step number";
    }
    if (e.return_step && *e.return_step <= e.call_step) return "ret= must come after call=";
    if ((e.result.completion == Completion::pending) != !e.return_step) {
      return "ret=- goes with the result 'pending', and only with it";
    }
    if (e.call_time && e.return_time && *e.return_time < *e.call_time) {
      return "time= goes backwards (the return time is before the call time)";
    }
    auto prev = last_of_conn.find(e.conn);
    if (prev != last_of_conn.end()) {
      const HistoryEntry& p = h.entries[prev->second];
      if (!p.return_step) {
        return "connection " + std::to_string(e.conn) +
               " calls again after an operation that "
               "never returned (call " +
               std::to_string(p.call_step) + ")";
      }
      if (*p.return_step > e.call_step) {
        return "connection " + std::to_string(e.conn) + " calls at step " +
               std::to_string(e.call_step) + " before its previous operation returned (step " +
               std::to_string(*p.return_step) + "); a connection runs one operation at a time";
      }
    }
    last_of_conn[e.conn] = i;
  }
  return "";
}

}  // namespace enginesim::model
