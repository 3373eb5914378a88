// parse_config.cpp - memcached's "key=value;key=value" configuration syntax,
// offered to engines as SERVER_CORE_API.parse_config.
//
// Rules: pairs are separated by ';', key and value by the first '='. White
// space around keys and values is dropped. A backslash escapes the next
// character in a value (so a value can hold ';', '=' or '\'). Unknown keys are
// reported on `error` and skipped (result 1); an invalid value stops the parse
// (result -1). A size may start with '+' and end in k, m or g; a bool is
// true/on/false/off in any case. Where memcached's own parsers differ (the
// 2010 one has no size suffixes, neither keeps a backslash, an empty pair
// ends in an unknown key): docs/core-fidelity.md, "parse_config".
#include "memcached/config_parser.h"

#include <strings.h>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "enginesim/text_file.h"

namespace {

void say(FILE* error, const std::string& text) {
  if (error != nullptr) std::fprintf(error, "%s\n", text.c_str());
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// memcached's safe_strtoull takes a leading '+' (strtoull does), and so does
// this (utilities/util.c@652b2716; both stored config parsers use it).
bool parse_size(const std::string& text, size_t* out) {
  const size_t digits = !text.empty() && text[0] == '+' ? 1 : 0;
  if (text.size() <= digits || !std::isdigit(static_cast<unsigned char>(text[digits])))
    return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str() + digits, &end, 10);
  if (errno != 0) return false;
  unsigned long long mult = 1;
  if (*end != '\0') {
    switch (*end) {
      case 'k':
      case 'K': mult = 1ull << 10; break;
      case 'm':
      case 'M': mult = 1ull << 20; break;
      case 'g':
      case 'G': mult = 1ull << 30; break;
      default: return false;
    }
    if (end[1] != '\0') return false;
  }
  if (v > ~0ull / mult) return false;
  *out = static_cast<size_t>(v * mult);
  return true;
}

bool parse_float(const std::string& text, float* out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  float v = std::strtof(text.c_str(), &end);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// In any case: both stored config parsers compare with strcasecmp
// (config_parser.c@0411a45c, utilities/config_parser.c@9dc9e1ba), so
// "TRUE" and "Off" configure the engine; until December 2026 this parser
// refused them and the engine kept its default.
bool parse_bool(const std::string& text, bool* out) {
  auto is = [&](const char* word) { return strcasecmp(text.c_str(), word) == 0; };
  if (is("true") || is("on")) {
    *out = true;
    return true;
  }
  if (is("false") || is("off")) {
    *out = false;
    return true;
  }
  return false;
}

// The string items this parse has assigned: a key given twice frees the first
// copy (the value there on entry may be the engine's default: never freed).
using Assigned = std::set<char**>;

int parse_string(const char* str, struct config_item items[], FILE* error, int depth,
                 Assigned& assigned);

int read_config_file(const std::string& path, struct config_item items[], FILE* error, int depth,
                     Assigned& assigned) {
  if (depth > 8) {
    say(error, "Config files nested too deeply at <" + path + ">");
    return -1;
  }
  const std::optional<std::string> text = enginesim::read_text_file(path);
  if (!text) {
    say(error, "Failed to open config file <" + path + ">: " + std::strerror(errno));
    return -1;
  }
  std::istringstream content(*text);
  // Each line of the file is one or more pairs; lines are joined with ';'.
  std::string joined;
  std::string line;
  while (std::getline(content, line)) {
    if (!trim(line).empty() && trim(line)[0] != '#') joined += line + ";";
  }
  return parse_string(joined.c_str(), items, error, depth + 1, assigned);
}

// A DT_CONFIGFILE value is parsed with the whole item table, like the real core.
int assign(struct config_item& item, struct config_item items[], const std::string& key,
           const std::string& value, FILE* error, int depth, Assigned& assigned) {
  bool ok = false;
  switch (item.datatype) {
    case DT_SIZE: ok = parse_size(value, item.value.dt_size); break;
    case DT_FLOAT: ok = parse_float(value, item.value.dt_float); break;
    case DT_BOOL: ok = parse_bool(value, item.value.dt_bool); break;
    case DT_STRING: {
      char* copy = strdup(value.c_str());
      if (copy == nullptr) return -1;
      if (!assigned.insert(item.value.dt_string).second) std::free(*item.value.dt_string);
      *item.value.dt_string = copy;
      ok = true;
      break;
    }
    case DT_CONFIGFILE: {
      item.found = true;
      return read_config_file(value, items, error, depth, assigned) < 0 ? -1 : 0;
    }
  }
  if (!ok) {
    say(error, "Invalid entry, Key: <" + key + "> Value: <" + value + ">");
    return -1;
  }
  item.found = true;
  return 0;
}

int parse_string(const char* str, struct config_item items[], FILE* error, int depth,
                 Assigned& assigned) {
  if (str == nullptr) return 0;
  int result = 0;
  const char* p = str;
  while (*p != '\0') {
    std::string key, value;
    bool have_eq = false;
    for (; *p != '\0' && *p != ';'; ++p) {
      if (!have_eq && *p == '=') {
        have_eq = true;
        continue;
      }
      if (have_eq && *p == '\\' && p[1] != '\0') {
        value += *++p;
        continue;
      }
      (have_eq ? value : key) += *p;
    }
    if (*p == ';') ++p;
    key = trim(key);
    value = trim(value);
    if (key.empty() && !have_eq) continue;  // empty pair ("a=1;;b=2" or trailing ';')
    if (!have_eq) {
      say(error, "Missing '=' after key <" + key + ">");
      return -1;
    }
    struct config_item* item = items;
    while (item->key != nullptr && key != item->key) ++item;
    if (item->key == nullptr) {
      say(error, "Unsupported key: <" + key + ">");
      result = 1;
      continue;
    }
    const int r = assign(*item, items, key, value, error, depth, assigned);
    if (r < 0) return -1;
  }
  return result;
}

}  // namespace

extern "C" int parse_config(const char* str, struct config_item items[], FILE* error) {
  Assigned assigned;
  return parse_string(str, items, error, 0, assigned);
}
