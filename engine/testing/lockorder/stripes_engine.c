/* stripes_engine.c - an in-memory engine in the manner of memcached's 2010
 * default engine: a hash table whose buckets are guarded by a few stripe
 * locks, and one lock for the statistics. Built twice (CMakeLists.txt):
 *
 *   stripes_engine      - arithmetic updates the statistics while it still
 *                         holds the key's stripe (stripe, then stats), and
 *                         get_stats counts items per stripe while it holds
 *                         the statistics (stats, then stripe): a potential
 *                         deadlock the lock-order check finds from any run
 *                         that calls both, even one after the other;
 *   stripes_engine_fixed - STRIPES_ONE_ORDER: get_stats counts the stripes
 *                         first and takes the statistics lock after, so
 *                         every path takes a stripe before the statistics.
 *
 * Values keep their "\r\n" (the tutorial-2010 layout). Items expire the
 * default engine's way: a lookup that finds one whose exptime has passed
 * unlinks it (since issue 16 the default explore campaign, whose stores carry
 * exptimes, runs this engine; without expiry its histories fail). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcached/engine.h"

#define N_BUCKETS 64
#define N_STRIPES 4
#define KEY_MAX 250
#define CRLF 2

typedef struct s_item {
    struct s_item *next; /* bucket chain */
    int refcount;        /* guarded by the item's stripe */
    int linked;
    uint64_t cas;
    rel_time_t exptime;
    uint32_t flags;
    uint16_t nkey;
    uint32_t nbytes;
    char data[]; /* key, then value */
} s_item;

struct engine_stats {
    uint64_t curr_items;
    uint64_t total_items;
    uint64_t incr_hits;
    uint64_t decr_hits;
    uint64_t arith_misses;
};

typedef struct stripes_engine {
    ENGINE_HANDLE_V1 engine; /* first: the handle the core holds */
    pthread_mutex_t stripes[N_STRIPES];
    s_item *buckets[N_BUCKETS];
    uint64_t next_cas; /* guarded by the statistics lock */
    pthread_mutex_t stats_lock;
    struct engine_stats stats;
    SERVER_HANDLE_V1 *api; /* the core's clock */
} stripes_engine;

static stripes_engine *get_handle(ENGINE_HANDLE *handle) { return (stripes_engine *)handle; }

