/* suite_mock_clock.c - tests that assume engine_testapp's mock server clock,
 * as memcached's own basic_engine_testsuite does: get_current_time() is 0
 * as each test starts (init_mock_server sets process_started = time(0)), so
 * an engine that converts exptimes itself (the 1.6 layout: realtime() in
 * allocate) stores exptime 1 as 1; and the mock's realtime() takes an
 * exptime above 3 days as an absolute time. Run against
 * period_engine_beta1 (cli.testapp_mock_clock*). */
#include "suite_common.h"

static struct test_harness *harness;

static enum test_result test_exptime_in_item_info(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    item *it = NULL;
    const rel_time_t exp = 1;
    check(h1->allocate(h, NULL, &it, "key", 3, 1, 0, exp) == ENGINE_SUCCESS, "allocate");
    uint64_t cas = 0;
    check(h1->store(h, NULL, it, &cas, OPERATION_SET, 0) == ENGINE_SUCCESS, "store");
    item_info info;
    memset(&info, 0, sizeof info);
    info.nvalue = 1;
    check(h1->get_item_info(h, NULL, it, &info), "get_item_info");
    check(info.exptime == exp, "the engine's realtime(1) is 1 on the mock server's clock");
    h1->release(h, NULL, it);
    return SUCCESS;
}

static enum test_result test_four_days_is_absolute(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    check(suite_store(h, h1, cookie, "k", "v", 4 * 24 * 60 * 60) == ENGINE_SUCCESS, "set k");
    harness->time_travel(2);
    item *it = NULL;
    check(h1->get(h, cookie, &it, "k", 1, 0) == ENGINE_KEY_ENOENT,
          "four days is past the mock server's 3-day delta: a long-gone absolute time");
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static engine_test_t tests[] = {
    {"exptime 1 reads back as 1", test_exptime_in_item_info, NULL, NULL, NULL},
    {"four days is an absolute time", test_four_days_is_absolute, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

SUITE_EXPORTS(tests, harness)
