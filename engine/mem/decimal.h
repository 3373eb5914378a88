// decimal.h - unsigned 64-bit numbers to and from decimal text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mem {

// Enough for UINT64_MAX (20 digits).
inline constexpr size_t kDecimalMax = 20;

// Writes `value` into `out` (at least kDecimalMax bytes); returns the length.
// Ours rather than std::to_chars: libstdc++'s digit table is a GNU-unique
// symbol that would be exported from the engine next to create_instance.
size_t format_decimal(uint64_t value, char* out);

// Digits only (no sign, no spaces), 1 or more, at most UINT64_MAX.
std::optional<uint64_t> parse_decimal(std::string_view text);

}  // namespace mem
