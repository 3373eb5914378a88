/* sched_limits.c - the example kv_engine (examples/kv_engine, compiled in
 * with its create_instance renamed) with one thing added to initialize that
 * the deterministic scheduler cannot see, chosen by `limit=` in the config
 * (the rest of the config goes to kv_engine). tests/harness/cli checks that the
 * harness reports each the way docs/limits.md says:
 *   limit=spin      - a busy-wait on an atomic flag that a second thread sets;
 *   limit=futex     - a raw FUTEX_WAIT that a second thread wakes;
 *   limit=clone     - a thread made with clone(2) directly that outlives
 *                     destroy (sleeping in raw nanosleep);
 *   limit=clone_exit- the same thread, but it exits at once: nothing to see;
 *   limit=signal    - a real-time interval timer whose SIGALRM handler counts;
 *   limit=race      - a second thread and initialize both bump a plain int
 *                     with no lock, then initialize joins it: a data race
 *                     that only ThreadSanitizer reports (docs/tsan.md).
 * Without limit= it is kv_engine. With SCHED_LIMITS_STATIC_THREAD=1 in the
 * environment, a static initialiser starts a thread when the module is
 * loaded, which waits on a condition variable until destroy joins it; with
 * SCHED_LIMITS_STATIC_THREAD=leak destroy leaves it waiting. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "memcached/engine.h"

ENGINE_ERROR_CODE kv_create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                     ENGINE_HANDLE **handle);

static ENGINE_ERROR_CODE (*kv_initialize)(ENGINE_HANDLE *, const char *);
static void (*kv_destroy)(ENGINE_HANDLE *);
static atomic_int flag;
static atomic_int signals_seen;

static void *set_flag(void *arg) {
    (void)arg;
    atomic_store(&flag, 1);
    return NULL;
}

static void *wake_futex(void *arg) {
    (void)arg;
    atomic_store(&flag, 1);
    syscall(SYS_futex, &flag, FUTEX_WAKE, 1, NULL, NULL, 0);
    return NULL;
}

static void spin(void) {
    pthread_t t;
    atomic_store(&flag, 0);
    pthread_create(&t, NULL, set_flag, NULL);
    while (atomic_load(&flag) == 0) {
    }
    pthread_join(t, NULL);
}

static void futex_wait(void) {
    pthread_t t;
    atomic_store(&flag, 0);
    pthread_create(&t, NULL, wake_futex, NULL);
    while (atomic_load(&flag) == 0) syscall(SYS_futex, &flag, FUTEX_WAIT, 0, NULL, NULL, 0);
    pthread_join(t, NULL);
}

static int cloned_main(void *arg) {
    if (arg != NULL) return 0; /* clone_exit */
    for (;;) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        syscall(SYS_nanosleep, &ts, NULL); /* raw: no wrapper sees it */
    }
}

static void raw_thread(int exit_at_once) {
    enum { kStack = 64 * 1024 };
    /* Never freed: the thread may outlive us. Mapped, not malloc'ed: an
     * abandoned mapping is not a heap block the leak check would blame. */
    char *stack = mmap(NULL, kStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED) return;
    const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                      CLONE_SYSVSEM;
    clone(cloned_main, stack + kStack, flags, exit_at_once ? stack : NULL);
}

static int racy_counter; /* plain: limit=race updates it with no lock */

static void *bump_counter(void *arg) {
    (void)arg;
    racy_counter++;
    return NULL;
}

static void data_race(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, bump_counter, NULL) != 0) return;
    racy_counter++; /* races with bump_counter: nothing orders the two */
    pthread_join(t, NULL);
}

static void on_alarm(int sig) {
    (void)sig;
    atomic_fetch_add(&signals_seen, 1);
}

static void interval_timer(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval every_ms = {{0, 1000}, {0, 1000}};
    setitimer(ITIMER_REAL, &every_ms, NULL);
}

/* Splits "limit=X;rest" (limit= must come first) and does X. */
static ENGINE_ERROR_CODE limits_initialize(ENGINE_HANDLE *h, const char *config) {
    const char *rest = config != NULL ? config : "";
    if (strncmp(rest, "limit=", 6) == 0) {
        const char *mode = rest + 6;
        const char *end = strchr(mode, ';');
        const size_t n = end != NULL ? (size_t)(end - mode) : strlen(mode);
        rest = end != NULL ? end + 1 : "";
        if (n == 4 && strncmp(mode, "spin", n) == 0) spin();
        else if (n == 5 && strncmp(mode, "futex", n) == 0) futex_wait();
        else if (n == 5 && strncmp(mode, "clone", n) == 0) raw_thread(0);
        else if (n == 10 && strncmp(mode, "clone_exit", n) == 0) raw_thread(1);
        else if (n == 6 && strncmp(mode, "signal", n) == 0) interval_timer();
        else if (n == 4 && strncmp(mode, "race", n) == 0) data_race();
        else return ENGINE_EINVAL;
    }
    return kv_initialize(h, rest);
}

static pthread_mutex_t static_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t static_cond = PTHREAD_COND_INITIALIZER;
static int static_stop;
static int static_started;
static int static_leak; /* destroy leaves it running */
static pthread_t static_thread;

static void *static_main(void *arg) {
    (void)arg;
    pthread_mutex_lock(&static_lock);
    while (!static_stop) pthread_cond_wait(&static_cond, &static_lock);
    pthread_mutex_unlock(&static_lock);
    return NULL;
}

__attribute__((constructor)) static void start_static_thread(void) {
    const char *on = getenv("SCHED_LIMITS_STATIC_THREAD");
    if (on == NULL || (strcmp(on, "1") != 0 && strcmp(on, "leak") != 0)) return;
    static_leak = strcmp(on, "leak") == 0;
    static_started = pthread_create(&static_thread, NULL, static_main, NULL) == 0;
}

static void stop_static_thread(void) {
    if (!static_started || static_leak) return;
    pthread_mutex_lock(&static_lock);
    static_stop = 1;
    pthread_cond_signal(&static_cond);
    pthread_mutex_unlock(&static_lock);
    pthread_join(static_thread, NULL);
    static_started = 0;
}

/* A timer left armed would call on_alarm after dlclose. */
static void limits_destroy(ENGINE_HANDLE *h) {
    stop_static_thread();
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_REAL, &off, NULL);
    signal(SIGALRM, SIG_IGN);
    kv_destroy(h);
}

MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                       GET_SERVER_API get_server_api,
                                                       ENGINE_HANDLE **handle) {
    const ENGINE_ERROR_CODE rc = kv_create_instance(interface, get_server_api, handle);
    if (rc != ENGINE_SUCCESS) return rc;
    ENGINE_HANDLE_V1 *v1 = (ENGINE_HANDLE_V1 *)*handle;
    kv_initialize = v1->initialize;
    v1->initialize = limits_initialize;
    kv_destroy = v1->destroy;
    v1->destroy = limits_destroy;
    return ENGINE_SUCCESS;
}
