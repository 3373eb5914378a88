/* suite_wrong_wait.c - a suite with a classic mistake: after EWOULDBLOCK it
 * sleeps for a while and assumes notify_io_complete has come by then,
 * instead of waiting for it (waitfor_cookie). On an idle machine the engine's
 * thread is always quicker than the sleep and the test passes; under
 * `enginesim testapp --seeds` a schedule where the sleep ends first fails it,
 * and the printed command replays that schedule (cli.testapp_wrong_wait_*). */
#include <unistd.h>

#include "suite_common.h"

static struct test_harness *harness;

static enum test_result test_sleep_instead_of_wait(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1) {
    const void *cookie = harness->create_cookie();
    check(suite_store(h, h1, cookie, "k", "v", 0) == ENGINE_SUCCESS, "set k");
    harness->set_ewouldblock_handling(cookie, false);
    item *it = NULL;
    ENGINE_ERROR_CODE rv = h1->get(h, cookie, &it, "k", 1, 0);
    if (rv == ENGINE_EWOULDBLOCK) {
        usleep(50000); /* "the engine is surely done by now" */
        rv = h1->get(h, cookie, &it, "k", 1, 0);
    }
    check(rv == ENGINE_SUCCESS, "get k after the sleep");
    h1->release(h, cookie, it);
    harness->destroy_cookie(cookie);
    return SUCCESS;
}

static engine_test_t tests[] = {
    {"sleep instead of waitfor_cookie", test_sleep_instead_of_wait, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

SUITE_EXPORTS(tests, harness)
