// format.h - how the monitor prints call arguments: keys as escaped quoted
// bytes, pointers and statuses by name.
#pragma once

#include <cstddef>
#include <string>

#include "memcached/types.h"

namespace enginesim::monitor_format {

// "\"k\\x00y\"" for binary bytes; longer than max_chars: cut with "...(N bytes)".
std::string bytes(const void* data, size_t size, size_t max_chars = 40);
std::string pointer(const void* p);
std::string status(ENGINE_ERROR_CODE code);
// True for a value of the ENGINE_ERROR_CODE enumeration.
bool defined_status(int code);

}  // namespace enginesim::monitor_format
