// interpose.cpp - the extern "C" wrappers a dlopen'ed engine's thread, lock,
// condition, sleep and clock calls bind to (the executable is linked with
// -rdynamic). A controlled thread goes to the scheduler; every other thread,
// and every thread while no run is active, goes straight to the real function.
#include <pthread.h>
#include <sched.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "harness/sched/real_functions.h"
#include "harness/sched/sched_core.h"

using enginesim::sched::controlled_self;
using enginesim::sched::kNoDeadline;
using enginesim::sched::LockMode;
using enginesim::sched::Op;
using enginesim::sched::real;
using enginesim::sched::ThreadRec;

namespace {

bool valid(const timespec* ts) {
  return ts != nullptr && ts->tv_nsec >= 0 && ts->tv_nsec < 1'000'000'000;
}

uint64_t span_ns(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

timespec to_timespec(uint64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000ull), static_cast<long>(ns % 1'000'000'000ull)};
}

void sleep_for_ns(ThreadRec* self, uint64_t ns) {
  if (ns == 0) {
    self->core->point(self, Op::yield);
    return;
  }
  self->core->sleep_until(self, self->core->now_ns() + ns);
}

// The call instruction of the wrapper's caller, for the lock-order report.
// A macro: the return address must be read in the wrapper itself.
#define ES_NOTE_SITE(s) ((s)->call_site = static_cast<const char*>(__builtin_return_address(0)) - 1)

// A condition's clock: glibc keeps it in bit 1 of __wrefs.
clockid_t cond_clock(const pthread_cond_t* c) {
  return (c->__data.__wrefs & 2) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

}  // namespace

extern "C" {

// Its address tells Scheduler::run that these wrappers are in the executable.
int enginesim_scheduler_wrappers_present() { return 1; }

int pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*fn)(void*), void* arg) {
  if (ThreadRec* s = controlled_self()) return s->core->thread_create(s, t, a, fn, arg);
  return real().pthread_create(t, a, fn, arg);
}
int pthread_join(pthread_t t, void** ret) {
  if (ThreadRec* s = controlled_self()) return s->core->thread_join(s, t, ret);
  return real().pthread_join(t, ret);
}
int pthread_detach(pthread_t t) {
  if (ThreadRec* s = controlled_self()) return s->core->thread_detach(s, t);
  return real().pthread_detach(t);
}
void pthread_exit(void* value) {
  if (ThreadRec* s = controlled_self()) {
    s->core->point(s, Op::exit);
    s->exit_value = value;
  }
  real().pthread_exit(value);
  __builtin_unreachable();
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) {
  if (ThreadRec* s = controlled_self()) s->core->forget_mutex(m);
  return real().pthread_mutex_init(m, a);
}
int pthread_mutex_destroy(pthread_mutex_t* m) {
  if (ThreadRec* s = controlled_self()) s->core->forget_mutex(m);
  return real().pthread_mutex_destroy(m);
}
int pthread_mutex_lock(pthread_mutex_t* m) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->mutex_lock(s, m, LockMode::block, kNoDeadline);
  return real().pthread_mutex_lock(m);
}
int pthread_mutex_trylock(pthread_mutex_t* m) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->mutex_lock(s, m, LockMode::try_only, kNoDeadline);
  return real().pthread_mutex_trylock(m);
}
int pthread_mutex_timedlock(pthread_mutex_t* m, const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_mutex_timedlock(m, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->mutex_lock(s, m, LockMode::timed, s->core->deadline_from(CLOCK_REALTIME, *abs));
}
int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_mutex_clocklock(m, clock, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->mutex_lock(s, m, LockMode::timed, s->core->deadline_from(clock, *abs));
}
int pthread_mutex_unlock(pthread_mutex_t* m) {
  if (ThreadRec* s = controlled_self()) return s->core->mutex_unlock(s, m);
  return real().pthread_mutex_unlock(m);
}

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) {
  if (ThreadRec* s = controlled_self()) s->core->forget_cond(c);
  return real().pthread_cond_init(c, a);
}
int pthread_cond_destroy(pthread_cond_t* c) {
  if (ThreadRec* s = controlled_self()) s->core->forget_cond(c);
  return real().pthread_cond_destroy(c);
}
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->cond_wait(s, c, m, kNoDeadline);
  return real().pthread_cond_wait(c, m);
}
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_cond_timedwait(c, m, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->cond_wait(s, c, m, s->core->deadline_from(cond_clock(c), *abs));
}
int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_cond_clockwait(c, m, clock, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->cond_wait(s, c, m, s->core->deadline_from(clock, *abs));
}
int pthread_cond_signal(pthread_cond_t* c) {
  if (ThreadRec* s = controlled_self()) return s->core->cond_wake(s, c, false);
  return real().pthread_cond_signal(c);
}
int pthread_cond_broadcast(pthread_cond_t* c) {
  if (ThreadRec* s = controlled_self()) return s->core->cond_wake(s, c, true);
  return real().pthread_cond_broadcast(c);
}

