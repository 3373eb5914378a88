// malloc_hooks.cpp - malloc, free and operator new/delete defined by the
// executable, so that engine_heap can tell the engine's blocks apart (see
// engine_heap.h). Linked whole into `enginesim` and the test binaries that
// run engines (enginesim_use_engine_heap in harness/CMakeLists.txt); with
// -rdynamic every module of the process, libc's own callers included, binds
// to these.
//
// Safety: each hook calls glibc's exported __libc_* allocator directly, so
// there is no dlsym (which allocates) and no recursion; the caller's return
// address is read in the hook itself (a helper would see the hook). Built
// only without sanitizers: ASan and TSan define malloc themselves.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ES_SANITIZER_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ES_SANITIZER_MALLOC 1
#endif
#endif

#include "harness/alloc_count.h"

#ifndef ES_SANITIZER_MALLOC

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <new>

#include <malloc.h>

#include "harness/free_watch.h"
#include "harness/monitor/engine_heap.h"

namespace eh = enginesim::engine_heap;

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* p);
}

// The race detector (harness/atomics, --races): a block the engine got anew
// is no one's yet. Weak: absent from ThreadSanitizer builds.
extern "C" void enginesim_engine_allocated(const void* p, size_t size) __attribute__((weak));

namespace {

inline void note_engine_block(void* p, size_t size, const void* caller) {
  eh::note_alloc(p, size, caller);
  if (&enginesim_engine_allocated != nullptr) enginesim_engine_allocated(p, size);
}

// Blocks this thread got from the hooks (alloc_count.h). A plain
// thread-local in the executable: no lock, no allocation to reach it.
thread_local uint64_t t_allocations = 0;

// `caller` is read by each hook itself (ES_CALLER) and passed down.
inline void* noted(void* p, size_t size, const void* caller) {
  if (p == nullptr) return p;
  ++t_allocations;
  if (eh::engine_caller(caller)) note_engine_block(p, size, caller);
  return p;
}

inline void forget(void* p) {
  if (p == nullptr) return;
  if (const enginesim::FreeWatcher w = enginesim::free_watcher())
    w(p, enginesim::kFreedBytesUnknown);
  size_t size = 0;
  const void* caller = nullptr;
  (void)eh::take(p, &size, &caller);
}

// Before main: tells engine_heap the hooks exist.
struct Announce {
  Announce() { eh::mark_hooks_linked(); }
} g_announce;

void* new_or_throw(size_t size, size_t alignment, const void* caller) {
  if (size == 0) size = 1;
  for (;;) {
    void* p = alignment ? __libc_memalign(alignment, size) : __libc_malloc(size);
    if (p != nullptr) return noted(p, size, caller);
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* new_or_null(size_t size, size_t alignment, const void* caller) noexcept {
  try {
    return new_or_throw(size, alignment, caller);
  } catch (...) { return nullptr; }
}

// realloc: a block of the engine's stays the engine's, whoever grows it.
void* regrow(void* p, size_t size, const void* caller) {
  size_t old_size = 0;
  const void* site = nullptr;
  const bool tracked = eh::take(p, &old_size, &site);
  const enginesim::FreeWatcher watcher = p != nullptr ? enginesim::free_watcher() : nullptr;
  const size_t usable = watcher != nullptr ? malloc_usable_size(p) : 0;
  void* q = __libc_realloc(p, size);
  // Moved or freed: what lived in the old block is gone (the pointer is
  // only compared, never read).
  if (watcher != nullptr && q != p && (q != nullptr || size == 0)) watcher(p, usable);
  if (q == nullptr) {
    // Failed (p is still live) or size 0 (p was freed).
    if (tracked && size != 0) eh::note_alloc(p, old_size, site);
    return q;
  }
  if (!tracked) return noted(q, size, caller);
  note_engine_block(q, size, site);
  return q;
}

}  // namespace

#define ES_CALLER __builtin_return_address(0)

extern "C" {

void* malloc(size_t size) { return noted(__libc_malloc(size), size, ES_CALLER); }

void* calloc(size_t count, size_t size) {
  // __libc_calloc checks count * size for overflow and returns null then.
  return noted(__libc_calloc(count, size), count * size, ES_CALLER);
}

void* realloc(void* p, size_t size) { return regrow(p, size, ES_CALLER); }

void free(void* p) {
  forget(p);
  __libc_free(p);
}

void* reallocarray(void* p, size_t count, size_t size) {
  size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  // glibc's would realloc inside libc, where the hooks do not see the block go.
  return regrow(p, bytes, ES_CALLER);
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
    return EINVAL;
  }
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = noted(p, size, ES_CALLER);
  return 0;
}

void* aligned_alloc(size_t alignment, size_t size) {
  return noted(__libc_memalign(alignment, size), size, ES_CALLER);
}

void* memalign(size_t alignment, size_t size) {
  return noted(__libc_memalign(alignment, size), size, ES_CALLER);
}

// libc's own would allocate from libc's code, out of sight.
char* strdup(const char* s) {
  const size_t n = std::strlen(s) + 1;
  auto* p = static_cast<char*>(noted(__libc_malloc(n), n, ES_CALLER));
  if (p != nullptr) std::memcpy(p, s, n);
  return p;
}

char* strndup(const char* s, size_t max) {
  const size_t n = ::strnlen(s, max);
  auto* p = static_cast<char*>(noted(__libc_malloc(n + 1), n + 1, ES_CALLER));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

}  // extern "C"

// The replaceable global allocation functions ([new.delete]).
void* operator new(size_t n) { return new_or_throw(n, 0, ES_CALLER); }
void* operator new[](size_t n) { return new_or_throw(n, 0, ES_CALLER); }
void* operator new(size_t n, std::align_val_t a) {
  return new_or_throw(n, static_cast<size_t>(a), ES_CALLER);
}
void* operator new[](size_t n, std::align_val_t a) {
  return new_or_throw(n, static_cast<size_t>(a), ES_CALLER);
}
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  return new_or_null(n, 0, ES_CALLER);
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  return new_or_null(n, 0, ES_CALLER);
}
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return new_or_null(n, static_cast<size_t>(a), ES_CALLER);
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return new_or_null(n, static_cast<size_t>(a), ES_CALLER);
}

void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }

uint64_t enginesim::thread_allocations() { return t_allocations; }
bool enginesim::alloc_count_available() { return true; }

#else  // the sanitizer's runtime allocates: nothing is counted

uint64_t enginesim::thread_allocations() { return 0; }
bool enginesim::alloc_count_available() { return false; }

#endif  // ES_SANITIZER_MALLOC
