// real_functions.cpp - resolution of the wrapped functions: a sanitizer's
// interceptor when the process has one, else dlsym(RTLD_NEXT).
#include "harness/sched/real_functions.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace enginesim::sched {
namespace {

// Under ASan/TSan (clang; gcc's runtimes name them the same way) the
// sanitizer's runtime defines `pthread_create` etc. as weak aliases of its
// `__interceptor_pthread_create`, which registers the thread (or lock) with
// the sanitizer and then calls libc. Our wrappers in interpose.cpp are the
// strong definitions that win the link, so dlsym(RTLD_NEXT) alone would reach
// libc directly and the sanitizer would never hear of the engine's threads:
// we call the interceptor when there is one. Without a sanitizer the lookup
// finds nothing and costs one failed dlsym per function, once.
void* sanitizer_interceptor(const char* name) {
  char symbol[96] = "__interceptor_";
  if (std::strlen(symbol) + std::strlen(name) >= sizeof symbol) return nullptr;
  std::strcat(symbol, name);
  return dlsym(RTLD_DEFAULT, symbol);
}

void* resolve(const char* name, const char* version) {
  if (void* interceptor = sanitizer_interceptor(name)) return interceptor;
  void* fn = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
  if (fn == nullptr) {
    // No allocation, no lock: we may be inside a wrapper of malloc's users.
    std::fprintf(stderr, "enginesim: cannot find the real %s (%s)\n", name,
                 version ? version : "default version");
    std::abort();
  }
  return fn;
}

template <class Fn>
void bind(Fn*& slot, const char* name, const char* version = nullptr) {
  slot = reinterpret_cast<Fn*>(resolve(name, version));
}

RealFunctions resolve_all() {
  RealFunctions r{};
  // The condition functions exist in two ABIs; the new one is GLIBC_2.3.2.
  const char* cond = "GLIBC_2.3.2";
  bind(r.pthread_create, "pthread_create");
  bind(r.pthread_join, "pthread_join");
  bind(r.pthread_detach, "pthread_detach");
  bind(r.pthread_exit, "pthread_exit");
  bind(r.pthread_mutex_init, "pthread_mutex_init");
  bind(r.pthread_mutex_destroy, "pthread_mutex_destroy");
  bind(r.pthread_mutex_lock, "pthread_mutex_lock");
  bind(r.pthread_mutex_trylock, "pthread_mutex_trylock");
  bind(r.pthread_mutex_timedlock, "pthread_mutex_timedlock");
  bind(r.pthread_mutex_clocklock, "pthread_mutex_clocklock");
  bind(r.pthread_mutex_unlock, "pthread_mutex_unlock");
  bind(r.pthread_cond_init, "pthread_cond_init", cond);
  bind(r.pthread_cond_destroy, "pthread_cond_destroy", cond);
  bind(r.pthread_cond_wait, "pthread_cond_wait", cond);
  bind(r.pthread_cond_timedwait, "pthread_cond_timedwait", cond);
  bind(r.pthread_cond_clockwait, "pthread_cond_clockwait");
  bind(r.pthread_cond_signal, "pthread_cond_signal", cond);
  bind(r.pthread_cond_broadcast, "pthread_cond_broadcast", cond);
  bind(r.pthread_rwlock_init, "pthread_rwlock_init");
  bind(r.pthread_rwlock_destroy, "pthread_rwlock_destroy");
  bind(r.pthread_rwlock_rdlock, "pthread_rwlock_rdlock");
  bind(r.pthread_rwlock_wrlock, "pthread_rwlock_wrlock");
  bind(r.pthread_rwlock_tryrdlock, "pthread_rwlock_tryrdlock");
  bind(r.pthread_rwlock_trywrlock, "pthread_rwlock_trywrlock");
  bind(r.pthread_rwlock_timedrdlock, "pthread_rwlock_timedrdlock");
  bind(r.pthread_rwlock_timedwrlock, "pthread_rwlock_timedwrlock");
  bind(r.pthread_rwlock_unlock, "pthread_rwlock_unlock");
  bind(r.sched_yield, "sched_yield");
  bind(r.nanosleep, "nanosleep");
  bind(r.clock_nanosleep, "clock_nanosleep");
  bind(r.usleep, "usleep");
  bind(r.sleep, "sleep");
  bind(r.clock_gettime, "clock_gettime");
  bind(r.gettimeofday, "gettimeofday");
  bind(r.time, "time");
  return r;
}

}  // namespace

const RealFunctions& real() {
  // Resolved before main (see below), so the guard never blocks a thread.
  static const RealFunctions functions = resolve_all();
  return functions;
}

// Resolve while the process is single-threaded.
[[maybe_unused]] static const RealFunctions& g_eager = real();

}  // namespace enginesim::sched
