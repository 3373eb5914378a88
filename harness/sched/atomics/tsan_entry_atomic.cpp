// tsan_entry_atomic.cpp - the ThreadSanitizer entry points of atomic
// operations (every width 1..16 bytes, every operation, and the fences).
// The operation itself is always really atomic (sequentially consistent, at
// least as strong as asked). For a controlled thread of a run with
// --atomics it is first a scheduling point (SchedCore::atomic_begin); after
// it the scheduler learns what it did (atomic_end: spins, race edges).
#include <cstdint>

#include "harness/sched/atomics/entry_state.h"

namespace {

using enginesim::atomics::atomics_self;
using enginesim::sched::Op;
using enginesim::sched::ThreadRec;

constexpr int kSc = __ATOMIC_SEQ_CST;

template <class T>
unsigned __int128 wide(T v) {
  return static_cast<unsigned __int128>(v);
}

template <class T>
T load(const volatile T* a, int mo, const void* pc) {
  ThreadRec* s = atomics_self();
  if (s == nullptr) return __atomic_load_n(a, kSc);
  s->core->atomic_begin(s, a, Op::atomic_load);
  // Memory's value, or (--weak-memory) an older store the load may read.
  const T v = static_cast<T>(s->core->weak_load(s, a, mo, wide(__atomic_load_n(a, kSc))));
  s->core->atomic_end(s, a, sizeof(T), Op::atomic_load, mo, false, wide(v), pc);
  return v;
}

template <class T>
void store(volatile T* a, T v, int mo, const void* pc) {
  ThreadRec* s = atomics_self();
  if (s == nullptr) return __atomic_store_n(a, v, kSc);
  s->core->atomic_begin(s, a, Op::atomic_store);
  __atomic_store_n(a, v, kSc);
  s->core->atomic_end(s, a, sizeof(T), Op::atomic_store, mo, true, wide(v), pc);
}

// A read-modify-write: `apply` performs it and returns the old value.
template <class T, class Apply>
T rmw(volatile T* a, int mo, const void* pc, Apply apply) {
  ThreadRec* s = atomics_self();
  if (s == nullptr) return apply();
  s->core->atomic_begin(s, a, Op::atomic_rmw);
  const T old = apply();
  // The value it wrote (no other controlled thread runs in between).
  const T now = __atomic_load_n(a, kSc);
  s->core->atomic_end(s, a, sizeof(T), Op::atomic_rmw, mo, true, wide(now), pc);
  return old;
}

// Compare-exchange; returns the value found. A weak one never fails
// spuriously here (a documented limit).
template <class T>
T cas(volatile T* a, T expected, T desired, int mo, int fail_mo, const void* pc) {
  ThreadRec* s = atomics_self();
  T found = expected;
  if (s == nullptr) {
    __atomic_compare_exchange_n(a, &found, desired, false, kSc, kSc);
    return found;
  }
  s->core->atomic_begin(s, a, Op::atomic_cas);
  const bool swapped = __atomic_compare_exchange_n(a, &found, desired, false, kSc, kSc);
  s->core->atomic_end(s, a, sizeof(T), Op::atomic_cas, swapped ? mo : fail_mo, swapped,
                      wide(swapped ? desired : found), pc);
  return found;
}

template <class T>
int cas_ptr(volatile T* a, T* expected, T desired, int mo, int fail_mo, const void* pc) {
  const T found = cas(a, *expected, desired, mo, fail_mo, pc);
  if (found == *expected) return 1;
  *expected = found;
  return 0;
}

}  // namespace

#define ES_PC __builtin_return_address(0)

#define ES_RMW(N, T, NAME, BUILTIN)                               \
  T __tsan_atomic##N##_##NAME(volatile T* a, T v, int mo) {       \
    return rmw(a, mo, ES_PC, [&] { return BUILTIN(a, v, kSc); }); \
  }

#define ES_ATOMIC_WIDTH(N, T)                                                                 \
  T __tsan_atomic##N##_load(const volatile T* a, int mo) { return load(a, mo, ES_PC); }       \
  void __tsan_atomic##N##_store(volatile T* a, T v, int mo) { store(a, v, mo, ES_PC); }       \
  ES_RMW(N, T, exchange, __atomic_exchange_n)                                                 \
  ES_RMW(N, T, fetch_add, __atomic_fetch_add)                                                 \
  ES_RMW(N, T, fetch_sub, __atomic_fetch_sub)                                                 \
  ES_RMW(N, T, fetch_and, __atomic_fetch_and)                                                 \
  ES_RMW(N, T, fetch_or, __atomic_fetch_or)                                                   \
  ES_RMW(N, T, fetch_xor, __atomic_fetch_xor)                                                 \
  ES_RMW(N, T, fetch_nand, __atomic_fetch_nand)                                               \
  int __tsan_atomic##N##_compare_exchange_strong(volatile T* a, T* c, T v, int mo, int fmo) { \
    return cas_ptr(a, c, v, mo, fmo, ES_PC);                                                  \
  }                                                                                           \
  int __tsan_atomic##N##_compare_exchange_weak(volatile T* a, T* c, T v, int mo, int fmo) {   \
    return cas_ptr(a, c, v, mo, fmo, ES_PC);                                                  \
  }                                                                                           \
  T __tsan_atomic##N##_compare_exchange_val(volatile T* a, T c, T v, int mo, int fmo) {       \
    return cas(a, c, v, mo, fmo, ES_PC);                                                      \
  }

using es_a128 = unsigned __int128;

extern "C" {

ES_ATOMIC_WIDTH(8, uint8_t)
ES_ATOMIC_WIDTH(16, uint16_t)
ES_ATOMIC_WIDTH(32, uint32_t)
ES_ATOMIC_WIDTH(64, uint64_t)
ES_ATOMIC_WIDTH(128, es_a128)

void __tsan_atomic_thread_fence(int mo) {
  if (ThreadRec* s = atomics_self()) s->core->fence(s, mo);
  __atomic_thread_fence(kSc);
}

// Orders a thread with its own signal handler only: no other thread sees it.
void __tsan_atomic_signal_fence(int) { __atomic_signal_fence(kSc); }

}  // extern "C"
