// heap_census.h - bytes the process's allocator holds in use: how the monitor
// (when asked) tells whether destroy returned what the engine allocated.
#pragma once

#include <cstddef>

namespace enginesim {

// Bytes in use by malloc (mallinfo2), or by the sanitizer's allocator under
// AddressSanitizer.
size_t heap_in_use_bytes();

}  // namespace enginesim
