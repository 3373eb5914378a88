/* suite_common.h - small helpers the testapp suites here share, written the
 * way engine_testapp suites of 2010 wrote theirs: check() prints and
 * returns FAIL, store/get through the ENGINE_HANDLE_V1 the harness gives. */
#ifndef ENGINESIM_SUITE_COMMON_H
#define ENGINESIM_SUITE_COMMON_H

#include <stdio.h>
#include <string.h>

#include <memcached/engine_testapp.h>
#include <memcached/visibility.h>

#define check(expr, msg)                                                   \
    do {                                                                   \
        if (!(expr)) {                                                     \
            fprintf(stderr, "%s:%d: %s (%s)\n", __FILE__, __LINE__, msg, #expr); \
            return FAIL;                                                   \
        }                                                                  \
    } while (0)

/* set key=value through allocate, item_info, store and release. */
static inline ENGINE_ERROR_CODE suite_store(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1,
                                            const void *cookie, const char *key,
                                            const char *value, rel_time_t exptime) {
    item *it = NULL;
    size_t nvalue = strlen(value);
    ENGINE_ERROR_CODE rv = h1->allocate(h, cookie, &it, key, strlen(key), nvalue + 2, 0, exptime);
    if (rv != ENGINE_SUCCESS) {
        return rv;
    }
    item_info info;
    memset(&info, 0, sizeof info);
    info.nvalue = 1;
    if (!h1->get_item_info(h, cookie, it, &info)) {
        h1->release(h, cookie, it);
        return ENGINE_FAILED;
    }
    memcpy(info.value[0].iov_base, value, nvalue);
    memcpy((char *)info.value[0].iov_base + nvalue, "\r\n", 2);
    h1->item_set_cas(h, cookie, it, 0);
    uint64_t cas = 0;
    rv = h1->store(h, cookie, it, &cas, OPERATION_SET, 0);
    h1->release(h, cookie, it);
    return rv;
}

/* Copies the value of a fetched item (without "\r\n") into buf. */
static inline bool suite_value(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1, const void *cookie,
                               item *it, char *buf, size_t size) {
    item_info info;
    memset(&info, 0, sizeof info);
    info.nvalue = 1;
    if (!h1->get_item_info(h, cookie, it, &info) || info.nbytes < 2 ||
        info.nbytes - 2 >= size) {
        return false;
    }
    memcpy(buf, info.value[0].iov_base, info.nbytes - 2);
    buf[info.nbytes - 2] = '\0';
    return true;
}

/* get key (with the harness's EWOULDBLOCK handling) and compare its value. */
static inline bool suite_has(ENGINE_HANDLE *h, ENGINE_HANDLE_V1 *h1, const void *cookie,
                             const char *key, const char *value) {
    item *it = NULL;
    char buf[256];
    if (h1->get(h, cookie, &it, key, (int)strlen(key), 0) != ENGINE_SUCCESS) {
        return false;
    }
    bool same = suite_value(h, h1, cookie, it, buf, sizeof buf) && strcmp(buf, value) == 0;
    h1->release(h, cookie, it);
    return same;
}

/* A suite's two exports when its setup only keeps the harness: get_tests
 * answers `table`, setup_suite stores the harness in `kept`. */
#define SUITE_EXPORTS(table, kept)                                   \
    MEMCACHED_PUBLIC_API engine_test_t *get_tests(void);            \
    MEMCACHED_PUBLIC_API bool setup_suite(struct test_harness *th); \
    engine_test_t *get_tests(void) {                                \
        return table;                                               \
    }                                                               \
    bool setup_suite(struct test_harness *th) {                     \
        kept = th;                                                  \
        return true;                                                \
    }

#endif
