// level.h - how much a finding weighs. `required`: the real memcached core of
// the engine's ABI profile relies on the behaviour, so breaking it is a bug
// that hits production (docs/core-fidelity.md cites the core's line). `strict`:
// good practice the core does not rely on. Clauses, contract-monitor rules and
// model allowances each carry a level; by default only `required` findings
// fail a run, `strict` ones are printed as warnings (`--level strict` makes
// them failures).
#pragma once

#include <optional>
#include <string_view>

namespace enginesim {

enum class Level { required, strict };

inline const char* to_string(Level level) { return level == Level::strict ? "strict" : "required"; }

inline std::optional<Level> parse_level(std::string_view text) {
  if (text == "required") return Level::required;
  if (text == "strict") return Level::strict;
  return std::nullopt;
}

// A finding of level `finding` fails a run held to `threshold`; otherwise it
// is a warning.
inline bool fails_at(Level finding, Level threshold) {
  return finding == Level::required || threshold == Level::strict;
}

}  // namespace enginesim
