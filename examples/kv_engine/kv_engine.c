/* kv_engine.c - a small in-memory memcached storage engine (ENGINE_HANDLE_V1)
 * built against enginesim's installed headers: one mutex, a chained hash
 * table, reference-counted items, CAS, expiry, delayed flush and the stats
 * the core reads. It is the example of examples/kv_engine/CMakeLists.txt and
 * passes `enginesim conformance`.
 *
 * Config: item_size_max=BYTES (largest nbytes = value + 2; default 1 MiB + 2).
 *
 * Built with -DMEMCACHED_ABI_PROFILE=MEMCACHED_ABI_1_6_0_BETA1 it is an
 * engine for memcached 1.6.0-beta1's layout (`enginesim --abi 1.6.0-beta1`):
 * destroy takes `force`, and the default item_size_max comes from the
 * server's get_config. Built with MEMCACHED_ABI_MYSQL it is the same for
 * MySQL's layout (bind and clean_engine stay NULL: it keeps nothing per
 * connection).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memcached/engine.h>

#define KV_KEY_MAX 250
#define KV_BUCKETS 4096
#define KV_DEFAULT_ITEM_SIZE_MAX ((size_t)1024 * 1024 + 2)

typedef struct kv_item {
    struct kv_item *next;   /* hash chain, while linked */
    unsigned refcount;      /* holders: the table (when linked) and the core */
    int linked;
    uint64_t cas;
    rel_time_t exptime;     /* 0: never */
    rel_time_t stored_at;   /* server time of the store (for delayed flush) */
    uint32_t flags;
    uint32_t nbytes;        /* value + "\r\n" */
    uint16_t nkey;
    char data[];            /* key, then nbytes of value */
} kv_item;

typedef struct {
    uint64_t cmd_get, cmd_set, get_hits, get_misses, total_items;
} kv_stats;

typedef struct {
    ENGINE_HANDLE_V1 v1; /* first: the core's ENGINE_HANDLE* is a kv_engine* */
    SERVER_HANDLE_V1 *server;
    pthread_mutex_t lock;
    int initialized;
    size_t item_size_max;
    uint64_t next_cas;
    rel_time_t flush_at;    /* 0: no delayed flush pending */
    uint64_t curr_items;
    kv_stats stats;
    kv_item *buckets[KV_BUCKETS];
    struct {
        engine_info info;
        feature_info extra[1];
    } info;
} kv_engine;

static kv_engine *kv(ENGINE_HANDLE *h) { return (kv_engine *)h; }
static char *item_key(kv_item *it) { return it->data; }
static char *item_value(kv_item *it) { return it->data + it->nkey; }

static uint32_t hash_key(const void *key, size_t nkey) {
    const unsigned char *p = key;
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < nkey; i++) h = (h ^ p[i]) * 16777619u;
    return h % KV_BUCKETS;
}

static void item_unref(kv_item *it) {
    if (--it->refcount == 0) free(it);
}

static rel_time_t now(kv_engine *e) { return e->server->core->get_current_time(); }

/* The core's value layout and exptimes differ by release: the 2010 core
 * stores value + "\r\n" and converts exptimes itself; the engine branch
 * (1.6.0-beta1) stores the bare value and hands the engine the client's raw
 * exptime to convert (docs/core-fidelity.md). */
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
#define KV_CRLF 0
static rel_time_t engine_time(kv_engine *e, rel_time_t raw) {
    return raw == 0 ? 0 : e->server->core->realtime((time_t)raw);
}
#else
#define KV_CRLF 2
static rel_time_t engine_time(kv_engine *e, rel_time_t converted) {
    (void)e;
    return converted;
}
#endif

/* Expired, or flushed by a delayed flush that has taken effect. */
static int item_dead(kv_engine *e, const kv_item *it) {
    const rel_time_t t = now(e);
    if (it->exptime != 0 && it->exptime <= t) return 1;
    return e->flush_at != 0 && e->flush_at <= t && it->stored_at < e->flush_at;
}

static void unlink_item(kv_engine *e, kv_item **slot) {
    kv_item *it = *slot;
    *slot = it->next;
    it->next = NULL;
    it->linked = 0;
    e->curr_items--;
    item_unref(it);
}

