// free_watch.cpp - the watcher's slot.
#include "harness/free_watch.h"

#include <atomic>

namespace enginesim {
namespace {

std::atomic<FreeWatcher> g_watcher{nullptr};

}  // namespace

void set_free_watcher(FreeWatcher watcher) { g_watcher.store(watcher, std::memory_order_release); }

FreeWatcher free_watcher() { return g_watcher.load(std::memory_order_acquire); }

}  // namespace enginesim
