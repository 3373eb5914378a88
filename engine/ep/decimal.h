// decimal.h - unsigned 64-bit numbers to and from decimal text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ep {

// Enough digits for UINT64_MAX.
inline constexpr size_t kDecimalMax = 20;

// Writes `value` into `out` (>= kDecimalMax bytes) and returns the length.
// Hand-written: std::to_chars/std::to_string would pull libstdc++'s digit
// table in as a GNU-unique symbol exported next to create_instance.
size_t format_decimal(uint64_t value, char* out);
std::string decimal_string(uint64_t value);

// One or more digits, nothing else, at most UINT64_MAX.
std::optional<uint64_t> parse_decimal(std::string_view text);

}  // namespace ep