/* The slot holding the live item with this key (dead ones are unlinked on
 * the way), or the empty slot at the end of the chain. */
static kv_item **find_slot(kv_engine *e, const void *key, size_t nkey) {
    kv_item **slot = &e->buckets[hash_key(key, nkey)];
    while (*slot != NULL) {
        kv_item *it = *slot;
        if (it->nkey == nkey && memcmp(item_key(it), key, nkey) == 0) {
            if (!item_dead(e, it)) return slot;
            unlink_item(e, slot);
            continue;
        }
        slot = &it->next;
    }
    return slot;
}

static kv_item *new_item(const void *key, size_t nkey, size_t nbytes, uint32_t flags,
                         rel_time_t exptime) {
    kv_item *it = malloc(sizeof(kv_item) + nkey + nbytes);
    if (it == NULL) return NULL;
    memset(it, 0, sizeof(kv_item));
    it->refcount = 1;
    it->flags = flags;
    it->exptime = exptime;
    it->nbytes = (uint32_t)nbytes;
    it->nkey = (uint16_t)nkey;
    memcpy(item_key(it), key, nkey);
    return it;
}

/* Puts `it` into the table in place of whatever *slot holds; the table
 * takes its own reference. Returns the new CAS. */
static uint64_t link_item(kv_engine *e, kv_item **slot, kv_item *it) {
    if (*slot != NULL) {
        it->next = (*slot)->next;
        (*slot)->next = NULL;
        (*slot)->linked = 0;
        item_unref(*slot);
    } else {
        it->next = NULL;
        e->curr_items++;
    }
    *slot = it;
    it->linked = 1;
    it->refcount++;
    it->stored_at = now(e);
    it->cas = ++e->next_cas;
    e->stats.total_items++;
    return it->cas;
}

/* --- lifecycle --- */

static const engine_info *kv_get_info(ENGINE_HANDLE *h) { return &kv(h)->info.info; }

/* The largest nbytes when the config names none. */
static size_t default_item_size_max(kv_engine *e) {
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    size_t server_value_max = 0;
    struct config_item items[] = {
        {.key = "item_size_max", .datatype = DT_SIZE, .value.dt_size = &server_value_max},
        {.key = NULL},
    };
    if (e->server->core->get_config(items) && items[0].found) return server_value_max + KV_CRLF;
#else
    (void)e;
#endif
    return KV_DEFAULT_ITEM_SIZE_MAX;
}

static ENGINE_ERROR_CODE kv_initialize(ENGINE_HANDLE *h, const char *config) {
    kv_engine *e = kv(h);
    size_t item_size_max = default_item_size_max(e);
    if (config != NULL && *config != '\0') {
        struct config_item items[] = {
            {.key = "item_size_max", .datatype = DT_SIZE, .value.dt_size = &item_size_max},
            {.key = NULL},
        };
        const int rc = e->server->core->parse_config(config, items, stderr);
        if (rc != 0 || item_size_max < 3) {
            e->server->log->get_logger()->log(
                EXTENSION_LOG_WARNING, NULL,
                "kv_engine: %s in config \"%s\"; known key: item_size_max (>= 3)",
                rc == 1 ? "unknown key" : "invalid value", config);
            return ENGINE_EINVAL;
        }
    }
    e->item_size_max = item_size_max;
    e->initialized = 1;
    return ENGINE_SUCCESS;
}

static void kv_destroy(ENGINE_HANDLE *h) {
    kv_engine *e = kv(h);
    for (size_t b = 0; b < KV_BUCKETS; b++) {
        while (e->buckets[b] != NULL) unlink_item(e, &e->buckets[b]);
    }
    pthread_mutex_destroy(&e->lock);
    free(e);
}

#if MEMCACHED_ABI_HAS_1_6_0_BETA1
static void kv_destroy_force(ENGINE_HANDLE *h, const bool force) {
    (void)force; /* nothing to flush: the table is in memory */
    kv_destroy(h);
}
#define KV_DESTROY kv_destroy_force
#else
#define KV_DESTROY kv_destroy
#endif

