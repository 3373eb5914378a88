// free_watch.h - one process-wide watcher told of every heap block released
// (free, delete, a realloc that moves), when the executable's malloc hooks
// are linked (harness/monitor/malloc_hooks.cpp; not in sanitizer builds).
// The scheduler's lock-order check uses it to forget the locks inside freed
// memory (harness/sched/lock_order.h), so a lock at a reused address starts
// afresh. The watcher runs on whatever thread frees, inside free: it must
// not allocate when it has nothing to do, and never free.
#pragma once

#include <cstddef>

namespace enginesim {

// `block` (of `bytes` usable bytes) is about to be released. free() passes
// kFreedBytesUnknown: a watcher that needs the size asks
// malloc_usable_size(block) itself, which costs (asked on every free, it was
// ~5% of a long sequential run's time); realloc knows it and passes it.
using FreeWatcher = void (*)(const void* block, size_t bytes);
inline constexpr size_t kFreedBytesUnknown = ~size_t{0};

void set_free_watcher(FreeWatcher watcher);  // null: none
FreeWatcher free_watcher();

}  // namespace enginesim
