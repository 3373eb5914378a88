/* fs_api.c - the ENGINE_HANDLE_V1 entry points: argument checks, then the
 * operation either runs here (mode=sync) or goes to another thread and is
 * collected when the core calls again after notify_io_complete. */
#include <string.h>

#include "fs_engine.h"
#include "fs_item.h"
#include "fs_ops.h"

static bool key_ok(const void *key, size_t nkey) {
    return key != NULL && nkey >= 1 && nkey <= FS_KEY_MAX;
}

static bool is_async(const struct fs_engine *e) {
    return e->config.mode != FS_MODE_SYNC;
}

/* A task carrying a copy of the key; NULL on ENOMEM. */
static struct fs_task *keyed_task(struct fs_engine *e, const void *cookie,
                                  fs_task_kind kind, const void *key,
                                  size_t nkey) {
    struct fs_task *t = fs_task_new(e, cookie, kind);
    if (t != NULL) {
        memcpy(t->key, key, nkey);
        t->nkey = (uint16_t)nkey;
    }
    return t;
}

static ENGINE_ERROR_CODE fs_allocate(ENGINE_HANDLE *handle, const void *cookie,
                                     item **item, const void *key,
                                     const size_t nkey, const size_t nbytes,
                                     const int flags, const rel_time_t exptime) {
    (void)cookie;
    struct fs_engine *e = fs_engine_of(handle);
    if (!key_ok(key, nkey)) {
        return ENGINE_EINVAL;
    }
    if (nbytes > e->config.item_size_max) {
        return ENGINE_E2BIG;
    }
    struct fs_item *it = fs_item_new(key, nkey, nbytes, (uint32_t)flags, exptime);
    if (it == NULL) {
        return ENGINE_ENOMEM;
    }
    *item = it;
    return ENGINE_SUCCESS;
}

static void fs_release(ENGINE_HANDLE *handle, const void *cookie, item *item) {
    (void)handle;
    (void)cookie;
    if (item != NULL) {
        fs_item_unref(item);
#ifdef ES_MUTANT_FS_DOUBLE_RELEASE
        fs_item_unref(item); /* mutant: the release path drops two references */
#endif
    }
}

static ENGINE_ERROR_CODE fs_get(ENGINE_HANDLE *handle, const void *cookie,
                                item **item, const void *key, const int nkey,
                                uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *e = fs_engine_of(handle);
    if (nkey < 0 || !key_ok(key, (size_t)nkey)) {
        return ENGINE_EINVAL;
    }
    if (!is_async(e)) {
        return fs_op_get(e, key, (size_t)nkey, (struct fs_item **)item);
    }
    struct fs_result *r = fs_async_claim(e, cookie, FS_TASK_GET);
    if (r != NULL) {
        const ENGINE_ERROR_CODE status = r->status;
        if (status == ENGINE_SUCCESS) {
            *item = r->item;
            r->item = NULL; /* the core's now */
        }
        fs_result_free(r);
        return status;
    }
    struct fs_task *t = keyed_task(e, cookie, FS_TASK_GET, key, (size_t)nkey);
    return t == NULL ? ENGINE_ENOMEM : fs_async_submit(e, t);
}

static ENGINE_ERROR_CODE fs_store(ENGINE_HANDLE *handle, const void *cookie,
                                  item *item, uint64_t *cas,
                                  ENGINE_STORE_OPERATION operation,
                                  uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *e = fs_engine_of(handle);
    struct fs_item *it = item;
    if (it == NULL || cas == NULL) {
        return ENGINE_EINVAL;
    }
    if (!is_async(e)) {
        return fs_op_store(e, it, operation, cas);
    }
    struct fs_result *r = fs_async_claim(e, cookie, FS_TASK_STORE);
    if (r != NULL) {
        const ENGINE_ERROR_CODE status = r->status;
        if (status == ENGINE_SUCCESS) {
            *cas = r->cas;
        }
        fs_result_free(r);
        return status;
    }
    struct fs_task *t = fs_task_new(e, cookie, FS_TASK_STORE);
    if (t == NULL) {
        return ENGINE_ENOMEM;
    }
    /* The task keeps the item alive even if the core let go of it. */
    fs_item_ref(it);
    t->item = it;
    t->operation = operation;
    return fs_async_submit(e, t);
}

static ENGINE_ERROR_CODE fs_remove(ENGINE_HANDLE *handle, const void *cookie,
                                   const void *key, const size_t nkey,
                                   uint64_t cas, uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *e = fs_engine_of(handle);
    if (!key_ok(key, nkey)) {
        return ENGINE_EINVAL;
    }
    if (!is_async(e)) {
        return fs_op_remove(e, key, nkey, cas);
    }
    struct fs_result *r = fs_async_claim(e, cookie, FS_TASK_REMOVE);
    if (r != NULL) {
        const ENGINE_ERROR_CODE status = r->status;
        fs_result_free(r);
        return status;
    }
    struct fs_task *t = keyed_task(e, cookie, FS_TASK_REMOVE, key, nkey);
    if (t == NULL) {
        return ENGINE_ENOMEM;
    }
    t->cas = cas;
    return fs_async_submit(e, t);
}

