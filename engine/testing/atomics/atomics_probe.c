/* atomics_probe.c - small programs for the tests of enginesim's atomics
 * mode (tests/harness/sched/atomics/test_atomics.cpp), loaded with dlopen like an engine
 * and built instrumented (clang -fsanitize=thread -mcx16). */
#include <pthread.h>
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

typedef unsigned __int128 u128;

/* Every operation at every width; the number of wrong results. */
#define CHECK_WIDTH(T)                                                         \
    do {                                                                       \
        static T x;                                                            \
        T expected = 5;                                                        \
        __atomic_store_n(&x, (T)5, __ATOMIC_RELEASE);                          \
        wrong += __atomic_load_n(&x, __ATOMIC_ACQUIRE) != 5;                   \
        wrong += __atomic_exchange_n(&x, (T)7, __ATOMIC_ACQ_REL) != 5;         \
        wrong += __atomic_fetch_add(&x, (T)3, __ATOMIC_RELAXED) != 7;          \
        wrong += __atomic_fetch_sub(&x, (T)2, __ATOMIC_SEQ_CST) != 10;         \
        wrong += __atomic_fetch_and(&x, (T)12, __ATOMIC_RELAXED) != 8;         \
        wrong += __atomic_fetch_or(&x, (T)3, __ATOMIC_RELAXED) != 8;           \
        wrong += __atomic_fetch_xor(&x, (T)1, __ATOMIC_RELAXED) != 11;         \
        wrong += __atomic_fetch_nand(&x, (T)2, __ATOMIC_RELAXED) != 10;        \
        wrong += __atomic_load_n(&x, __ATOMIC_RELAXED) != (T)~(T)2;            \
        wrong += __atomic_compare_exchange_n(&x, &expected, (T)1, 0,           \
                                             __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
        wrong += expected != (T)~(T)2;                                         \
        wrong += !__atomic_compare_exchange_n(&x, &expected, (T)1, 1,          \
                                              __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE); \
        wrong += __atomic_load_n(&x, __ATOMIC_SEQ_CST) != 1;                   \
    } while (0)

EXPORT int probe_all_widths(void) {
    int wrong = 0;
    CHECK_WIDTH(uint8_t);
    CHECK_WIDTH(uint16_t);
    CHECK_WIDTH(uint32_t);
    CHECK_WIDTH(uint64_t);
    CHECK_WIDTH(u128);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return wrong;
}

/* Two threads each add 1 `rounds` times through a relaxed load and store:
 * the final count, short of 2 * rounds when an update was lost. */
static int counter;
static int rounds_each;

static void *add_racily(void *arg) {
    (void)arg;
    for (int i = 0; i < rounds_each; ++i) {
        int seen = __atomic_load_n(&counter, __ATOMIC_RELAXED);
        __atomic_store_n(&counter, seen + 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

EXPORT int probe_lost_update(int rounds) {
    pthread_t a, b;
    counter = 0;
    rounds_each = rounds;
    pthread_create(&a, NULL, add_racily, NULL);
    pthread_create(&b, NULL, add_racily, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return counter;
}

/* A spin on a flag that no thread will ever set. */
EXPORT int probe_never_set; /* global: the compiler may not assume it stays 0 */

EXPORT void probe_spin_forever(void) {
    while (__atomic_load_n(&probe_never_set, __ATOMIC_ACQUIRE) == 0) {
    }
}

/* A message passed through a flag: the payload is a plain int. With
 * `ordered` the flag is written with release and read with acquire (or
 * through fences, `ordered` == 2); without, both are relaxed. */
static int payload;
static int ready;
static int order_kind;

static void *publish(void *arg) {
    (void)arg;
    payload = 42;
    if (order_kind == 1) {
        __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
    } else if (order_kind == 2) {
        __atomic_thread_fence(__ATOMIC_RELEASE);
        __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
    } else {
        __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

EXPORT int probe_message(int ordered) {
    pthread_t t;
    int got = -1;
    payload = 0;
    ready = 0;
    order_kind = ordered;
    pthread_create(&t, NULL, publish, NULL);
    for (;;) {
        int r = __atomic_load_n(&ready, ordered == 1 ? __ATOMIC_ACQUIRE : __ATOMIC_RELAXED);
        if (r) {
            if (ordered == 2) __atomic_thread_fence(__ATOMIC_ACQUIRE);
            got = payload;
            break;
        }
    }
    pthread_join(t, NULL);
    return got;
}

/* The same message under a mutex: no race. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *publish_locked(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    payload = 7;
    ready = 1;
    pthread_mutex_unlock(&lock);
    return NULL;
}

EXPORT int probe_locked_message(void) {
    pthread_t t;
    int got = -1;
    payload = 0;
    ready = 0;
    pthread_create(&t, NULL, publish_locked, NULL);
    for (int done = 0; !done;) {
        pthread_mutex_lock(&lock);
        if (ready) {
            got = payload;
            done = 1;
        }
        pthread_mutex_unlock(&lock);
    }
    pthread_join(t, NULL);
    return got;
}

/* Message passing with atomics only: the data and the flag. With `ordered`
 * the flag is released and acquired; without, both are relaxed, and a
 * reader that sees the flag may still read the data's older value (C++11
 * allows it; x86 never shows it): only --weak-memory finds that. */
static int wm_data;
static int wm_flag;
static int wm_ordered;

static void *weak_publish(void *arg) {
    (void)arg;
    __atomic_store_n(&wm_data, 42, __ATOMIC_RELAXED);
    __atomic_store_n(&wm_flag, 1, wm_ordered ? __ATOMIC_RELEASE : __ATOMIC_RELAXED);
    return NULL;
}

EXPORT int probe_weak_message(int ordered) {
    pthread_t t;
    wm_ordered = ordered;
    __atomic_store_n(&wm_data, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&wm_flag, 0, __ATOMIC_RELAXED);
    pthread_create(&t, NULL, weak_publish, NULL);
    while (!__atomic_load_n(&wm_flag, ordered ? __ATOMIC_ACQUIRE : __ATOMIC_RELAXED)) {
    }
    int got = __atomic_load_n(&wm_data, __ATOMIC_RELAXED);
    pthread_join(t, NULL);
    return got;
}
