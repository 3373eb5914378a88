// json_value.cpp - a recursive-descent JSON parser, depth-limited so that a
// damaged file is an error, never a stack overflow.
#include "harness/cli/json_value.h"

#include <cstdlib>

namespace enginesim::cli {
namespace {

constexpr int kDepthMax = 64;  // enginesim's files nest 4 deep

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  bool document(JsonValue* out) {
    if (!value(out, 0)) return false;
    skip_space();
    return pos_ == s_.size() || fail("text after the JSON value");
  }
  std::string error() const { return "offset " + std::to_string(pos_) + ": " + error_; }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what;
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool literal(const char* word) {
    const std::string w = word;
    if (s_.compare(pos_, w.size(), w) != 0) return fail("expected " + w);
    pos_ += w.size();
    return true;
  }

  bool value(JsonValue* out, int depth) {
    if (depth > kDepthMax) return fail("nested deeper than " + std::to_string(kDepthMax));
    skip_space();
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out->kind = JsonValue::Kind::string;
      return string(&out->text);
    }
    if (c == 't' || c == 'f') {
      out->kind = JsonValue::Kind::boolean;
      out->boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return literal("null");
    return number(out);
  }

  bool number(JsonValue* out) {
    const char* start = s_.c_str() + pos_;
    char* end = nullptr;
    out->number = std::strtod(start, &end);
    if (end == start) return fail("expected a value");
    out->kind = JsonValue::Kind::number;
    pos_ += static_cast<size_t>(end - start);
    return true;
  }

  bool hex4(uint32_t* cp) {
    if (pos_ + 4 > s_.size()) return fail("short \\u escape");
    *cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      const int d = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
      if (d < 0) return fail("bad \\u escape");
      *cp = *cp * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }

  static void append_code_point(uint32_t cp, std::string* out) {
    if (cp < 0x100) {  // json_string's escape of one byte
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xc0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      *out += static_cast<char>(0xe0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      *out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  bool string(std::string* out) {
    ++pos_;  // the opening quote
    while (pos_ < s_.size() && s_[pos_] != '"') {
      const char c = s_[pos_++];
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case 'n': *out += '\n'; break;
        case 't': *out += '\t'; break;
        case 'r': *out += '\r'; break;
        case 'b': *out += '\b'; break;
        case 'f': *out += '\f'; break;
        case 'u': {
          uint32_t cp = 0;
          if (!hex4(&cp)) return false;
          append_code_point(cp, out);
          break;
        }
        default: *out += e;  // \" \\ \/
      }
    }
    if (pos_ >= s_.size()) return fail("unterminated string");
    ++pos_;
    return true;
  }

  bool array(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::array;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, true;
    for (;;) {
      out->items.emplace_back();
      if (!value(&out->items.back(), depth + 1)) return false;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, true;
      return fail("expected , or ] in an array");
    }
  }

  bool object(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::object;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
    for (;;) {
      skip_space();
      std::string name;
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name");
      if (!string(&name)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected : after a member name");
      ++pos_;
      if (!value(&out->members[name], depth + 1)) return false;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
      return fail("expected , or } in an object");
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

const JsonValue* JsonValue::find(const std::string& name) const {
  const auto it = members.find(name);
  return it == members.end() ? nullptr : &it->second;
}

std::string JsonValue::str(const std::string& name, const std::string& fallback) const {
  const JsonValue* v = find(name);
  return v != nullptr && v->kind == Kind::string ? v->text : fallback;
}

uint64_t JsonValue::u64(const std::string& name, uint64_t fallback) const {
  const JsonValue* v = find(name);
  return v != nullptr && v->kind == Kind::number && v->number >= 0
             ? static_cast<uint64_t>(v->number)
             : fallback;
}

std::optional<JsonValue> parse_json(const std::string& text, std::string* error) {
  JsonValue v;
  Parser p(text);
  if (!p.document(&v)) {
    *error = p.error();
    return std::nullopt;
  }
  return v;
}

}  // namespace enginesim::cli