static uint32_t hash_key(const void *key, size_t nkey) {
    const unsigned char *p = key;
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < nkey; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static pthread_mutex_t *stripe_of(stripes_engine *se, uint32_t hv) {
    return &se->stripes[(hv % N_BUCKETS) % N_STRIPES];
}

static char *item_value(s_item *it) { return it->data + it->nkey; }

static uint64_t next_cas(stripes_engine *se) {
    uint64_t cas;
    pthread_mutex_lock(&se->stats_lock);
    cas = ++se->next_cas;
    pthread_mutex_unlock(&se->stats_lock);
    return cas;
}

/* Called with the stripe held. */
static void item_unref(s_item *it) {
    if (--it->refcount == 0) free(it);
}

static int expired(stripes_engine *se, const s_item *it) {
    return it->exptime != 0 && it->exptime <= se->api->core->get_current_time();
}

/* Called with the stripe held: the slot holding the key, or the chain's
 * empty end. An expired item met on the way is unlinked, as the default
 * engine's do_item_get did (stripe, then stats). */
static s_item **find_slot(stripes_engine *se, uint32_t hv, const void *key, size_t nkey) {
    s_item **slot = &se->buckets[hv % N_BUCKETS];
    while (*slot != NULL) {
        s_item *it = *slot;
        if (it->nkey != nkey || memcmp(it->data, key, nkey) != 0) {
            slot = &it->next;
        } else if (!expired(se, it)) {
            return slot;
        } else {
            *slot = it->next;
            it->linked = 0;
            pthread_mutex_lock(&se->stats_lock);
            se->stats.curr_items--;
            pthread_mutex_unlock(&se->stats_lock);
            item_unref(it);
        }
    }
    return slot;
}

static s_item *new_item(const void *key, size_t nkey, size_t nbytes, uint32_t flags,
                        rel_time_t exptime) {
    s_item *it = calloc(1, sizeof(s_item) + nkey + nbytes);
    if (it == NULL) return NULL;
    it->refcount = 1;
    it->nkey = (uint16_t)nkey;
    it->nbytes = (uint32_t)nbytes;
    it->flags = flags;
    it->exptime = exptime;
    memcpy(it->data, key, nkey);
    return it;
}

/* Called with the stripe held: `it` replaces what `slot` holds. */
static void link_at(stripes_engine *se, s_item **slot, s_item *it) {
    s_item *old = *slot;
    int added = old == NULL;
    it->next = old != NULL ? old->next : NULL;
    it->linked = 1;
    it->refcount++;
    *slot = it;
    if (old != NULL) {
        old->linked = 0;
        item_unref(old);
    }
    pthread_mutex_lock(&se->stats_lock); /* stripe, then stats */
    se->stats.total_items++;
    if (added) se->stats.curr_items++;
    pthread_mutex_unlock(&se->stats_lock);
}

static const engine_info *s_get_info(ENGINE_HANDLE *handle) {
    static engine_info info = {"stripes engine (lock-order test)", 1,
                               {{ENGINE_FEATURE_CAS, NULL}}};
    (void)handle;
    return &info;
}

static ENGINE_ERROR_CODE s_initialize(ENGINE_HANDLE *handle, const char *config) {
    (void)handle;
    (void)config;
    return ENGINE_SUCCESS;
}

static void s_destroy(ENGINE_HANDLE *handle) {
    stripes_engine *se = get_handle(handle);
    int b;
    for (b = 0; b < N_BUCKETS; b++) {
        while (se->buckets[b] != NULL) {
            s_item *it = se->buckets[b];
            se->buckets[b] = it->next;
            item_unref(it);
        }
    }
    for (b = 0; b < N_STRIPES; b++) pthread_mutex_destroy(&se->stripes[b]);
    pthread_mutex_destroy(&se->stats_lock);
    free(se);
}

static ENGINE_ERROR_CODE s_allocate(ENGINE_HANDLE *handle, const void *cookie, item **out,
                                    const void *key, const size_t nkey, const size_t nbytes,
                                    const int flags, const rel_time_t exptime) {
    s_item *it;
    (void)handle;
    (void)cookie;
    if (nkey == 0 || nkey > KEY_MAX) return ENGINE_EINVAL;
    it = new_item(key, nkey, nbytes, (uint32_t)flags, exptime);
    if (it == NULL) return ENGINE_ENOMEM;
    *out = it;
    return ENGINE_SUCCESS;
}

static void s_release(ENGINE_HANDLE *handle, const void *cookie, item *item) {
    stripes_engine *se = get_handle(handle);
    s_item *it = item;
    pthread_mutex_t *lock = stripe_of(se, hash_key(it->data, it->nkey));
    (void)cookie;
    pthread_mutex_lock(lock);
    item_unref(it);
    pthread_mutex_unlock(lock);
}

static ENGINE_ERROR_CODE s_get(ENGINE_HANDLE *handle, const void *cookie, item **out,
                               const void *key, const int nkey, uint16_t vbucket) {
    stripes_engine *se = get_handle(handle);
    uint32_t hv = hash_key(key, (size_t)nkey);
    s_item *it;
    (void)cookie;
    (void)vbucket;
    pthread_mutex_lock(stripe_of(se, hv));
    it = *find_slot(se, hv, key, (size_t)nkey);
    if (it != NULL) it->refcount++;
    pthread_mutex_unlock(stripe_of(se, hv));
    if (it == NULL) return ENGINE_KEY_ENOENT;
    *out = it;
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE s_store(ENGINE_HANDLE *handle, const void *cookie, item *item,
                                 uint64_t *cas, ENGINE_STORE_OPERATION operation,
                                 uint16_t vbucket) {
    stripes_engine *se = get_handle(handle);
    s_item *it = item, *old, *fresh = NULL;
    uint32_t hv = hash_key(it->data, it->nkey);
    s_item **slot;
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    (void)cookie;
    (void)vbucket;
    pthread_mutex_lock(stripe_of(se, hv));
    slot = find_slot(se, hv, it->data, it->nkey);
    old = *slot;
    if ((operation == OPERATION_ADD && old != NULL) ||
        ((operation == OPERATION_REPLACE || operation == OPERATION_APPEND ||
          operation == OPERATION_PREPEND) && old == NULL)) {
        rc = ENGINE_NOT_STORED;
    } else if (operation == OPERATION_CAS && old == NULL) {
        rc = ENGINE_KEY_ENOENT;
    } else if (operation == OPERATION_CAS && old->cas != it->cas) {
        rc = ENGINE_KEY_EEXISTS;
    } else if (operation == OPERATION_APPEND || operation == OPERATION_PREPEND) {
        const s_item *head = operation == OPERATION_APPEND ? old : it;
        const s_item *tail = operation == OPERATION_APPEND ? it : old;
        fresh = new_item(old->data, old->nkey, old->nbytes + it->nbytes - CRLF, old->flags,
                         old->exptime);
        if (fresh == NULL) {
            rc = ENGINE_ENOMEM;
        } else {
            memcpy(item_value(fresh), head->data + head->nkey, head->nbytes - CRLF);
            memcpy(item_value(fresh) + head->nbytes - CRLF, tail->data + tail->nkey, tail->nbytes);
        }
    }
    if (rc == ENGINE_SUCCESS) {
        s_item *linked = fresh != NULL ? fresh : it;
        linked->cas = next_cas(se);
        link_at(se, slot, linked);
        *cas = linked->cas;
    }
    if (fresh != NULL) item_unref(fresh);
    pthread_mutex_unlock(stripe_of(se, hv));
    return rc;
}

static ENGINE_ERROR_CODE s_remove(ENGINE_HANDLE *handle, const void *cookie, const void *key,
                                  const size_t nkey, uint64_t cas, uint16_t vbucket) {
    stripes_engine *se = get_handle(handle);
    uint32_t hv = hash_key(key, nkey);
    s_item **slot, *it;
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    (void)cookie;
    (void)vbucket;
    pthread_mutex_lock(stripe_of(se, hv));
    slot = find_slot(se, hv, key, nkey);
    it = *slot;
    if (it == NULL) {
        rc = ENGINE_KEY_ENOENT;
    } else if (cas != 0 && cas != it->cas) {
        rc = ENGINE_KEY_EEXISTS;
    } else {
        *slot = it->next;
        it->linked = 0;
        item_unref(it);
        pthread_mutex_lock(&se->stats_lock); /* stripe, then stats */
        se->stats.curr_items--;
        pthread_mutex_unlock(&se->stats_lock);
    }
    pthread_mutex_unlock(stripe_of(se, hv));
    return rc;
}

static int parse_u64(const char *p, size_t n, uint64_t *out) {
    uint64_t v = 0;
    size_t i;
    if (n == 0 || n > 20) return 0;
    for (i = 0; i < n; i++) {
        uint64_t d;
        if (p[i] < '0' || p[i] > '9') return 0;
        d = (uint64_t)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

static ENGINE_ERROR_CODE s_arithmetic(ENGINE_HANDLE *handle, const void *cookie,
                                      const void *key, const int nkey, const bool increment,
                                      const bool create, const uint64_t delta,
                                      const uint64_t initial, const rel_time_t exptime,
                                      uint64_t *cas, uint64_t *result, uint16_t vbucket) {
    stripes_engine *se = get_handle(handle);
    uint32_t hv = hash_key(key, (size_t)nkey);
    s_item **slot, *old, *it;
    uint64_t value = initial;
    char digits[24];
    int n;
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    (void)cookie;
    (void)vbucket;
    if (nkey <= 0 || nkey > KEY_MAX) return ENGINE_EINVAL;
    pthread_mutex_lock(stripe_of(se, hv));
    slot = find_slot(se, hv, key, (size_t)nkey);
    old = *slot;
    if (old == NULL && !create) {
        rc = ENGINE_KEY_ENOENT;
    } else if (old != NULL && !parse_u64(item_value(old), old->nbytes - CRLF, &value)) {
        rc = ENGINE_EINVAL;
    } else {
        if (old != NULL) value = increment ? value + delta : (delta > value ? 0 : value - delta);
        n = snprintf(digits, sizeof digits, "%" PRIu64 "\r\n", value);
        it = new_item(key, (size_t)nkey, (size_t)n, old != NULL ? old->flags : 0,
                      old != NULL ? old->exptime : exptime);
        if (it == NULL) {
            rc = ENGINE_ENOMEM;
        } else {
            memcpy(item_value(it), digits, (size_t)n);
            it->cas = next_cas(se);
            link_at(se, slot, it);
            *cas = it->cas;
            *result = value;
            item_unref(it);
        }
    }
    /* The statistics while the stripe is still held: stripe, then stats. */
    pthread_mutex_lock(&se->stats_lock);
    if (rc == ENGINE_KEY_ENOENT) {
        se->stats.arith_misses++;
    } else if (rc == ENGINE_SUCCESS) {
        if (increment) se->stats.incr_hits++;
        else se->stats.decr_hits++;
    }
    pthread_mutex_unlock(&se->stats_lock);
    pthread_mutex_unlock(stripe_of(se, hv));
    return rc;
}

static ENGINE_ERROR_CODE s_flush(ENGINE_HANDLE *handle, const void *cookie, time_t when) {
    stripes_engine *se = get_handle(handle);
    int b;
    (void)cookie;
    (void)when;
    for (b = 0; b < N_BUCKETS; b++) {
        pthread_mutex_t *lock = &se->stripes[b % N_STRIPES];
        pthread_mutex_lock(lock);
        while (se->buckets[b] != NULL) {
            s_item *it = se->buckets[b];
            se->buckets[b] = it->next;
            it->linked = 0;
            item_unref(it);
            pthread_mutex_lock(&se->stats_lock); /* stripe, then stats */
            se->stats.curr_items--;
            pthread_mutex_unlock(&se->stats_lock);
        }
        pthread_mutex_unlock(lock);
    }
    return ENGINE_SUCCESS;
}

static void add_u64(ADD_STAT add_stat, const void *cookie, const char *name, uint64_t value) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRIu64, value);
    add_stat(name, (uint16_t)strlen(name), buf, (uint32_t)n, cookie);
}

/* Items in each stripe's buckets; called with that stripe held. */
static uint64_t count_stripe(stripes_engine *se, int stripe) {
    uint64_t items = 0;
    int b;
    for (b = stripe; b < N_BUCKETS; b += N_STRIPES) {
        const s_item *it;
        for (it = se->buckets[b]; it != NULL; it = it->next) items++;
    }
    return items;
}

static ENGINE_ERROR_CODE s_get_stats(ENGINE_HANDLE *handle, const void *cookie,
                                     const char *stat_key, int nkey, ADD_STAT add_stat) {
    stripes_engine *se = get_handle(handle);
    struct engine_stats copy;
    uint64_t per_stripe[N_STRIPES];
    int s;
    if (stat_key != NULL && nkey > 0) return ENGINE_KEY_ENOENT;
#ifdef STRIPES_ONE_ORDER
    /* Each stripe alone, then the statistics: a stripe is never taken
     * while the statistics lock is held. */
    for (s = 0; s < N_STRIPES; s++) {
        pthread_mutex_lock(&se->stripes[s]);
        per_stripe[s] = count_stripe(se, s);
        pthread_mutex_unlock(&se->stripes[s]);
    }
    pthread_mutex_lock(&se->stats_lock);
    copy = se->stats;
    pthread_mutex_unlock(&se->stats_lock);
#else
    /* A consistent snapshot, the 2010 way: the statistics lock over the
     * whole walk (stats, then stripe). */
    pthread_mutex_lock(&se->stats_lock);
    for (s = 0; s < N_STRIPES; s++) {
        pthread_mutex_lock(&se->stripes[s]);
        per_stripe[s] = count_stripe(se, s);
        pthread_mutex_unlock(&se->stripes[s]);
    }
    copy = se->stats;
    pthread_mutex_unlock(&se->stats_lock);
#endif
    add_u64(add_stat, cookie, "curr_items", copy.curr_items);
    add_u64(add_stat, cookie, "total_items", copy.total_items);
    add_u64(add_stat, cookie, "incr_hits", copy.incr_hits);
    add_u64(add_stat, cookie, "decr_hits", copy.decr_hits);
    add_u64(add_stat, cookie, "arith_misses", copy.arith_misses);
    add_u64(add_stat, cookie, "stripe_items",
            per_stripe[0] + per_stripe[1] + per_stripe[2] + per_stripe[3]);
    return ENGINE_SUCCESS;
}

static void s_reset_stats(ENGINE_HANDLE *handle, const void *cookie) {
    stripes_engine *se = get_handle(handle);
    (void)cookie;
    pthread_mutex_lock(&se->stats_lock);
    se->stats.total_items = 0;
    se->stats.incr_hits = 0;
    se->stats.decr_hits = 0;
    se->stats.arith_misses = 0;
    pthread_mutex_unlock(&se->stats_lock);
}

static void s_item_set_cas(ENGINE_HANDLE *handle, const void *cookie, item *item, uint64_t cas) {
    (void)handle;
    (void)cookie;
    ((s_item *)item)->cas = cas;
}

static bool s_get_item_info(ENGINE_HANDLE *handle, const void *cookie, const item *item,
                            item_info *info) {
    const s_item *it = item;
    (void)handle;
    (void)cookie;
    if (info->nvalue < 1) return false;
    info->cas = it->cas;
    info->exptime = it->exptime;
    info->nbytes = it->nbytes;
    info->flags = it->flags;
    info->clsid = 0;
    info->nkey = it->nkey;
    info->nvalue = 1;
    info->key = it->data;
    info->value[0].iov_base = (char *)it->data + it->nkey;
    info->value[0].iov_len = it->nbytes;
    return true;
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    stripes_engine *se;
    int s;
    if (interface != 1) return ENGINE_ENOTSUP;
    se = calloc(1, sizeof(*se));
    if (se == NULL) return ENGINE_ENOMEM;
    se->api = get_server_api();
    for (s = 0; s < N_STRIPES; s++) pthread_mutex_init(&se->stripes[s], NULL);
    pthread_mutex_init(&se->stats_lock, NULL);
    se->engine.interface.interface = 1;
    se->engine.get_info = s_get_info;
    se->engine.initialize = s_initialize;
    se->engine.destroy = s_destroy;
    se->engine.allocate = s_allocate;
    se->engine.remove = s_remove;
    se->engine.release = s_release;
    se->engine.get = s_get;
    se->engine.store = s_store;
    se->engine.arithmetic = s_arithmetic;
    se->engine.flush = s_flush;
    se->engine.get_stats = s_get_stats;
    se->engine.reset_stats = s_reset_stats;
    se->engine.item_set_cas = s_item_set_cas;
    se->engine.get_item_info = s_get_item_info;
    *handle = (ENGINE_HANDLE *)se;
    return ENGINE_SUCCESS;
}
