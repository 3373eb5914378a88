// format.cpp - argument printing for call records.
#include "harness/monitor/format.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "fakes/core.h"

namespace enginesim::monitor_format {

std::string bytes(const void* data, size_t size, size_t max_chars) {
  if (data == nullptr) return size == 0 ? "\"\"" : "NULL";
  const auto* p = static_cast<const unsigned char*>(data);
  std::string out = "\"";
  size_t shown = 0;
  for (; shown < size && out.size() < max_chars; ++shown) {
    const unsigned char c = p[shown];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  out += '"';
  if (shown < size) out += "...(" + std::to_string(size) + " bytes)";
  return out;
}

std::string pointer(const void* p) {
  // What glibc's "%p" prints, without printf's machinery (every call record
  // with an item or a cookie formats one).
  if (p == nullptr) return "(nil)";
  char buf[2 + 2 * sizeof(uintptr_t)] = {'0', 'x'};
  const auto end = std::to_chars(buf + 2, buf + sizeof buf, reinterpret_cast<uintptr_t>(p), 16).ptr;
  return std::string(buf, end);
}

std::string status(ENGINE_ERROR_CODE code) { return status_name(code); }

bool defined_status(int code) {
  return (code >= ENGINE_SUCCESS && code <= ENGINE_TMPFAIL) || code == ENGINE_FAILED;
}

}  // namespace enginesim::monitor_format
