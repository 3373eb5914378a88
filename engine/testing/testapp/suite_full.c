/* suite_full.c - an engine_testapp suite that uses every function of struct
 * test_harness: cookies, EWOULDBLOCK handled by the harness and by the test
 * (set_ewouldblock_handling off, waitfor_cookie, lock/unlock_cookie),
 * reload_engine, start_engine without initialize, time_travel across an
 * expiry, stats. It must pass on every bundled engine, with free threads
 * and under every seed (tests/harness/cli/CMakeLists.txt, cli.testapp_*). */
#include "suite_common.h"

static struct test_harness *harness;

/* The test makes the EWOULDBLOCK round itself: call, wait for the notify,
 * call again, as a suite for an asynchronous engine does. */
static ENGINE_ERROR_CODE get_waiting(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1, const void *cookie,
                                     const char *key, item **it, bool locked_wait) {
    ENGINE_ERROR_CODE rv = ENGINE_EWOULDBLOCK;
    for (int round = 0; round < 100 && rv == ENGINE_EWOULDBLOCK; ++round) {
        rv = h1->get(h, cookie, it, key, (int)strlen(key), 0);
        if (rv == ENGINE_EWOULDBLOCK) {
            if (locked_wait) {
                harness->lock_cookie(cookie);
                harness->waitfor_cookie(cookie);
                harness->unlock_cookie(cookie);
            } else {
                harness->waitfor_cookie(cookie);
            }
        }
    }
    return rv;
}

static enum test_result test_set_get(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    check(suite_store(h, h1, cookie, "k1", "v1", 0) == ENGINE_SUCCESS, "set k1");
    check(suite_has(h, h1, cookie, "k1", "v1"), "get k1 gives v1");
    item *it = NULL;
    check(h1->get(h, cookie, &it, "nokey", 5, 0) == ENGINE_KEY_ENOENT, "get of a missing key");
    check(h1->remove(h, cookie, "k1", 2, 0, 0) == ENGINE_SUCCESS, "remove k1");
    check(h1->get(h, cookie, &it, "k1", 2, 0) == ENGINE_KEY_ENOENT, "k1 is gone");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static enum test_result test_ewouldblock_by_test(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    check(suite_store(h, h1, cookie, "k2", "value two", 0) == ENGINE_SUCCESS, "set k2");
    harness->set_ewouldblock_handling(cookie, false);
    item *it = NULL;
    check(get_waiting(h, h1, cookie, "k2", &it, false) == ENGINE_SUCCESS, "get k2, waiting");
    char buf[64];
    check(suite_value(h, h1, cookie, it, buf, sizeof buf), "value of k2");
    check(strcmp(buf, "value two") == 0, "k2 is 'value two'");
    h1->release(h, cookie, it);
    check(get_waiting(h, h1, cookie, "k2", &it, true) == ENGINE_SUCCESS, "get k2, locked wait");
    h1->release(h, cookie, it);
    harness->set_ewouldblock_handling(cookie, true);
    check(suite_has(h, h1, cookie, "k2", "value two"), "k2 with the harness waiting");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static enum test_result test_two_cookies(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *a = harness->create_cookie();
    const void *b = harness->create_cookie();
    check(a != b, "two cookies differ");
    check(suite_store(h, h1, a, "shared", "from a", 0) == ENGINE_SUCCESS, "set on a");
    check(suite_has(h, h1, b, "shared", "from a"), "b sees a's value");
    /* A NULL cookie: engine_testapp makes one for the call. */
    check(suite_has(h, h1, NULL, "shared", "from a"), "a NULL cookie sees it too");
    uint64_t cas = 0, result = 0;
    check(h1->arithmetic(h, b, "counter", 7, true, true, 5, 10, 0, &cas, &result, 0) ==
              ENGINE_SUCCESS, "incr creates counter");
    check(result == 10, "counter starts at its initial value");
    check(h1->arithmetic(h, a, "counter", 7, true, false, 5, 0, 0, &cas, &result, 0) ==
              ENGINE_SUCCESS, "incr counter");
    check(result == 15, "counter is 15");
    harness->destroy_cookie(a);
    harness->destroy_cookie(b);
    return SUCCESS;
}

static enum test_result test_time_travel(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    /* allocate takes the core's time, and engine_testapp's mock server
     * starts its clock at 0 as each test starts: an item that lives 10
     * seconds expires at 10. */
    check(suite_store(h, h1, cookie, "brief", "soon gone", 10) == ENGINE_SUCCESS, "set brief");
    check(suite_store(h, h1, cookie, "lasting", "stays", 0) == ENGINE_SUCCESS, "set lasting");
    harness->time_travel(5);
    check(suite_has(h, h1, cookie, "brief", "soon gone"), "brief lives at 5");
    harness->time_travel(6);
    item *it = NULL;
    check(h1->get(h, cookie, &it, "brief", 5, 0) == ENGINE_KEY_ENOENT, "brief expired at 11");
    check(suite_has(h, h1, cookie, "lasting", "stays"), "lasting has no expiry");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static enum test_result test_reload(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    check(suite_store(h, h1, cookie, "before", "reload", 0) == ENGINE_SUCCESS, "set before");
    harness->reload_engine(&h, &h1, harness->engine_path, harness->default_engine_cfg, true, false);
    check(h1 != NULL && h != NULL, "reload gives a handle");
    check(suite_store(h, h1, cookie, "after", "reload", 0) == ENGINE_SUCCESS, "set after");
    check(suite_has(h, h1, cookie, "after", "reload"), "get after");
    /* start_engine without initialize: the test initialises it. */
    h1->destroy(h);
    h1 = harness->start_engine(harness->engine_path, harness->default_engine_cfg, false);
    h = (ENGINE_HANDLE *)h1;
    check(h1->initialize(h, harness->default_engine_cfg) == ENGINE_SUCCESS, "initialize");
    check(suite_store(h, h1, cookie, "third", "engine", 0) == ENGINE_SUCCESS, "set third");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static int stats_seen;

static void count_stat(const char *key, const uint16_t klen, const char *val,
                       const uint32_t vlen, const void *cookie) {
    (void)key; (void)klen; (void)val; (void)vlen; (void)cookie;
    ++stats_seen;
}

static enum test_result test_stats(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    stats_seen = 0;
    check(h1->get_stats(h, cookie, NULL, 0, count_stat) == ENGINE_SUCCESS, "stats");
    check(stats_seen > 0, "some stats");
    check(h1->get_info(h) != NULL, "get_info");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static engine_test_t tests[] = {
    {"set, get and remove", test_set_get, NULL, NULL, NULL},
    {"ewouldblock handled by the test", test_ewouldblock_by_test, NULL, NULL, NULL},
    {"two cookies and a NULL one", test_two_cookies, NULL, NULL, NULL},
    {"time_travel across an expiry", test_time_travel, NULL, NULL, NULL},
    {"reload_engine and start_engine", test_reload, NULL, NULL, NULL},
    {"stats", test_stats, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

SUITE_EXPORTS(tests, harness)

MEMCACHED_PUBLIC_API bool teardown_suite(void);
bool teardown_suite(void) {
    return true;
}
