// child_progress.cpp - the shared counter page and the parent's watch.
#include "harness/proc/child_progress.h"

#include <sys/mman.h>

#include <algorithm>

#include "enginesim/check.h"

namespace enginesim {
namespace {

std::atomic<uint64_t>* g_child_counter = nullptr;  // see child_progress_bump

}  // namespace

ProgressCell::ProgressCell() {
  void* page = ::mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ES_CHECK(page != MAP_FAILED);
  counter_ = new (page) std::atomic<uint64_t>(0);
  static_assert(std::atomic<uint64_t>::is_always_lock_free, "shared between processes");
}

ProgressCell::~ProgressCell() { ::munmap(counter_, sizeof(std::atomic<uint64_t>)); }

void ProgressCell::in_child() { g_child_counter = counter_; }

uint64_t ProgressCell::value() const { return counter_->load(std::memory_order_relaxed); }

void child_progress_bump(uint64_t n) {
  // One writer at a time (child_progress.h): a load and a store, no locked
  // instruction on every scheduling step.
  if (g_child_counter == nullptr) return;
  g_child_counter->store(g_child_counter->load(std::memory_order_relaxed) + n,
                         std::memory_order_relaxed);
}

void ProgressWatch::observe(uint64_t value, uint64_t now_ms) {
  if (value != last_) {
    last_ = value;
    changed_ms_ = now_ms;
    seen_change_ = true;
  }
}

bool ProgressWatch::moving(uint64_t now_ms) const {
  return seen_change_ && now_ms - changed_ms_ <= stall_ms_;
}

uint32_t stall_ms_for(uint32_t limit_ms) { return std::max<uint32_t>(5000, limit_ms / 6); }

}  // namespace enginesim
