// alloc_count.h - how many blocks the calling thread has allocated through
// the executable's malloc hooks (harness/monitor/malloc_hooks.cpp). Tests
// use it to prove a path allocates nothing: issue 18's "a scheduling choice
// costs no allocation". Where the hooks are not linked in (sanitizer builds,
// whose runtimes define malloc) it stays 0: see alloc_count_available().
#pragma once

#include <cstdint>

namespace enginesim {

uint64_t thread_allocations();
bool alloc_count_available();

}  // namespace enginesim
