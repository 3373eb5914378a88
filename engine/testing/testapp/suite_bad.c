/* suite_bad.c - suites that are broken as a whole, one per build flag, for
 * the CLI tests of `enginesim testapp`'s messages (exit 2):
 *   SUITE_NO_GET_TESTS  exports get_test (a typo) instead of get_tests
 *   SUITE_SETUP_FALSE   setup_suite returns false
 *   SUITE_SETUP_CRASH   setup_suite dereferences NULL
 *   (none)              the tests themselves misbehave: a NULL function
 *                       (PENDING), one that never ends (TIMEOUT), one that
 *                       crashes (DIED), and one that passes among them. */
#include <signal.h>
#include <unistd.h>

#include "suite_common.h"

static struct test_harness *harness;

static enum test_result test_passes(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    check(h1->get_info(h) != NULL, "get_info");
    return SUCCESS;
}

static enum test_result test_never_ends(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    (void)h;
    (void)h1;
    for (;;) {
        sleep(1);
    }
    return SUCCESS;
}

static enum test_result test_crashes(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    (void)h;
    (void)h1;
    raise(SIGSEGV);
    return SUCCESS;
}

static engine_test_t tests[] = {
    {"a test without a function", NULL, NULL, NULL, NULL},
    {"a test that never ends", test_never_ends, NULL, NULL, NULL},
    {"a test that crashes", test_crashes, NULL, NULL, NULL},
    {"a test that passes", test_passes, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

#ifdef SUITE_NO_GET_TESTS
MEMCACHED_PUBLIC_API engine_test_t *get_test(void);
engine_test_t *get_test(void) {
    return tests;
}
#else
MEMCACHED_PUBLIC_API engine_test_t *get_tests(void);
engine_test_t *get_tests(void) {
    return tests;
}
#endif

MEMCACHED_PUBLIC_API bool setup_suite(struct test_harness *th);
bool setup_suite(struct test_harness *th) {
    harness = th;
#if defined(SUITE_SETUP_FALSE)
    return false;
#elif defined(SUITE_SETUP_CRASH)
    volatile int *nowhere = NULL;
    return *nowhere == 0;
#else
    return harness != NULL;
#endif
}
