/* flag_engine.c - a lookup table built on first use, behind a "ready" flag
 * checked without the lock (double-checked initialisation). The bug: the
 * flag is published and read with relaxed atomics while the table itself is
 * written with plain stores, so a thread that sees the flag set may read the
 * table before the writes that filled it: a data race, reported by --races
 * with both accesses. On x86 every run still reads the right values, which
 * is why such a bug lives long. Config "fixed": release store, acquire load. */
#include <stdlib.h>
#include <string.h>

#include "tiny_base.h"

#define WEIGHTS 256

typedef struct lazy_table {
    pthread_mutex_t lock; /* taken only to build the table */
    int ready;            /* atomic: the table is built */
    unsigned weights[WEIGHTS];
} lazy_table;

/* The table, built by the first caller. */
static const unsigned *weights(tiny_engine *e) {
    lazy_table *z = e->extra;
    int ready = e->fixed ? __atomic_load_n(&z->ready, __ATOMIC_ACQUIRE)
                         : __atomic_load_n(&z->ready, __ATOMIC_RELAXED);
    if (!ready) {
        pthread_mutex_lock(&z->lock);
        if (!__atomic_load_n(&z->ready, __ATOMIC_RELAXED)) {
            for (unsigned i = 0; i < WEIGHTS; ++i) z->weights[i] = i * 2654435761u;
            __atomic_store_n(&z->ready, 1, e->fixed ? __ATOMIC_RELEASE : __ATOMIC_RELAXED);
        }
        pthread_mutex_unlock(&z->lock);
    }
    return z->weights;
}

/* A key's checksum through the table: every get and store uses it. */
static unsigned checksum(tiny_engine *e, const char *key, size_t nkey) {
    const unsigned *w = weights(e);
    unsigned sum = 0;
    for (size_t i = 0; i < nkey; ++i) sum += w[(unsigned char)key[i]];
    return sum;
}

static void unref(tiny_item *it) {
    if (--it->refs == 0) free(it); /* under the table's lock */
}

static ENGINE_ERROR_CODE f_initialize(ENGINE_HANDLE *h, const char *config) {
    tiny_configure(tiny(h), config);
    return ENGINE_SUCCESS;
}

static void f_destroy(ENGINE_HANDLE *h) {
    tiny_engine *e = tiny(h);
    lazy_table *z = e->extra;
    for (int i = 0; i < TINY_SLOTS; ++i) {
        if (e->slots[i] != NULL) unref(e->slots[i]);
    }
    pthread_mutex_destroy(&z->lock);
    free(z);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static ENGINE_ERROR_CODE f_allocate(ENGINE_HANDLE *h, const void *c, item **out,
                                    const void *k, const size_t nk, const size_t nb,
                                    const int f, const rel_time_t exp) {
    (void)h; (void)c;
    if (nk > 250) return ENGINE_EINVAL;
    tiny_item *it = calloc(1, sizeof(tiny_item) + nk + nb);
    if (it == NULL) return ENGINE_ENOMEM;
    it->refs = 1;
    it->nkey = (uint16_t)nk;
    it->nbytes = (uint32_t)nb;
    it->flags = f;
    it->exptime = exp;
    memcpy(it->data, k, nk);
    *out = it;
    return ENGINE_SUCCESS;
}

static void f_release(ENGINE_HANDLE *h, const void *c, item *it) {
    tiny_engine *e = tiny(h);
    (void)c;
    pthread_mutex_lock(&e->lock);
    unref(it);
    pthread_mutex_unlock(&e->lock);
}

static ENGINE_ERROR_CODE f_get(ENGINE_HANDLE *h, const void *c, item **out, const void *k,
                               const int nk, uint16_t vb) {
    tiny_engine *e = tiny(h);
    int found;
    (void)c; (void)vb;
    unsigned sum = checksum(e, k, (size_t)nk);
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, k, (size_t)nk, &found);
    if (found && e->slots[i]->node != sum) {
        /* The table read differently than when the item was stored: only a
         * half-built table does that. */
        __atomic_store_n(&e->poisoned, 1, __ATOMIC_RELAXED);
    }
    if (found) {
        e->slots[i]->refs++;
        *out = e->slots[i];
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

static ENGINE_ERROR_CODE f_store(ENGINE_HANDLE *h, const void *c, item *item_, uint64_t *cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vb) {
    tiny_engine *e = tiny(h);
    tiny_item *it = item_;
    int found;
    (void)c; (void)op; (void)vb;
    it->node = checksum(e, it->data, it->nkey); /* this engine's use of the field */
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, it->data, it->nkey, &found);
    ENGINE_ERROR_CODE rc = ENGINE_NOT_STORED;
    if (i >= 0) {
        if (found) unref(e->slots[i]);
        it->refs++;
        it->cas = ++e->next_cas;
        e->slots[i] = it;
        *cas = it->cas;
        rc = ENGINE_SUCCESS;
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

static ENGINE_ERROR_CODE f_remove(ENGINE_HANDLE *h, const void *c, const void *k,
                                  const size_t nk, uint64_t cas, uint16_t vb) {
    tiny_engine *e = tiny(h);
    int found;
    (void)c; (void)cas; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, k, nk, &found);
    if (found) {
        unref(e->slots[i]);
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
    lazy_table *z = calloc(1, sizeof(*z));
    if (e == NULL || z == NULL) {
        free(e);
        free(z);
        return ENGINE_ENOMEM;
    }
    pthread_mutex_init(&z->lock, NULL);
    e->extra = z;
    tiny_install(e, "atomics proof: relaxed double-checked initialisation");
    e->v1.initialize = f_initialize;
    e->v1.destroy = f_destroy;
    e->v1.allocate = f_allocate;
    e->v1.release = f_release;
    e->v1.get = f_get;
    e->v1.store = f_store;
    e->v1.remove = f_remove;
    *handle = (ENGINE_HANDLE *)&e->v1;
    return ENGINE_SUCCESS;
}