/* --- items --- */

static ENGINE_ERROR_CODE kv_allocate(ENGINE_HANDLE *h, const void *cookie, item **out,
                                     const void *key, const size_t nkey, const size_t nbytes,
                                     const int flags, const rel_time_t exptime) {
    (void)cookie;
#if KV_CRLF > 0
    if (nbytes < KV_CRLF) return ENGINE_EINVAL;
#endif
    if (nkey == 0 || nkey > KV_KEY_MAX) return ENGINE_EINVAL;
    if (nbytes > kv(h)->item_size_max) return ENGINE_E2BIG;
    kv_item *it = new_item(key, nkey, nbytes, (uint32_t)flags, engine_time(kv(h), exptime));
    if (it == NULL) return ENGINE_ENOMEM;
    *out = it;
    return ENGINE_SUCCESS;
}

static void kv_release(ENGINE_HANDLE *h, const void *cookie, item *it) {
    (void)cookie;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    item_unref(it);
    pthread_mutex_unlock(&e->lock);
}

static ENGINE_ERROR_CODE kv_get(ENGINE_HANDLE *h, const void *cookie, item **out,
                                const void *key, const int nkey, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    if (nkey <= 0 || nkey > KV_KEY_MAX) return ENGINE_EINVAL;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    kv_item *it = *find_slot(e, key, (size_t)nkey);
    e->stats.cmd_get++;
    if (it != NULL) {
        it->refcount++;
        e->stats.get_hits++;
        *out = it;
    } else {
        e->stats.get_misses++;
    }
    pthread_mutex_unlock(&e->lock);
    return it != NULL ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

static bool kv_get_item_info(ENGINE_HANDLE *h, const void *cookie, const item *item,
                             item_info *info) {
    (void)h;
    (void)cookie;
    kv_item *it = (kv_item *)item;
    if (info->nvalue < 1) return false;
    info->cas = it->cas;
    info->exptime = it->exptime;
    info->nbytes = it->nbytes;
    info->flags = it->flags;
    info->clsid = 0;
    info->nkey = it->nkey;
    info->nvalue = 1;
    info->key = item_key(it);
    info->value[0].iov_base = item_value(it);
    info->value[0].iov_len = it->nbytes;
    return true;
}

static void kv_item_set_cas(ENGINE_HANDLE *h, const void *cookie, item *item, uint64_t cas) {
    (void)h;
    (void)cookie;
    ((kv_item *)item)->cas = cas;
}

/* --- store --- */

/* APPEND/PREPEND: a new item with the old one's flags and exptime. */
static kv_item *concat(kv_engine *e, kv_item *old, kv_item *add, int append) {
    const size_t old_len = old->nbytes - KV_CRLF, add_len = add->nbytes - KV_CRLF;
    if (old_len + add_len + KV_CRLF > e->item_size_max) return NULL;
    kv_item *it = new_item(item_key(old), old->nkey, old_len + add_len + KV_CRLF, old->flags,
                           old->exptime);
    if (it == NULL) return NULL;
    char *v = item_value(it);
    memcpy(v, item_value(append ? old : add), append ? old_len : add_len);
    memcpy(v + (append ? old_len : add_len), item_value(append ? add : old),
           append ? add_len : old_len);
    memcpy(v + old_len + add_len, "\r\n", KV_CRLF);
    return it;
}

static ENGINE_ERROR_CODE store_locked(kv_engine *e, kv_item *it, uint64_t *cas,
                                      ENGINE_STORE_OPERATION op) {
    kv_item **slot = find_slot(e, item_key(it), it->nkey);
    kv_item *old = *slot;
    if (it->cas != 0 && (op == OPERATION_SET || op == OPERATION_CAS)) {
        if (old == NULL) return ENGINE_KEY_ENOENT;
        if (old->cas != it->cas) return ENGINE_KEY_EEXISTS;
    } else if (op == OPERATION_CAS) {
        return old == NULL ? ENGINE_KEY_ENOENT : ENGINE_KEY_EEXISTS;
    }
    switch (op) {
    case OPERATION_ADD:
        if (old != NULL) return ENGINE_NOT_STORED;
        break;
    case OPERATION_REPLACE:
        if (old == NULL) return ENGINE_NOT_STORED;
        break;
    case OPERATION_APPEND:
    case OPERATION_PREPEND: {
        if (old == NULL) return ENGINE_NOT_STORED;
        kv_item *joined = concat(e, old, it, op == OPERATION_APPEND);
        if (joined == NULL) return ENGINE_E2BIG;
        *cas = link_item(e, slot, joined);
        item_unref(joined); /* the table holds it now */
        return ENGINE_SUCCESS;
    }
    default:
        break;
    }
    *cas = link_item(e, slot, it);
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE kv_store(ENGINE_HANDLE *h, const void *cookie, item *item,
                                  uint64_t *cas, ENGINE_STORE_OPERATION op, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    kv_engine *e = kv(h);
    kv_item *it = item;
    pthread_mutex_lock(&e->lock);
    e->stats.cmd_set++;
    /* A stored item is immutable: storing it again would relink it. */
    const ENGINE_ERROR_CODE rc = it->linked ? ENGINE_NOT_STORED : store_locked(e, it, cas, op);
    pthread_mutex_unlock(&e->lock);
    return rc;
}

static ENGINE_ERROR_CODE kv_remove(ENGINE_HANDLE *h, const void *cookie, const void *key,
                                   const size_t nkey, uint64_t cas, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    if (nkey == 0 || nkey > KV_KEY_MAX) return ENGINE_EINVAL;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    kv_item **slot = find_slot(e, key, nkey);
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    if (*slot == NULL) {
        rc = ENGINE_KEY_ENOENT;
    } else if (cas != 0 && (*slot)->cas != cas) {
        rc = ENGINE_KEY_EEXISTS;
    } else {
        unlink_item(e, slot);
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

/* --- arithmetic --- */

/* A plain unsigned decimal that fits in 64 bits. */
static int parse_u64(const char *p, size_t n, uint64_t *out) {
    if (n == 0 || n > 20) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return 0;
        const uint64_t d = (uint64_t)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

static kv_item *number_item(const void *key, size_t nkey, uint64_t value, uint32_t flags,
                            rel_time_t exptime) {
    char digits[24];
    const int n = snprintf(digits, sizeof digits, "%" PRIu64, value);
    kv_item *it = new_item(key, nkey, (size_t)n + KV_CRLF, flags, exptime);
    if (it != NULL) {
        memcpy(item_value(it), digits, (size_t)n);
        memcpy(item_value(it) + n, "\r\n", KV_CRLF);
    }
    return it;
}

static ENGINE_ERROR_CODE kv_arithmetic(ENGINE_HANDLE *h, const void *cookie, const void *key,
                                       const int nkey, const bool increment, const bool create,
                                       const uint64_t delta, const uint64_t initial,
                                       const rel_time_t exptime, uint64_t *cas,
                                       uint64_t *result, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    if (nkey <= 0 || nkey > KV_KEY_MAX) return ENGINE_EINVAL;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    kv_item **slot = find_slot(e, key, (size_t)nkey);
    kv_item *old = *slot;
    uint64_t value = initial;
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    if (old == NULL && !create) {
        rc = ENGINE_KEY_ENOENT;
    } else if (old != NULL && !parse_u64(item_value(old), old->nbytes - KV_CRLF, &value)) {
        rc = ENGINE_EINVAL;
    } else {
        if (old != NULL) value = increment ? value + delta : (delta > value ? 0 : value - delta);
        kv_item *it = old != NULL ? number_item(key, (size_t)nkey, value, old->flags, old->exptime)
                                  : number_item(key, (size_t)nkey, value, 0, engine_time(e, exptime));
        if (it == NULL) {
            rc = ENGINE_ENOMEM;
        } else {
            *cas = link_item(e, slot, it);
            item_unref(it);
            *result = value;
        }
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

/* --- flush, stats, the rest --- */

static ENGINE_ERROR_CODE kv_flush(ENGINE_HANDLE *h, const void *cookie, time_t when) {
    (void)cookie;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    if (when > 0) {
        e->flush_at = e->server->core->realtime(when);
    } else {
        e->flush_at = 0;
        for (size_t b = 0; b < KV_BUCKETS; b++) {
            while (e->buckets[b] != NULL) unlink_item(e, &e->buckets[b]);
        }
    }
    pthread_mutex_unlock(&e->lock);
    return ENGINE_SUCCESS;
}

static void add_u64(ADD_STAT add_stat, const void *cookie, const char *name, uint64_t v) {
    char text[24];
    const int n = snprintf(text, sizeof text, "%" PRIu64, v);
    add_stat(name, (uint16_t)strlen(name), text, (uint32_t)n, cookie);
}

static ENGINE_ERROR_CODE kv_get_stats(ENGINE_HANDLE *h, const void *cookie, const char *group,
                                      int ngroup, ADD_STAT add_stat) {
    if (group != NULL && ngroup > 0) return ENGINE_KEY_ENOENT; /* no stat groups */
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    /* curr_items counts live items: sweep out the dead ones first. */
    for (size_t b = 0; b < KV_BUCKETS; b++) {
        for (kv_item **slot = &e->buckets[b]; *slot != NULL;) {
            if (item_dead(e, *slot)) unlink_item(e, slot);
            else slot = &(*slot)->next;
        }
    }
    const kv_stats s = e->stats;
    const uint64_t curr_items = e->curr_items;
    pthread_mutex_unlock(&e->lock);
    add_u64(add_stat, cookie, "curr_items", curr_items);
    add_u64(add_stat, cookie, "total_items", s.total_items);
    add_u64(add_stat, cookie, "cmd_get", s.cmd_get);
    add_u64(add_stat, cookie, "cmd_set", s.cmd_set);
    add_u64(add_stat, cookie, "get_hits", s.get_hits);
    add_u64(add_stat, cookie, "get_misses", s.get_misses);
    add_u64(add_stat, cookie, "evictions", 0);
    return ENGINE_SUCCESS;
}

static void kv_reset_stats(ENGINE_HANDLE *h, const void *cookie) {
    (void)cookie;
    kv_engine *e = kv(h);
    pthread_mutex_lock(&e->lock);
    memset(&e->stats, 0, sizeof e->stats);
    pthread_mutex_unlock(&e->lock);
}

static ENGINE_ERROR_CODE kv_unknown_command(ENGINE_HANDLE *h, const void *cookie,
                                            protocol_binary_request_header *request,
                                            ADD_RESPONSE response) {
    (void)h;
    (void)cookie;
    (void)request;
    (void)response;
    return ENGINE_ENOTSUP;
}

MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                       GET_SERVER_API get_server_api,
                                                       ENGINE_HANDLE **handle) {
    if (interface != 1) return ENGINE_ENOTSUP;
    kv_engine *e = calloc(1, sizeof *e);
    if (e == NULL) return ENGINE_ENOMEM;
    e->server = get_server_api();
    pthread_mutex_init(&e->lock, NULL);
    e->item_size_max = KV_DEFAULT_ITEM_SIZE_MAX;
    e->info.info.description = "kv_engine (enginesim example)";
    e->info.info.num_features = 1;
    e->info.info.features[0].feature = ENGINE_FEATURE_CAS;
    e->v1.interface.interface = 1;
    e->v1.get_info = kv_get_info;
    e->v1.initialize = kv_initialize;
    e->v1.destroy = KV_DESTROY;
    e->v1.allocate = kv_allocate;
    e->v1.remove = kv_remove;
    e->v1.release = kv_release;
    e->v1.get = kv_get;
    e->v1.store = kv_store;
    e->v1.arithmetic = kv_arithmetic;
    e->v1.flush = kv_flush;
    e->v1.get_stats = kv_get_stats;
    e->v1.reset_stats = kv_reset_stats;
    e->v1.unknown_command = kv_unknown_command;
    e->v1.item_set_cas = kv_item_set_cas;
    e->v1.get_item_info = kv_get_item_info;
    *handle = &e->v1.interface;
    return ENGINE_SUCCESS;
}