/* memcached's binary incr/decr hands the client's expiration over raw (no
 * realtime() in the core): the engine converts it. */
static rel_time_t arith_exptime(struct fs_engine *e, rel_time_t raw) {
    return raw == 0 ? 0 : e->sapi.core->realtime((time_t)raw);
}

static ENGINE_ERROR_CODE fs_arithmetic(
    ENGINE_HANDLE *handle, const void *cookie, const void *key,
    const int nkey, const bool increment, const bool create,
    const uint64_t delta, const uint64_t initial, const rel_time_t exptime,
    uint64_t *cas, uint64_t *result, uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *e = fs_engine_of(handle);
    if (nkey < 0 || !key_ok(key, (size_t)nkey) || cas == NULL || result == NULL) {
        return ENGINE_EINVAL;
    }
    if (!is_async(e)) {
        const struct fs_arith_args args = {
            .key = key, .nkey = (size_t)nkey, .increment = increment,
            .create = create, .delta = delta, .initial = initial,
            .exptime = arith_exptime(e, exptime)};
        return fs_op_arith(e, &args, cas, result);
    }
    struct fs_result *r = fs_async_claim(e, cookie, FS_TASK_ARITH);
    if (r != NULL) {
        const ENGINE_ERROR_CODE status = r->status;
        if (status == ENGINE_SUCCESS) {
            *cas = r->cas;
            *result = r->number;
        }
        fs_result_free(r);
        return status;
    }
    struct fs_task *t = keyed_task(e, cookie, FS_TASK_ARITH, key, (size_t)nkey);
    if (t == NULL) {
        return ENGINE_ENOMEM;
    }
    t->increment = increment;
    t->create = create;
    t->delta = delta;
    t->initial = initial;
    t->exptime = arith_exptime(e, exptime);
    return fs_async_submit(e, t);
}

static ENGINE_ERROR_CODE fs_flush(ENGINE_HANDLE *handle, const void *cookie,
                                  time_t when) {
    /* In every mode, on the caller's thread: memcached's binary flush
     * (process_bin_flush) has no EWOULDBLOCK case and would answer the
     * client EINVAL at once, so a flush cannot go to the async thread. */
    (void)cookie;
    return fs_op_flush(fs_engine_of(handle), when);
}

static ENGINE_ERROR_CODE fs_get_stats(ENGINE_HANDLE *handle, const void *cookie,
                                      const char *stat_key, int nkey,
                                      ADD_STAT add_stat) {
    if (stat_key != NULL && nkey > 0) {
        return ENGINE_KEY_ENOENT; /* no stat groups */
    }
    fs_stats_report(fs_engine_of(handle), cookie, add_stat);
    return ENGINE_SUCCESS;
}

static void fs_reset_stats(ENGINE_HANDLE *handle, const void *cookie) {
    (void)cookie;
    fs_stats_reset(&fs_engine_of(handle)->stats);
}

static ENGINE_ERROR_CODE fs_unknown_command(
    ENGINE_HANDLE *handle, const void *cookie,
    protocol_binary_request_header *request, ADD_RESPONSE response) {
    (void)handle;
    (void)cookie;
    (void)request;
    (void)response;
    return ENGINE_ENOTSUP;
}

static void fs_item_set_cas(ENGINE_HANDLE *handle, const void *cookie,
                            item *item, uint64_t cas) {
    (void)handle;
    (void)cookie;
    ((struct fs_item *)item)->cas = cas;
}

static bool fs_get_item_info(ENGINE_HANDLE *handle, const void *cookie,
                             const item *item, item_info *item_info) {
    (void)handle;
    (void)cookie;
    return item != NULL && item_info != NULL && fs_item_info(item, item_info);
}

static size_t fs_errinfo(ENGINE_HANDLE *handle, const void *cookie,
                         char *buffer, size_t buffsz) {
    (void)handle;
    (void)cookie;
    (void)buffer;
    (void)buffsz;
    return 0; /* no per-connection error detail */
}

void fs_api_install(ENGINE_HANDLE_V1 *v1) {
    v1->allocate = fs_allocate;
    v1->remove = fs_remove;
    v1->release = fs_release;
    v1->get = fs_get;
    v1->store = fs_store;
    v1->arithmetic = fs_arithmetic;
    v1->flush = fs_flush;
    v1->get_stats = fs_get_stats;
    v1->reset_stats = fs_reset_stats;
    v1->unknown_command = fs_unknown_command;
    v1->item_set_cas = fs_item_set_cas;
    v1->get_item_info = fs_get_item_info;
    v1->errinfo = fs_errinfo;
    /* get_stats_struct, aggregate_stats and tap_* stay NULL: unsupported. */
}
