// text_codec.h - the token syntax shared by the operation, result and history
// text forms: bare words, "quoted strings" with C escapes, and name=value.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace enginesim::model {

// Quotes bytes so that any key or value (NUL, quotes, newlines, high bytes)
// survives one line of text: printable ASCII stays, '"' and '\' are escaped,
// \n \r \t keep their C names, every other byte is \xNN with exactly two hex
// digits (unlike C, a following hex digit is never swallowed).
std::string quote(std::string_view bytes);
// The same, appended to *out (no allocation once *out has room).
void append_quoted(std::string* out, std::string_view bytes);
// `text` with every quoted string (quote()'s form) of more than 2 x `keep`
// bytes cut to its first `keep` bytes: "abc..." (+N bytes). For reports
// only: the result no longer parses. *shortened says whether any was cut.
std::string shorten_quoted(std::string_view text, size_t keep, bool* shortened);
// A number in decimal, appended to *out (as std::to_string spells it).
template <std::integral T>
void append_number(std::string* out, T n) {
  char buf[24];
  out->append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}
// `name` (" flags=") and the number, appended to *out.
template <std::integral T>
void append_field(std::string* out, std::string_view name, T n) {
  *out += name;
  append_number(out, n);
}

// One token of a line: `word`, `"quoted"`, `name=word` or `name="quoted"`.
struct Token {
  std::string name;  // empty unless name=value
  std::string text;  // the word, or the unescaped quoted bytes
  bool quoted = false;
};

// Whether tokenize() splits `name=value` into a named token (the history
// spelling), or '=' is a character like any other in a bare word (the
// workload spelling, whose bare keys may hold '=').
enum class Names : uint8_t { split, keep };

// Splits a line into tokens. On a malformed line returns nullopt and says
// what is wrong in *error (with the column).
std::optional<std::vector<Token>> tokenize(std::string_view line, std::string* error,
                                           Names names = Names::split);

// Strict unsigned / signed decimal parsing of a whole token.
std::optional<uint64_t> parse_u64(std::string_view text);
std::optional<int64_t> parse_i64(std::string_view text);

}  // namespace enginesim::model
