/* sched_racy.c - a tiny in-memory engine with a check-then-act race in store
 * (no threads of its own: the race is between core workers), for the CLI
 * tests of run/replay/explore. Most interleavings are harmless; when two
 * stores interleave so that an update of its "stores inside" counter is lost
 * and the counter drops below zero, the engine notices and, by config:
 *   bug=poison (default) - every later get_item_info fails: the harness sees
 *                          a broken item protocol (verdict failed);
 *   bug=crash            - the engine writes through a null pointer: a real
 *                          SIGSEGV at address 0x0 (verdict died);
 *   bug=assert           - an assertion fails (its text on stderr, then
 *                          SIGABRT: verdict died). */
#undef NDEBUG /* the assertion is the point of bug=assert, in every build */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "memcached/engine.h"

#define SLOTS 64

typedef struct racy_item {
    int refs;
    uint16_t nkey;
    uint32_t nbytes;
    int flags;
    rel_time_t exptime;
    uint64_t cas;
    char data[]; /* key, then value */
} racy_item;

typedef struct racy_engine {
    ENGINE_HANDLE_V1 v1; /* first: the handle the core holds */
    pthread_mutex_t lock;
    racy_item *slots[SLOTS];
    int inside; /* stores in progress, updated racily */
    int crash;  /* bug=crash */
    int assert_fails; /* bug=assert */
    int poisoned;
    uint64_t next_cas;
} racy_engine;

static racy_engine *E(ENGINE_HANDLE *h) { return (racy_engine *)h; }

static void unref(racy_item *it) {
    if (--it->refs == 0) free(it);
}

/* The slot holding `key`, or the first free one (-1 when full). */
static int find(racy_engine *e, const void *key, size_t nkey, int *found) {
    int free_slot = -1;
    for (int i = 0; i < SLOTS; ++i) {
        racy_item *it = e->slots[i];
        if (it == NULL) {
            if (free_slot < 0) free_slot = i;
        } else if (it->nkey == nkey && memcmp(it->data, key, nkey) == 0) {
            *found = 1;
            return i;
        }
    }
    *found = 0;
    return free_slot;
}

