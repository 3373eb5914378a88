// tsan_entry_access.cpp - the ThreadSanitizer entry points for plain memory
// accesses and function boundaries that clang's -fsanitize=thread emits into
// an engine (docs/atomics.md lists them, from `nm -u` of an instrumented
// module). The executable defines them (-rdynamic), so an instrumented engine
// needs no TSan runtime. Only with --races does an access reach the race
// detector; otherwise each is a load of one flag.
#include <cstddef>
#include <cstdint>

#include "harness/sched/atomics/entry_state.h"

namespace enginesim::atomics {

namespace {

__attribute__((noinline)) void watched(const volatile void* addr, size_t size, bool write,
                                       const void* pc) {
  if (sched::ThreadRec* self = sched::controlled_self()) {
    self->core->plain_access(self, addr, size, write, pc);
  }
}

inline void access(const volatile void* addr, size_t size, bool write, const void* pc) {
  if (g_accesses_watched.load(std::memory_order_relaxed) && size != 0) {
    watched(addr, size, write, pc);
  }
}

}  // namespace
}  // namespace enginesim::atomics

using enginesim::atomics::access;

#define ES_PC __builtin_return_address(0)

// Every width the instrumentation knows, aligned or not, volatile or not,
// read, write, or the compound read-then-write of `x += 1`
// (-tsan-compound-read-before-write), and the explicit-pc forms.
#define ES_ACCESS_WIDTH(N)                                                        \
  void __tsan_read##N(void* a) { access(a, N, false, ES_PC); }                    \
  void __tsan_write##N(void* a) { access(a, N, true, ES_PC); }                    \
  void __tsan_unaligned_read##N(const void* a) { access(a, N, false, ES_PC); }    \
  void __tsan_unaligned_write##N(void* a) { access(a, N, true, ES_PC); }          \
  void __tsan_volatile_read##N(void* a) { access(a, N, false, ES_PC); }           \
  void __tsan_volatile_write##N(void* a) { access(a, N, true, ES_PC); }           \
  void __tsan_unaligned_volatile_read##N(void* a) { access(a, N, false, ES_PC); } \
  void __tsan_unaligned_volatile_write##N(void* a) { access(a, N, true, ES_PC); } \
  void __tsan_read_write##N(void* a) { access(a, N, true, ES_PC); }               \
  void __tsan_unaligned_read_write##N(void* a) { access(a, N, true, ES_PC); }     \
  void __tsan_read##N##_pc(void* a, void* pc) { access(a, N, false, pc); }        \
  void __tsan_write##N##_pc(void* a, void* pc) { access(a, N, true, pc); }

extern "C" {

ES_ACCESS_WIDTH(1)
ES_ACCESS_WIDTH(2)
ES_ACCESS_WIDTH(4)
ES_ACCESS_WIDTH(8)
ES_ACCESS_WIDTH(16)

void __tsan_read_range(void* a, unsigned long size) { access(a, size, false, ES_PC); }
void __tsan_write_range(void* a, unsigned long size) { access(a, size, true, ES_PC); }
void __tsan_read_range_pc(void* a, unsigned long size, void* pc) { access(a, size, false, pc); }
void __tsan_write_range_pc(void* a, unsigned long size, void* pc) { access(a, size, true, pc); }

// The C++ vtable pointer: read by a virtual call, rewritten by constructors
// and destructors (a write only when it changes, as TSan counts it).
void __tsan_vptr_read(void** p) { access(p, sizeof(void*), false, ES_PC); }
void __tsan_vptr_update(void** p, void* value) {
  if (*p != value) access(p, sizeof(void*), true, ES_PC);
}

// A block the engine just allocated (harness/monitor/malloc_hooks.cpp): the
// accesses to its memory's previous life are forgotten, or every reuse of
// freed memory by another thread would look like a race.
void enginesim_engine_allocated(const void* p, size_t size) {
  if (!enginesim::atomics::g_accesses_watched.load(std::memory_order_relaxed)) return;
  if (enginesim::sched::ThreadRec* self = enginesim::sched::controlled_self()) {
    self->core->forget_memory(p, size);
  }
}

// Called by the module's constructor; nothing to set up.
void __tsan_init() {}
// Function boundaries: reports name the access's own code address, so no
// shadow call stack is kept.
void __tsan_func_entry(void*) {}
void __tsan_func_exit() {}
// Objective-C dealloc and annotated code: enginesim does not suspend checks.
void __tsan_ignore_thread_begin() {}
void __tsan_ignore_thread_end() {}

}  // extern "C"
