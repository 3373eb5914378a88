// json_value.h - a small JSON reader for the files enginesim writes itself
// (explore --json, read back by `merge`). Strings come back as the bytes
// report::json_string escaped: \u00XX below 0x100 is that byte again, so an
// engine's binary keys survive a round trip; larger code points as UTF-8.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace enginesim::cli {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<JsonValue> items;
  std::map<std::string, JsonValue> members;

  // Lookups that never throw: a missing member or a wrong kind gives the
  // fallback, so a reader says "field X missing" once, where it checks.
  const JsonValue* find(const std::string& name) const;
  std::string str(const std::string& name, const std::string& fallback = "") const;
  uint64_t u64(const std::string& name, uint64_t fallback = 0) const;
};

// Parses a whole document; on failure nullopt and "offset N: what".
std::optional<JsonValue> parse_json(const std::string& text, std::string* error);

}  // namespace enginesim::cli
