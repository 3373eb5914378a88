// heap_census.cpp - the allocator's in-use byte count.
#include "harness/monitor/heap_census.h"

#include <malloc.h>

// ASan and TSan replace malloc with their own allocator, which mallinfo2 does
// not see.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// From the sanitizer runtime (its header is not always installed).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace enginesim {

size_t heap_in_use_bytes() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

}  // namespace enginesim
