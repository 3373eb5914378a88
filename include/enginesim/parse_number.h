// parse_number.h - an unsigned decimal number, all of a text or nothing: how
// option values, seeds and strategy specs are read.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace enginesim {

// Digits only (no sign, space or other base), at least one, and a value that
// fits in 64 bits; nullopt otherwise.
inline std::optional<uint64_t> parse_u64(std::string_view text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace enginesim