int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* a) {
  if (ThreadRec* s = controlled_self()) s->core->forget_rwlock(rw);
  return real().pthread_rwlock_init(rw, a);
}
int pthread_rwlock_destroy(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self()) s->core->forget_rwlock(rw);
  return real().pthread_rwlock_destroy(rw);
}
int pthread_rwlock_rdlock(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->rw_lock(s, rw, false, LockMode::block, kNoDeadline);
  return real().pthread_rwlock_rdlock(rw);
}
int pthread_rwlock_wrlock(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->rw_lock(s, rw, true, LockMode::block, kNoDeadline);
  return real().pthread_rwlock_wrlock(rw);
}
int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->rw_lock(s, rw, false, LockMode::try_only, kNoDeadline);
  return real().pthread_rwlock_tryrdlock(rw);
}
int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self())
    return ES_NOTE_SITE(s), s->core->rw_lock(s, rw, true, LockMode::try_only, kNoDeadline);
  return real().pthread_rwlock_trywrlock(rw);
}
int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw, const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_rwlock_timedrdlock(rw, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->rw_lock(s, rw, false, LockMode::timed,
                          s->core->deadline_from(CLOCK_REALTIME, *abs));
}
int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw, const timespec* abs) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().pthread_rwlock_timedwrlock(rw, abs);
  if (!valid(abs)) return EINVAL;
  ES_NOTE_SITE(s);
  return s->core->rw_lock(s, rw, true, LockMode::timed,
                          s->core->deadline_from(CLOCK_REALTIME, *abs));
}
int pthread_rwlock_unlock(pthread_rwlock_t* rw) {
  if (ThreadRec* s = controlled_self()) return s->core->rw_unlock(s, rw);
  return real().pthread_rwlock_unlock(rw);
}

int sched_yield() {
  if (ThreadRec* s = controlled_self()) {
    s->core->point(s, Op::yield);
    return 0;
  }
  return real().sched_yield();
}

int nanosleep(const timespec* req, timespec* rem) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().nanosleep(req, rem);
  if (!valid(req)) {
    errno = EINVAL;
    return -1;
  }
  sleep_for_ns(s, span_ns(*req));
  if (rem != nullptr) *rem = timespec{0, 0};
  return 0;
}
int clock_nanosleep(clockid_t clock, int flags, const timespec* req, timespec* rem) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().clock_nanosleep(clock, flags, req, rem);
  if (!valid(req)) return EINVAL;
  if (flags & TIMER_ABSTIME) {
    s->core->sleep_until(s, s->core->deadline_from(clock, *req));
  } else {
    sleep_for_ns(s, span_ns(*req));
    if (rem != nullptr) *rem = timespec{0, 0};
  }
  return 0;
}
int usleep(useconds_t us) {
  if (ThreadRec* s = controlled_self()) {
    sleep_for_ns(s, uint64_t{us} * 1000);
    return 0;
  }
  return real().usleep(us);
}
unsigned sleep(unsigned seconds) {
  if (ThreadRec* s = controlled_self()) {
    sleep_for_ns(s, uint64_t{seconds} * 1'000'000'000ull);
    return 0;
  }
  return real().sleep(seconds);
}

int clock_gettime(clockid_t clock, timespec* ts) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().clock_gettime(clock, ts);
  *ts = to_timespec(s->core->read_clock(s, clock));
  return 0;
}
int gettimeofday(timeval* tv, void* tz) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().gettimeofday(tv, tz);
  const uint64_t ns = s->core->read_clock(s, CLOCK_REALTIME);
  // glibc declares tv nonnull; callers passing NULL are already broken.
  tv->tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
  tv->tv_usec = static_cast<suseconds_t>(ns % 1'000'000'000ull / 1000);
  return 0;
}
time_t time(time_t* out) {
  ThreadRec* s = controlled_self();
  if (s == nullptr) return real().time(out);
  const auto sec = static_cast<time_t>(s->core->read_clock(s, CLOCK_REALTIME) / 1'000'000'000ull);
  if (out != nullptr) *out = sec;
  return sec;
}

}  // extern "C"
