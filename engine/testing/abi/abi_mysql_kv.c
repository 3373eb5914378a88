/* abi_mysql_kv.c - a reference engine for the `mysql` ABI profile: the
 * example kv_engine built with MySQL's layout (its create_instance renamed),
 * plus what that layout adds: on every get it keeps a per-connection record
 * in the engine-specific slot, and clean_engine frees it when the core closes
 * the connection. Two extra stats show the core did so:
 *   clean_engine_calls     - records freed by clean_engine;
 *   clean_engine_bad_data  - calls whose engine_data was not this
 *                            connection's record (must stay 0). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcached/engine.h"

#if MEMCACHED_ABI_PROFILE != MEMCACHED_ABI_MYSQL
#error "build with -DMEMCACHED_ABI_PROFILE=MEMCACHED_ABI_MYSQL"
#endif

ENGINE_ERROR_CODE kv_create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                     ENGINE_HANDLE **handle);

typedef struct {
    const void *cookie; /* whose record this is */
    uint64_t gets;
} conn_record;

static GET_SERVER_API server;
static ENGINE_ERROR_CODE (*kv_get)(ENGINE_HANDLE *, const void *, item **, const void *,
                                   const int, uint16_t);
static ENGINE_ERROR_CODE (*kv_get_stats)(ENGINE_HANDLE *, const void *, const char *, int,
                                         ADD_STAT);
static atomic_ulong clean_calls;
static atomic_ulong clean_bad_data;

static ENGINE_ERROR_CODE mysql_get(ENGINE_HANDLE *h, const void *cookie, item **it,
                                   const void *key, const int nkey, uint16_t vbucket) {
    conn_record *r = server()->cookie->get_engine_specific(cookie);
    if (r == NULL && (r = calloc(1, sizeof *r)) != NULL) {
        r->cookie = cookie;
        server()->cookie->store_engine_specific(cookie, r);
    }
    if (r != NULL) r->gets++;
    return kv_get(h, cookie, it, key, nkey, vbucket);
}

static void mysql_clean_engine(ENGINE_HANDLE *h, const void *cookie, void *engine_data) {
    (void)h;
    conn_record *r = engine_data;
    if (r == NULL || r->cookie != cookie) {
        atomic_fetch_add(&clean_bad_data, 1);
        return;
    }
    free(r);
    atomic_fetch_add(&clean_calls, 1);
}

static void add_count(ADD_STAT add_stat, const void *cookie, const char *name, unsigned long v) {
    char text[24];
    const int n = snprintf(text, sizeof text, "%lu", v);
    add_stat(name, (uint16_t)strlen(name), text, (uint32_t)n, cookie);
}

static ENGINE_ERROR_CODE mysql_get_stats(ENGINE_HANDLE *h, const void *cookie, const char *group,
                                         int ngroup, ADD_STAT add_stat) {
    const ENGINE_ERROR_CODE rc = kv_get_stats(h, cookie, group, ngroup, add_stat);
    if (rc == ENGINE_SUCCESS && (group == NULL || ngroup <= 0)) {
        add_count(add_stat, cookie, "clean_engine_calls", atomic_load(&clean_calls));
        add_count(add_stat, cookie, "clean_engine_bad_data", atomic_load(&clean_bad_data));
    }
    return rc;
}

static ENGINE_ERROR_CODE mysql_bind(ENGINE_HANDLE *h, const void *cookie, const void *name,
                                    const size_t name_len) {
    (void)h;
    (void)cookie;
    (void)name;
    (void)name_len;
    return ENGINE_ENOTSUP; /* one container only */
}

MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                       GET_SERVER_API get_server_api,
                                                       ENGINE_HANDLE **handle) {
    const ENGINE_ERROR_CODE rc = kv_create_instance(interface, get_server_api, handle);
    if (rc != ENGINE_SUCCESS) return rc;
    server = get_server_api;
    ENGINE_HANDLE_V1 *v1 = (ENGINE_HANDLE_V1 *)*handle;
    kv_get = v1->get;
    v1->get = mysql_get;
    kv_get_stats = v1->get_stats;
    v1->get_stats = mysql_get_stats;
    v1->bind = mysql_bind;
    v1->clean_engine = mysql_clean_engine;
    return ENGINE_SUCCESS;
}
