/* suite_stripes.c - an engine_testapp suite for the stripes engine: an
 * increment, then the statistics, one after the other on one cookie. No
 * schedule of it can deadlock (nothing runs at once); under the scheduler
 * the lock-order check still finds that stripes_engine takes its locks in
 * two orders, while stripes_engine_fixed passes. */
#include "../testapp/suite_common.h"

static struct test_harness *harness;
static int stats_seen;

static void count_stat(const char *key, const uint16_t klen, const char *val,
                       const uint32_t vlen, const void *cookie) {
    (void)key; (void)klen; (void)val; (void)vlen; (void)cookie;
    ++stats_seen;
}

static enum test_result test_incr_then_stats(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    uint64_t cas = 0, result = 0;
    check(suite_store(h, h1, cookie, "n", "41", 0) == ENGINE_SUCCESS, "set n");
    check(h1->arithmetic(h, cookie, "n", 1, true, false, 1, 0, 0, &cas, &result, 0) ==
              ENGINE_SUCCESS, "incr n");
    check(result == 42, "incr n gives 42");
    stats_seen = 0;
    check(h1->get_stats(h, cookie, NULL, 0, count_stat) == ENGINE_SUCCESS, "stats");
    check(stats_seen > 0, "some stats");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static engine_test_t tests[] = {
    {"incr, then stats", test_incr_then_stats, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

MEMCACHED_PUBLIC_API engine_test_t *get_tests(void);
MEMCACHED_PUBLIC_API bool setup_suite(struct test_harness *th);

engine_test_t *get_tests(void) { return tests; }

bool setup_suite(struct test_harness *th) {
    harness = th;
    return true;
}