static const engine_info *r_get_info(ENGINE_HANDLE *h) {
    static engine_info info = {"sched racy test engine", 0, {{0, NULL}}};
    (void)h;
    return &info;
}
static ENGINE_ERROR_CODE r_initialize(ENGINE_HANDLE *h, const char *config) {
    E(h)->crash = config != NULL && strstr(config, "bug=crash") != NULL;
    E(h)->assert_fails = config != NULL && strstr(config, "bug=assert") != NULL;
    return ENGINE_SUCCESS;
}
static void r_destroy(ENGINE_HANDLE *h) {
    racy_engine *e = E(h);
    for (int i = 0; i < SLOTS; ++i) {
        if (e->slots[i] != NULL) unref(e->slots[i]);
    }
    pthread_mutex_destroy(&e->lock);
    free(e);
}
static ENGINE_ERROR_CODE r_allocate(ENGINE_HANDLE *h, const void *c, item **out, const void *k,
                                    const size_t nk, const size_t nb, const int f,
                                    const rel_time_t e) {
    (void)h; (void)c;
    if (nk > 250) return ENGINE_EINVAL;
    racy_item *it = calloc(1, sizeof(racy_item) + nk + nb);
    if (it == NULL) return ENGINE_ENOMEM;
    it->refs = 1;
    it->nkey = (uint16_t)nk;
    it->nbytes = (uint32_t)nb;
    it->flags = f;
    it->exptime = e;
    memcpy(it->data, k, nk);
    *out = it;
    return ENGINE_SUCCESS;
}
static void r_release(ENGINE_HANDLE *h, const void *c, item *it) {
    (void)c;
    pthread_mutex_lock(&E(h)->lock);
    unref(it);
    pthread_mutex_unlock(&E(h)->lock);
}
static ENGINE_ERROR_CODE r_get(ENGINE_HANDLE *h, const void *c, item **out, const void *k,
                               const int nk, uint16_t vb) {
    racy_engine *e = E(h);
    int found;
    (void)c; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = find(e, k, (size_t)nk, &found);
    if (found) {
        e->slots[i]->refs++;
        *out = e->slots[i];
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}
static ENGINE_ERROR_CODE r_store(ENGINE_HANDLE *h, const void *c, item *item_, uint64_t *cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vb) {
    racy_engine *e = E(h);
    racy_item *it = item_;
    int found;
    (void)c; (void)op; (void)vb;
    /* The race: the counter is read and written in two critical sections. */
    pthread_mutex_lock(&e->lock);
    int seen = e->inside;
    pthread_mutex_unlock(&e->lock);
    pthread_mutex_lock(&e->lock);
    e->inside = seen + 1;
    pthread_mutex_unlock(&e->lock);

    pthread_mutex_lock(&e->lock);
    int i = find(e, it->data, it->nkey, &found);
    ENGINE_ERROR_CODE rc = ENGINE_NOT_STORED;
    if (i >= 0) {
        if (found) unref(e->slots[i]);
        it->refs++;
        it->cas = ++e->next_cas;
        e->slots[i] = it;
        *cas = it->cas;
        rc = ENGINE_SUCCESS;
    }
    int now = --e->inside;
    if (now < 0) e->poisoned = 1;
    pthread_mutex_unlock(&e->lock);
    if (now < 0 && e->crash) {
        /* Opaque to the compiler (a known null store may become a trap):
         * the fault an engine's use of a freed or missing object gives. */
        volatile int *volatile nowhere = NULL;
        *nowhere = now;
    }
    if (e->assert_fails) assert(now >= 0 && "stores inside went negative");
    return rc;
}
static ENGINE_ERROR_CODE r_remove(ENGINE_HANDLE *h, const void *c, const void *k,
                                  const size_t nk, uint64_t cas, uint16_t vb) {
    racy_engine *e = E(h);
    int found;
    (void)c; (void)cas; (void)vb;
    pthread_mutex_lock(&e->lock);
    int i = find(e, k, nk, &found);
    if (found) {
        unref(e->slots[i]);
        e->slots[i] = NULL;
    }
    pthread_mutex_unlock(&e->lock);
    return found ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}
static ENGINE_ERROR_CODE r_arithmetic(ENGINE_HANDLE *h, const void *c, const void *k,
                                      const int nk, const bool inc, const bool cr,
                                      const uint64_t d, const uint64_t i, const rel_time_t e,
                                      uint64_t *cas, uint64_t *r, uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)inc; (void)cr; (void)d; (void)i; (void)e;
    (void)cas; (void)r; (void)vb;
    return ENGINE_KEY_ENOENT; /* counters are not what this engine is about */
}
static ENGINE_ERROR_CODE r_flush(ENGINE_HANDLE *h, const void *c, time_t when) {
    (void)h; (void)c; (void)when;
    return ENGINE_SUCCESS;
}
static ENGINE_ERROR_CODE r_get_stats(ENGINE_HANDLE *h, const void *c, const char *k, int nk,
                                     ADD_STAT add) {
    (void)h; (void)c; (void)k; (void)nk; (void)add;
    return ENGINE_SUCCESS;
}
static void r_reset_stats(ENGINE_HANDLE *h, const void *c) { (void)h; (void)c; }
static void r_item_set_cas(ENGINE_HANDLE *h, const void *c, item *it, uint64_t cas) {
    (void)h; (void)c;
    ((racy_item *)it)->cas = cas;
}
static bool r_get_item_info(ENGINE_HANDLE *h, const void *c, const item *item_, item_info *ii) {
    racy_engine *e = E(h);
    const racy_item *it = item_;
    (void)c;
    pthread_mutex_lock(&e->lock);
    int poisoned = e->poisoned;
    pthread_mutex_unlock(&e->lock);
    if (poisoned || ii->nvalue < 1) return false;
    ii->cas = it->cas;
    ii->exptime = it->exptime;
    ii->nbytes = it->nbytes;
    ii->flags = (uint32_t)it->flags;
    ii->clsid = 0;
    ii->nkey = it->nkey;
    ii->nvalue = 1;
    ii->key = it->data;
    ii->value[0].iov_base = (char *)it->data + it->nkey;
    ii->value[0].iov_len = it->nbytes;
    return true;
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    (void)get_server_api;
    if (interface != 1) return ENGINE_ENOTSUP;
    racy_engine *e = calloc(1, sizeof(*e));
    if (e == NULL) return ENGINE_ENOMEM;
    pthread_mutex_init(&e->lock, NULL);
    ENGINE_HANDLE_V1 *h = &e->v1;
    h->interface.interface = 1;
    h->get_info = r_get_info;
    h->initialize = r_initialize;
    h->destroy = r_destroy;
    h->allocate = r_allocate;
    h->remove = r_remove;
    h->release = r_release;
    h->get = r_get;
    h->store = r_store;
    h->arithmetic = r_arithmetic;
    h->flush = r_flush;
    h->get_stats = r_get_stats;
    h->reset_stats = r_reset_stats;
    h->item_set_cas = r_item_set_cas;
    h->get_item_info = r_get_item_info;
    *handle = (ENGINE_HANDLE *)h;
    return ENGINE_SUCCESS;
}
