// decimal.cpp - decimal formatting and strict parsing of uint64 values.
#include "decimal.h"

namespace ep {

size_t format_decimal(uint64_t value, char* out) {
  char reversed[kDecimalMax];
  size_t n = 0;
  do {
    reversed[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (size_t i = 0; i < n; ++i) out[i] = reversed[n - 1 - i];
  return n;
}

std::string decimal_string(uint64_t value) {
  char digits[kDecimalMax];
  return std::string(digits, format_decimal(value, digits));
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > kDecimalMax) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;  // would overflow
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace ep
