/* refcount_engine.c - items with a reference count updated without the
 * table's lock, the way memcached 1.4 took references on its hot path. The
 * bug: the count is read and written back as two relaxed atomic operations,
 * so a get's increment and a release's decrement can overwrite each other.
 * Between the load and the store there is no lock, no thread call: without
 * --atomics the scheduler never switches threads there and every run
 * passes; with --atomics a switch there loses an update, and the item is
 * then leaked (lifecycle.memory_leak) or freed while still in use.
 * Config "fixed": one atomic read-modify-write per update. */
#include <stdlib.h>
#include <string.h>

#include "tiny_base.h"

static void ref(tiny_engine *e, tiny_item *it) {
    if (e->fixed) {
        __atomic_fetch_add(&it->refs, 1, __ATOMIC_RELAXED);
        return;
    }
    int refs = __atomic_load_n(&it->refs, __ATOMIC_RELAXED);
    __atomic_store_n(&it->refs, refs + 1, __ATOMIC_RELAXED);
}

static void unref(tiny_engine *e, tiny_item *it) {
    int left;
    if (e->fixed) {
        left = __atomic_sub_fetch(&it->refs, 1, __ATOMIC_ACQ_REL);
    } else {
        left = __atomic_load_n(&it->refs, __ATOMIC_RELAXED) - 1;
        __atomic_store_n(&it->refs, left, __ATOMIC_RELAXED);
    }
    if (left == 0) free(it);
}

static ENGINE_ERROR_CODE r_initialize(ENGINE_HANDLE *h, const char *config) {
    tiny_configure(tiny(h), config);
    return ENGINE_SUCCESS;
}

static void r_destroy(ENGINE_HANDLE *h) {
    tiny_engine *e = tiny(h);
    for (int i = 0; i < TINY_SLOTS; ++i) {
        if (e->slots[i] != NULL) unref(e, e->slots[i]);
    }
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static ENGINE_ERROR_CODE r_allocate(ENGINE_HANDLE *h, const void *c, item **out,
                                    const void *k, const size_t nk, const size_t nb,
                                    const int f, const rel_time_t exp) {
    (void)h; (void)c;
    if (nk > 250) return ENGINE_EINVAL;
    tiny_item *it = calloc(1, sizeof(tiny_item) + nk + nb);
    if (it == NULL) return ENGINE_ENOMEM;
    it->refs = 1; /* the caller's, until release */
    it->nkey = (uint16_t)nk;
    it->nbytes = (uint32_t)nb;
    it->flags = f;
    it->exptime = exp;
    memcpy(it->data, k, nk);
    *out = it;
    return ENGINE_SUCCESS;
}

static void r_release(ENGINE_HANDLE *h, const void *c, item *it) {
    (void)c;
    unref(tiny(h), it); /* no lock: the hot path */
}

static ENGINE_ERROR_CODE r_get(ENGINE_HANDLE *h, const void *c, item **out, const void *k,
                               const int nk, uint16_t vb) {
    tiny_engine *e = tiny(h);
    int found;
    (void)c; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, k, (size_t)nk, &found);
    if (found) {
        ref(e, e->slots[i]);
        *out = e->slots[i];
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

static ENGINE_ERROR_CODE r_store(ENGINE_HANDLE *h, const void *c, item *item_, uint64_t *cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vb) {
    tiny_engine *e = tiny(h);
    tiny_item *it = item_;
    int found;
    (void)c; (void)op; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, it->data, it->nkey, &found);
    ENGINE_ERROR_CODE rc = ENGINE_NOT_STORED;
    if (i >= 0) {
        if (found) unref(e, e->slots[i]);
        ref(e, it); /* the table's */
        it->cas = ++e->next_cas;
        e->slots[i] = it;
        *cas = it->cas;
        rc = ENGINE_SUCCESS;
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

static ENGINE_ERROR_CODE r_remove(ENGINE_HANDLE *h, const void *c, const void *k,
                                  const size_t nk, uint64_t cas, uint16_t vb) {
    tiny_engine *e = tiny(h);
    int found;
    (void)c; (void)cas; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, k, nk, &found);
    if (found) {
        unref(e, e->slots[i]);
        e->slots[i] = NULL;
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    (void)get_server_api;
    if (interface != 1) return ENGINE_ENOTSUP;
    tiny_engine *e = calloc(1, sizeof(*e));
    if (e == NULL) return ENGINE_ENOMEM;
    tiny_install(e, "atomics proof: refcount lost update");
    e->v1.initialize = r_initialize;
    e->v1.destroy = r_destroy;
    e->v1.allocate = r_allocate;
    e->v1.release = r_release;
    e->v1.get = r_get;
    e->v1.store = r_store;
    e->v1.remove = r_remove;
    *handle = (ENGINE_HANDLE *)&e->v1;
    return ENGINE_SUCCESS;
}
