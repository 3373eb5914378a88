// tsan_annotations.h - ThreadSanitizer's happens-before annotations, for the
// few hand-offs TSan cannot see by itself. Declared weak: in a build without
// TSan they resolve to null and every helper here does nothing.
#pragma once

extern "C" {
// The TSan runtime's own entry points (sanitizer/tsan_interface.h declares
// the same); weak so that non-TSan builds link.
void __tsan_init() __attribute__((weak));
// Only the runtime defines this one; __tsan_init is also defined by
// enginesim's own entry points for instrumented engines (harness/sched/atomics/).
void* __tsan_get_current_report() __attribute__((weak));
void __tsan_acquire(void* addr) __attribute__((weak));
void __tsan_release(void* addr) __attribute__((weak));
}

namespace enginesim {

// True when this process runs under ThreadSanitizer.
inline bool tsan_present() { return &__tsan_get_current_report != nullptr; }

// "Everything this thread did so far happens before whoever acquires `sync`."
inline void tsan_release(const void* sync) {
  if (&__tsan_release != nullptr) __tsan_release(const_cast<void*>(sync));
}

// "Everything done before a release of `sync` happens before what this thread
// does next."
inline void tsan_acquire(const void* sync) {
  if (&__tsan_acquire != nullptr) __tsan_acquire(const_cast<void*>(sync));
}

}  // namespace enginesim
