/* lock_order_probe.c - small C programs for the lock-order check's tests
 * (harness/sched/lock_order.h), loaded with dlopen like an engine. Unless a
 * probe says otherwise its threads run one after the other (each is joined
 * before the next starts): no schedule can deadlock, so whatever the check
 * reports it found from the order of acquisitions alone. Each probe returns
 * a number the test checks (-1: a pthread call failed). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROBE __attribute__((visibility("default")))

typedef struct pair {
    pthread_mutex_t *first;
    pthread_mutex_t *second;
} pair;

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

/* Starts fn(arg) on a thread of its own and waits for it. */
static int run_thread(void *(*fn)(void *), void *arg) {
    pthread_t t;
    if (pthread_create(&t, NULL, fn, arg) != 0) return -1;
    return pthread_join(t, NULL) == 0 ? 0 : -1;
}

static void *nested(void *raw) {
    pair *p = raw;
    pthread_mutex_lock(p->first);
    pthread_mutex_lock(p->second);
    pthread_mutex_unlock(p->second);
    pthread_mutex_unlock(p->first);
    return NULL;
}

static void *nested_try(void *raw) {
    pair *p = raw;
    int got;
    pthread_mutex_lock(p->first);
    got = pthread_mutex_trylock(p->second) == 0;
    if (got) pthread_mutex_unlock(p->second);
    pthread_mutex_unlock(p->first);
    return NULL;
}

/* A then B, later B then A: the classic inversion. */
PROBE int lo_inversion(void) {
    pair ab = {&lock_a, &lock_b}, ba = {&lock_b, &lock_a};
    return run_thread(nested, &ab) + run_thread(nested, &ba);
}

/* A then B, twice: one order. */
PROBE int lo_consistent(void) {
    pair ab = {&lock_a, &lock_b};
    return run_thread(nested, &ab) + run_thread(nested, &ab);
}

/* A then B, later B then trylock(A): a trylock never waits. */
PROBE int lo_trylock(void) {
    pair ab = {&lock_a, &lock_b}, ba = {&lock_b, &lock_a};
    return run_thread(nested, &ab) + run_thread(nested_try, &ba);
}

/* A then B, B then C, C then A: a cycle of three. */
PROBE int lo_three(void) {
    pair ab = {&lock_a, &lock_b}, bc = {&lock_b, &lock_c}, ca = {&lock_c, &lock_a};
    return run_thread(nested, &ab) + run_thread(nested, &bc) + run_thread(nested, &ca);
}

/* Both inversions' threads at once: some schedules deadlock for real. */
PROBE int lo_inversion_concurrent(void) {
    pair ab = {&lock_a, &lock_b}, ba = {&lock_b, &lock_a};
    pthread_t t1, t2;
    if (pthread_create(&t1, NULL, nested, &ab) != 0) return -1;
    if (pthread_create(&t2, NULL, nested, &ba) != 0) return -1;
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
}

static void *read_then_a(void *unused) {
    (void)unused;
    pthread_rwlock_rdlock(&rw);
    pthread_mutex_lock(&lock_a);
    pthread_mutex_unlock(&lock_a);
    pthread_rwlock_unlock(&rw);
    return NULL;
}

static void *write_then_a(void *unused) {
    (void)unused;
    pthread_rwlock_wrlock(&rw);
    pthread_mutex_lock(&lock_a);
    pthread_mutex_unlock(&lock_a);
    pthread_rwlock_unlock(&rw);
    return NULL;
}

static void *a_then_read(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock_a);
    pthread_rwlock_rdlock(&rw);
    pthread_rwlock_unlock(&rw);
    pthread_mutex_unlock(&lock_a);
    return NULL;
}

/* read(R) then A, later A then read(R): readers never wait for readers. */
PROBE int lo_rw_read_read(void) {
    return run_thread(read_then_a, NULL) + run_thread(a_then_read, NULL);
}

/* write(R) then A, later A then read(R): the reader waits for the writer. */
PROBE int lo_rw_write_read(void) {
    return run_thread(write_then_a, NULL) + run_thread(a_then_read, NULL);
}

/* A heap mutex X: A then X; X destroyed and freed; a new mutex allocated
 * (glibc hands the same block back to the same thread), then Y then A.
 * Returns 1 when Y reused X's address (the case under test), else 0. With
 * `destroy` 0 the memory is only freed and zeroed again, as a std::mutex's
 * is (its destructor does nothing), which only a free can tell. */
/* A zeroed mutex (PTHREAD_MUTEX_INITIALIZER) in a block of its own. Zeroed
 * through a volatile pointer: GCC would turn malloc and memset into calloc,
 * and glibc's calloc skips the per-thread cache that hands a freed block
 * straight back to the thread that freed it. */
static pthread_mutex_t *new_mutex(void) {
    pthread_mutex_t *m = malloc(sizeof *m);
    volatile char *bytes = (volatile char *)m;
    size_t i;
    for (i = 0; m != NULL && i < sizeof *m; ++i) bytes[i] = 0;
    return m;
}

PROBE int lo_reused_address(int destroy) {
    pthread_mutex_t *x = new_mutex(), *y;
    pair ax, ya;
    int reused;
    if (x == NULL) return -1;
    if (destroy) pthread_mutex_init(x, NULL);
    ax.first = &lock_a;
    ax.second = x;
    if (run_thread(nested, &ax) != 0) return -1;
    if (destroy) pthread_mutex_destroy(x);
    free(x);
    y = new_mutex();
    if (y == NULL) return -1;
    if (destroy) pthread_mutex_init(y, NULL);
    reused = (char *)y - (char *)x == 0;
    ya.first = y;
    ya.second = &lock_a;
    if (run_thread(nested, &ya) != 0) return -1;
    if (destroy) pthread_mutex_destroy(y);
    free(y);
    return reused;
}

/* A recursive mutex R taken twice, then B; later B then R is a cycle,
 * but R twice alone is none. `invert` 0: only the first thread runs. */
static pthread_mutex_t *recursive_lock(void) {
    static pthread_mutex_t r;
    static int done;
    if (!done) {
        pthread_mutexattr_t attr;
        pthread_mutexattr_init(&attr);
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
        pthread_mutex_init(&r, &attr);
        pthread_mutexattr_destroy(&attr);
        done = 1;
    }
    return &r;
}

static void *recursive_then_b(void *unused) {
    pthread_mutex_t *r = recursive_lock();
    (void)unused;
    pthread_mutex_lock(r);
    pthread_mutex_lock(r);
    pthread_mutex_lock(&lock_b);
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(r);
    pthread_mutex_unlock(r);
    return NULL;
}

PROBE int lo_recursive(int invert) {
    pair br = {&lock_b, NULL};
    int rc = run_thread(recursive_then_b, NULL);
    if (!invert) return rc;
    br.second = recursive_lock();
    return rc + run_thread(nested, &br);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

/* M then A, then a timed wait on M while A is held: waking retakes M
 * while holding A (A then M). */
static void *wait_holding_a(void *unused) {
    struct timespec until;
    (void)unused;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    pthread_mutex_lock(&lock_c);
    pthread_mutex_lock(&lock_a);
    pthread_cond_timedwait(&cond, &lock_c, &until);
    pthread_mutex_unlock(&lock_a);
    pthread_mutex_unlock(&lock_c);
    return NULL;
}

PROBE int lo_cond_retake(void) { return run_thread(wait_holding_a, NULL); }
