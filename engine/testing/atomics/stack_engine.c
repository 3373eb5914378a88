/* stack_engine.c - items come from a fixed pool of nodes kept on a
 * lock-free stack (a Treiber stack, as slab allocators of the time tried).
 * The bug is ABA: pop reads the top node X and its successor Y, and swaps
 * the top from X to Y with a compare-and-swap. If meanwhile other threads
 * pop X, pop Y and push X back, the top is X again and the swap succeeds:
 * Y, which is in use, is on the free stack again and will be handed out
 * twice. The engine notices a node handed out twice and poisons itself
 * (every get_item_info fails: verdict failed). Only a switch between pop's
 * read and its swap shows it: --atomics.
 * Config "fixed": the top carries a counter bumped by every change, so the
 * swap fails when the top went away and came back. */
#include <stdlib.h>
#include <string.h>

#include "tiny_base.h"

#define NODES 48
#define NODE_BYTES 1024

typedef struct pool {
    uint64_t top;            /* atomic: counter << 32 | (node + 1), 0: empty */
    uint32_t next[NODES];    /* atomic: the node below, + 1 */
    int in_use[NODES];       /* atomic: handed out */
    char mem[NODES][NODE_BYTES];
} pool;

static uint64_t next_top(tiny_engine *e, uint64_t old, uint32_t node_plus_1) {
    uint64_t counter = old >> 32;
    if (e->fixed) counter++;
    return (counter << 32) | node_plus_1;
}

static int pop(tiny_engine *e) {
    pool *p = e->extra;
    uint64_t old = __atomic_load_n(&p->top, __ATOMIC_ACQUIRE);
    for (;;) {
        uint32_t node_plus_1 = (uint32_t)old;
        if (node_plus_1 == 0) return -1;
        uint32_t below = __atomic_load_n(&p->next[node_plus_1 - 1], __ATOMIC_RELAXED);
        if (__atomic_compare_exchange_n(&p->top, &old, next_top(e, old, below), 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            return (int)node_plus_1 - 1;
        }
    }
}

static void push(tiny_engine *e, int node) {
    pool *p = e->extra;
    uint64_t old = __atomic_load_n(&p->top, __ATOMIC_RELAXED);
    do {
        __atomic_store_n(&p->next[node], (uint32_t)old, __ATOMIC_RELAXED);
    } while (!__atomic_compare_exchange_n(&p->top, &old, next_top(e, old, (uint32_t)node + 1), 0,
                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

static void unref(tiny_engine *e, tiny_item *it) {
    pool *p = e->extra;
    if (--it->refs != 0) return; /* under the table's lock */
    __atomic_store_n(&p->in_use[it->node], 0, __ATOMIC_RELEASE);
    push(e, (int)it->node);
}

static ENGINE_ERROR_CODE s_initialize(ENGINE_HANDLE *h, const char *config) {
    tiny_configure(tiny(h), config);
    return ENGINE_SUCCESS;
}

static void s_destroy(ENGINE_HANDLE *h) {
    tiny_engine *e = tiny(h);
    free(e->extra);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static ENGINE_ERROR_CODE s_allocate(ENGINE_HANDLE *h, const void *c, item **out,
                                    const void *k, const size_t nk, const size_t nb,
                                    const int f, const rel_time_t exp) {
    tiny_engine *e = tiny(h);
    pool *p = e->extra;
    (void)c;
    if (nk > 250) return ENGINE_EINVAL;
    if (sizeof(tiny_item) + nk + nb > NODE_BYTES) return ENGINE_E2BIG;
    int node = pop(e);
    if (node < 0) return ENGINE_ENOMEM;
    if (__atomic_exchange_n(&p->in_use[node], 1, __ATOMIC_ACQ_REL)) {
        /* Handed out twice: the free stack is corrupt. */
        __atomic_store_n(&e->poisoned, 1, __ATOMIC_RELAXED);
        return ENGINE_ENOMEM;
    }
    tiny_item *it = (tiny_item *)p->mem[node];
    memset(it, 0, sizeof(*it));
    it->refs = 1;
    it->node = (uint32_t)node;
    it->nkey = (uint16_t)nk;
    it->nbytes = (uint32_t)nb;
    it->flags = f;
    it->exptime = exp;
    memcpy(it->data, k, nk);
    *out = it;
    return ENGINE_SUCCESS;
}

static void s_release(ENGINE_HANDLE *h, const void *c, item *it) {
    tiny_engine *e = tiny(h);
    (void)c;
    pthread_mutex_lock(&e->lock);
    unref(e, it);
    pthread_mutex_unlock(&e->lock);
}

static ENGINE_ERROR_CODE s_get(ENGINE_HANDLE *h, const void *c, item **out, const void *k,
                               const int nk, uint16_t vb) {
    tiny_engine *e = tiny(h);
    int found;
    (void)c; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = tiny_find(e, k, (size_t)nk, &found);
    if (found) {
        e->slots[i]->refs++;
        *out = e->slots[i];
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

static ENGINE_ERROR_CODE s_store(ENGINE_HANDLE *h, const void *c, item *item_, uint64_t *cas,
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
        it->refs++;
        it->cas = ++e->next_cas;
        e->slots[i] = it;
        *cas = it->cas;
        rc = ENGINE_SUCCESS;
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

static ENGINE_ERROR_CODE s_remove(ENGINE_HANDLE *h, const void *c, const void *k,
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
    pool *p = calloc(1, sizeof(*p));
    if (e == NULL || p == NULL) {
        free(e);
        free(p);
        return ENGINE_ENOMEM;
    }
    e->extra = p;
    /* Every node free: node i above node i + 1, node 0 on top. */
    for (uint32_t i = 0; i < NODES; ++i) p->next[i] = i + 1 < NODES ? i + 2 : 0;
    p->top = 1;
    tiny_install(e, "atomics proof: lock-free free stack with ABA");
    e->v1.initialize = s_initialize;
    e->v1.destroy = s_destroy;
    e->v1.allocate = s_allocate;
    e->v1.release = s_release;
    e->v1.get = s_get;
    e->v1.store = s_store;
    e->v1.remove = s_remove;
    *handle = (ENGINE_HANDLE *)&e->v1;
    return ENGINE_SUCCESS;
}
