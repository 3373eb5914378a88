// text_codec.cpp - quoting, unquoting and tokenizing of the model's text forms.
#include "harness/model/text_codec.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace enginesim::model {

std::string quote(std::string_view bytes) {
  std::string out;
  append_quoted(&out, bytes);
  return out;
}

std::string shorten_quoted(std::string_view text, size_t keep, bool* shortened) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '"') {
      out += text[i++];
      continue;
    }
    // One quoted string: each byte is one character or one escape.
    std::vector<size_t> starts;  // offsets of each byte's first character
    size_t j = i + 1;
    while (j < text.size() && text[j] != '"') {
      starts.push_back(j);
      if (text[j] == '\\' && j + 1 < text.size()) {
        j += text[j + 1] == 'x' ? 4 : 2;
      } else {
        ++j;
      }
    }
    const size_t end = std::min(j, text.size());  // the closing quote, or the end
    if (starts.size() <= 2 * keep) {
      out.append(text.substr(i, end + 1 - i));
    } else {
      out.append(text.substr(i, starts[keep] - i));
      out += "...\" (+";
      out += std::to_string(starts.size() - keep);
      out += " bytes)";
      *shortened = true;
    }
    i = end + 1;
  }
  return out;
}

void append_quoted(std::string* out, std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  *out += '"';
  for (unsigned char c : bytes) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          *out += static_cast<char>(c);
        } else {
          *out += "\\x";
          *out += kHex[c >> 4];
          *out += kHex[c & 15];
        }
    }
  }
  *out += '"';
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string at_column(size_t i) { return " (column " + std::to_string(i + 1) + ")"; }

// Reads a quoted string starting at line[*i] == '"'; leaves *i after the
// closing quote.
bool read_quoted(std::string_view line, size_t* i, std::string* out, std::string* error) {
  const size_t start = *i;
  ++*i;
  while (*i < line.size()) {
    const char c = line[*i];
    if (c == '"') {
      ++*i;
      return true;
    }
    if (c != '\\') {
      out->push_back(c);
      ++*i;
      continue;
    }
    if (*i + 1 >= line.size()) break;
    const char e = line[*i + 1];
    *i += 2;
    switch (e) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'x': {
        const int hi = *i < line.size() ? hex_digit(line[*i]) : -1;
        const int lo = *i + 1 < line.size() ? hex_digit(line[*i + 1]) : -1;
        if (hi < 0 || lo < 0) {
          *error = "\\x needs exactly two hex digits" + at_column(*i - 2);
          return false;
        }
        out->push_back(static_cast<char>(hi * 16 + lo));
        *i += 2;
        break;
      }
      default:
        *error = std::string("unknown escape \\") + e + " (use \\\" \\\\ \\n \\r \\t or \\xNN)" +
                 at_column(*i - 2);
        return false;
    }
  }
  *error = "a quoted string is not closed" + at_column(start) +
           "; end it with \" (write a quote inside as \\\")";
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::optional<std::vector<Token>> tokenize(std::string_view line, std::string* error, Names names) {
  // Where a bare word ends: a space, a quote, or (names split) an '='.
  auto word_char = [&](char c) {
    return !is_space(c) && c != '"' && (names == Names::keep || c != '=');
  };
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i >= line.size()) return tokens;
    Token t;
    const size_t start = i;
    while (i < line.size() && word_char(line[i])) { t.text.push_back(line[i++]); }
    if (names == Names::split && i < line.size() && line[i] == '=') {
      if (t.text.empty()) {
        *error = "'=' without a name before it" + at_column(i);
        return std::nullopt;
      }
      t.name = std::move(t.text);
      t.text.clear();
      ++i;
      while (i < line.size() && !is_space(line[i]) && line[i] != '"') t.text.push_back(line[i++]);
    }
    if (i < line.size() && line[i] == '"') {
      if (!t.text.empty()) {
        *error = "a quoted string must start its token" + at_column(start);
        return std::nullopt;
      }
      if (!read_quoted(line, &i, &t.text, error)) return std::nullopt;
      t.quoted = true;
      if (i < line.size() && !is_space(line[i])) {
        *error = "a space must follow a quoted string" + at_column(i);
        return std::nullopt;
      }
    }
    tokens.push_back(std::move(t));
  }
}

std::optional<uint64_t> parse_u64(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::optional<int64_t> parse_i64(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  auto magnitude = parse_u64(negative ? text.substr(1) : text);
  if (!magnitude) return std::nullopt;
  if (negative) {
    if (*magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - *magnitude);
  }
  if (*magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(*magnitude);
}

}  // namespace enginesim::model
