/* kv_suite.c - a test suite for kv_engine written for memcached's
 * engine_testapp, run unchanged by `enginesim testapp` (the kv_engine.testapp
 * test: with free threads, then under the deterministic scheduler). Built
 * for the default (tutorial-2010) layout: values carry the core's "\r\n"
 * and allocate gets the core's time (engine_testapp's clock starts at 0 as
 * each test starts). */
#include <string.h>

#include <memcached/engine_testapp.h>
#include <memcached/visibility.h>

static struct test_harness *harness;

static enum test_result store(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1, const void *cookie,
                              const char *key, const char *value, rel_time_t exptime) {
    item *it = NULL;
    const size_t n = strlen(value);
    if (h1->allocate(h, cookie, &it, key, strlen(key), n + 2, 0, exptime) != ENGINE_SUCCESS) {
        return FAIL;
    }
    item_info info;
    memset(&info, 0, sizeof info);
    info.nvalue = 1;
    if (!h1->get_item_info(h, cookie, it, &info)) {
        h1->release(h, cookie, it);
        return FAIL;
    }
    memcpy(info.value[0].iov_base, value, n);
    memcpy((char *)info.value[0].iov_base + n, "\r\n", 2);
    uint64_t cas = 0;
    ENGINE_ERROR_CODE rv = h1->store(h, cookie, it, &cas, OPERATION_SET, 0);
    h1->release(h, cookie, it);
    return rv == ENGINE_SUCCESS ? SUCCESS : FAIL;
}

static enum test_result test_set_get(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    if (store(h, h1, cookie, "greeting", "hello", 0) != SUCCESS) return FAIL;
    item *it = NULL;
    if (h1->get(h, cookie, &it, "greeting", 8, 0) != ENGINE_SUCCESS) return FAIL;
    item_info info;
    memset(&info, 0, sizeof info);
    info.nvalue = 1;
    const bool ok = h1->get_item_info(h, cookie, it, &info) && info.nbytes == 7 &&
                    memcmp(info.value[0].iov_base, "hello\r\n", 7) == 0;
    h1->release(h, cookie, it);
    harness->destroy_cookie(cookie);
    return ok ? SUCCESS : FAIL;
}

static enum test_result test_expiry(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    if (store(h, h1, cookie, "brief", "x", 10) != SUCCESS) return FAIL;  /* 10 s from 0 */
    harness->time_travel(11);
    item *it = NULL;
    const ENGINE_ERROR_CODE rv = h1->get(h, cookie, &it, "brief", 5, 0);
    harness->destroy_cookie(cookie);
    return rv == ENGINE_KEY_ENOENT ? SUCCESS : FAIL;
}

static engine_test_t tests[] = {
    {"set then get", test_set_get, NULL, NULL, NULL},
    {"an item expires", test_expiry, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

MEMCACHED_PUBLIC_API engine_test_t *get_tests(void);
MEMCACHED_PUBLIC_API bool setup_suite(struct test_harness *th);

engine_test_t *get_tests(void) {
    return tests;
}

bool setup_suite(struct test_harness *th) {
    harness = th;
    return true;
}
