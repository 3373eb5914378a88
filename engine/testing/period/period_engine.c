/* period_engine.c - the period engine's entry points: create_instance and
 * the ENGINE_HANDLE_V1 functions, written as memcached's 2010 default engine
 * wrote them (see period_engine.h for why). What the real core does for the
 * engine, this engine leaves to the core: it keeps no cmd_get/get_hits
 * counters, checks no key length (the core refuses keys over 250 bytes
 * first), and trusts the core to zero the CAS of every allocated item. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period_engine.h"

static inline struct period_engine *get_handle(ENGINE_HANDLE *handle) {
    return (struct period_engine *)handle;
}

/* "prefix:num:key", "num:key" or "key", as the default engine named them. */
void add_statistics(const void *cookie, ADD_STAT add_stat, const char *prefix,
                    int num, const char *key, const char *fmt, ...) {
    char name[80];
    char val[80];
    int klen;
    int vlen;
    va_list ap;

    if (prefix != NULL && num != -1) {
        klen = snprintf(name, sizeof(name), "%s:%d:%s", prefix, num, key);
    } else if (prefix != NULL) {
        klen = snprintf(name, sizeof(name), "%s:%s", prefix, key);
    } else if (num != -1) {
        klen = snprintf(name, sizeof(name), "%d:%s", num, key);
    } else {
        klen = snprintf(name, sizeof(name), "%s", key);
    }
    va_start(ap, fmt);
    vlen = vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    if (klen < 0 || vlen < 0 || (size_t)klen >= sizeof(name) ||
        (size_t)vlen >= sizeof(val)) {
        return;
    }
    add_stat(name, (uint16_t)klen, val, (uint32_t)vlen, cookie);
}

static const engine_info *period_get_info(ENGINE_HANDLE *handle) {
    return &get_handle(handle)->info.engine_info;
}

/* The default engine's keys. Like the 2010 default engine, a config string
 * with unknown keys (parse_config returns 1) is accepted - and so, in 2010,
 * was a malformed one (-1): it never looked at the result. The 1.6 default
 * engine returned parse_config's result from initialize. */
static ENGINE_ERROR_CODE initialize_configuration(struct period_engine *se,
                                                  const char *cfg_str) {
    int ret = 0;

    if (cfg_str != NULL) {
        struct config_item items[] = {
            {.key = "use_cas", .datatype = DT_BOOL,
             .value.dt_bool = &se->config.use_cas},
            {.key = "verbose", .datatype = DT_SIZE,
             .value.dt_size = &se->config.verbose},
            {.key = "eviction", .datatype = DT_BOOL,
             .value.dt_bool = &se->config.evict_to_free},
            {.key = "cache_size", .datatype = DT_SIZE,
             .value.dt_size = &se->config.maxbytes},
            {.key = "preallocate", .datatype = DT_BOOL,
             .value.dt_bool = &se->config.preallocate},
            {.key = "factor", .datatype = DT_FLOAT,
             .value.dt_float = &se->config.factor},
            {.key = "chunk_size", .datatype = DT_SIZE,
             .value.dt_size = &se->config.chunk_size},
            {.key = "item_size_max", .datatype = DT_SIZE,
             .value.dt_size = &se->config.item_size_max},
            {.key = "config_file", .datatype = DT_CONFIGFILE},
            {.key = NULL}};
        ret = se->server.core->parse_config(cfg_str, items, stderr);
    }
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    if (ret == 1) {
        return ENGINE_KEY_ENOENT; /* what returning 1 as a status meant */
    }
    if (ret != 0) {
        return ENGINE_FAILED;
    }
#else
    (void)ret;
#endif
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE period_initialize(ENGINE_HANDLE *handle,
                                           const char *config_str) {
    struct period_engine *se = get_handle(handle);

    ENGINE_ERROR_CODE ret = initialize_configuration(se, config_str);
    if (ret != ENGINE_SUCCESS) {
        return ret;
    }
    if (se->config.use_cas) {
        se->info.engine_info.features[se->info.engine_info.num_features++]
            .feature = ENGINE_FEATURE_CAS;
    }
    ret = assoc_init(se);
    if (ret != ENGINE_SUCCESS) {
        return ret;
    }
#ifdef PERIOD_SESSIONS
    sessions_init(se);
#endif
    return slabs_init(se, se->config.maxbytes, se->config.factor,
                      se->config.preallocate);
}

/* Unlike the 2010 default engine, which freed only the handle, every page
 * and the hash table go too: enginesim checks for leaks. Items live inside
 * the slab pages, so freeing the pages frees them. */
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
static void period_destroy(ENGINE_HANDLE *handle, const bool force) {
    (void)force;
#else
static void period_destroy(ENGINE_HANDLE *handle) {
#endif
    struct period_engine *se = get_handle(handle);
    scrub_destroy(se); /* before the lock its thread takes goes */
#ifdef PERIOD_SESSIONS
    sessions_destroy(se);
#endif
    slabs_destroy(se);
    assoc_destroy(se);
    pthread_mutex_destroy(&se->cache_lock);
    pthread_mutex_destroy(&se->stats.lock);
    free(se);
}

/* item_size_max bounds the whole chunk - header, CAS, key and value - not
 * the value: an item that fits no slab class is E2BIG. */
static ENGINE_ERROR_CODE period_item_allocate(ENGINE_HANDLE *handle,
                                              const void *cookie, item **item,
                                              const void *key,
                                              const size_t nkey,
                                              const size_t nbytes,
                                              const int flags,
                                              const rel_time_t exptime) {
    struct period_engine *engine = get_handle(handle);
    size_t ntotal = sizeof(hash_item) + nkey + nbytes;
    if (engine->config.use_cas) {
        ntotal += sizeof(uint64_t);
    }
    if (slabs_clsid(engine, ntotal) == 0) {
        return ENGINE_E2BIG;
    }
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    /* The 1.6 core hands over the client's exptime as sent. */
    rel_time_t when = engine->server.core->realtime(exptime);
#else
    rel_time_t when = exptime;
#endif
    hash_item *it = item_alloc(engine, key, nkey, flags, when, (int)nbytes,
                               cookie);
    if (it == NULL) {
        return ENGINE_ENOMEM;
    }
    *item = it;
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE period_item_delete(ENGINE_HANDLE *handle,
                                            const void *cookie,
                                            const void *key, const size_t nkey,
                                            uint64_t cas, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    return item_delete(get_handle(handle), key, nkey, cas);
}

static void period_item_release(ENGINE_HANDLE *handle, const void *cookie,
                                item *item) {
    (void)cookie;
    item_release(get_handle(handle), item);
}

static ENGINE_ERROR_CODE period_get(ENGINE_HANDLE *handle, const void *cookie,
                                    item **item, const void *key,
                                    const int nkey, uint16_t vbucket) {
    (void)cookie;
    (void)vbucket;
    *item = item_get(get_handle(handle), key, (size_t)nkey);
    return *item != NULL ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

/* The default group has only what the engine knows; the core adds its own
 * counters (cmd_get, get_hits, ...) after it. Groups match by prefix, as
 * the default engine's strncmp did; an unknown group is KEY_ENOENT. */
static ENGINE_ERROR_CODE period_get_stats(ENGINE_HANDLE *handle,
                                          const void *cookie,
                                          const char *stat_key, int nkey,
                                          ADD_STAT add_stat) {
    struct period_engine *engine = get_handle(handle);

    if (stat_key == NULL) {
        pthread_mutex_lock(&engine->stats.lock);
        add_statistics(cookie, add_stat, NULL, -1, "evictions", "%" PRIu64,
                       engine->stats.evictions);
        add_statistics(cookie, add_stat, NULL, -1, "curr_items", "%" PRIu64,
                       engine->stats.curr_items);
        add_statistics(cookie, add_stat, NULL, -1, "total_items", "%" PRIu64,
                       engine->stats.total_items);
        add_statistics(cookie, add_stat, NULL, -1, "bytes", "%" PRIu64,
                       engine->stats.curr_bytes);
        add_statistics(cookie, add_stat, NULL, -1, "reclaimed", "%" PRIu64,
                       engine->stats.reclaimed);
        add_statistics(cookie, add_stat, NULL, -1, "engine_maxbytes", "%zu",
                       engine->config.maxbytes);
        pthread_mutex_unlock(&engine->stats.lock);
#ifdef PERIOD_SESSIONS
        sessions_stats(engine, add_stat, cookie);
#endif
    } else if (nkey >= 5 && strncmp(stat_key, "slabs", 5) == 0) {
        slabs_stats(engine, add_stat, cookie);
    } else if (nkey >= 5 && strncmp(stat_key, "items", 5) == 0) {
        item_stats(engine, add_stat, cookie);
    } else if (nkey >= 5 && strncmp(stat_key, "sizes", 5) == 0) {
        item_stats_sizes(engine, add_stat, cookie);
    } else {
        return ENGINE_KEY_ENOENT;
    }
    return ENGINE_SUCCESS;
}

static void period_reset_stats(ENGINE_HANDLE *handle, const void *cookie) {
    struct period_engine *engine = get_handle(handle);
    (void)cookie;
    item_stats_reset(engine);
    pthread_mutex_lock(&engine->stats.lock);
    engine->stats.evictions = 0;
    engine->stats.reclaimed = 0;
    engine->stats.total_items = 0;
    pthread_mutex_unlock(&engine->stats.lock);
}

static ENGINE_ERROR_CODE period_store(ENGINE_HANDLE *handle,
                                      const void *cookie, item *item,
                                      uint64_t *cas,
                                      ENGINE_STORE_OPERATION operation,
                                      uint16_t vbucket) {
    (void)vbucket;
    return store_item(get_handle(handle), item, cas, operation, cookie);
}

static ENGINE_ERROR_CODE period_arithmetic(ENGINE_HANDLE *handle,
                                           const void *cookie, const void *key,
                                           const int nkey, const bool increment,
                                           const bool create,
                                           const uint64_t delta,
                                           const uint64_t initial,
                                           const rel_time_t exptime,
                                           uint64_t *cas, uint64_t *result,
                                           uint16_t vbucket) {
    struct period_engine *engine = get_handle(handle);
    (void)vbucket;
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    rel_time_t when = engine->server.core->realtime(exptime);
#else
    /* The 2010 core passed the binary request's exptime through unconverted
     * and the 2010 default engine stored it as it came. */
    rel_time_t when = exptime;
#endif
    return arithmetic(engine, cookie, key, nkey, increment, create, delta,
                      initial, when, cas, result);
}

static ENGINE_ERROR_CODE period_flush(ENGINE_HANDLE *handle,
                                      const void *cookie, time_t when) {
    (void)cookie;
    item_flush_expired(get_handle(handle), when);
    return ENGINE_SUCCESS;
}

/* Every binary command the core does not know: answer "unknown command"
 * through the response callback, as the 2010 default engine did. */
/* SCRUB is the one engine-private command (scrub.c); the rest are unknown. */
static ENGINE_ERROR_CODE period_unknown_command(
    ENGINE_HANDLE *handle, const void *cookie,
    protocol_binary_request_header *request, ADD_RESPONSE response) {
    protocol_binary_response_status status = PROTOCOL_BINARY_RESPONSE_UNKNOWN_COMMAND;
    if (request->request.opcode == PROTOCOL_BINARY_CMD_SCRUB) {
        status = scrub_start(get_handle(handle));
    }
    if (response(NULL, 0, NULL, 0, NULL, 0, PROTOCOL_BINARY_RAW_BYTES, status, 0, cookie)) {
        return ENGINE_SUCCESS;
    }
    return ENGINE_FAILED;
}

static bool period_get_item_info(ENGINE_HANDLE *handle, const void *cookie,
                                 const item *item, item_info *item_info) {
    const hash_item *it = item;
    (void)handle;
    (void)cookie;
    if (item_info->nvalue < 1) {
        return false;
    }
    item_info->cas = item_get_cas(it);
#ifdef PERIOD_UNREPORTED_EXPTIME
    item_info->exptime = 0; /* the tutorial's: no client sees it */
#else
    item_info->exptime = it->exptime;
#endif
    item_info->nbytes = it->nbytes;
    item_info->flags = it->flags;
    item_info->clsid = it->slabs_clsid;
    item_info->nkey = it->nkey;
    item_info->nvalue = 1;
    item_info->key = item_get_key(it);
    item_info->value[0].iov_base = item_get_data(it);
    item_info->value[0].iov_len = it->nbytes;
    return true;
}

/* Interface 1 only: the default engine refused any other number, higher
 * ones included, and the real core asks for exactly 1. */
MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                  GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    SERVER_HANDLE_V1 *api = get_server_api();
    if (interface != 1 || api == NULL) {
        return ENGINE_ENOTSUP;
    }

    struct period_engine *engine = calloc(1, sizeof(*engine));
    if (engine == NULL) {
        return ENGINE_ENOMEM;
    }
    engine->engine.interface.interface = 1;
    engine->engine.get_info = period_get_info;
    engine->engine.initialize = period_initialize;
    engine->engine.destroy = period_destroy;
    engine->engine.allocate = period_item_allocate;
    engine->engine.remove = period_item_delete;
    engine->engine.release = period_item_release;
    engine->engine.get = period_get;
    engine->engine.get_stats = period_get_stats;
    engine->engine.reset_stats = period_reset_stats;
    engine->engine.store = period_store;
#ifdef PERIOD_NO_ARITHMETIC
    /* The engine branch's core does not require the slot (its init_engine
     * list has no arithmetic): left NULL, incr/decr is the core's. */
    (void)period_arithmetic;
    engine->engine.arithmetic = NULL;
#else
    engine->engine.arithmetic = period_arithmetic;
#endif
    engine->engine.flush = period_flush;
    engine->engine.unknown_command = period_unknown_command;
    engine->engine.item_set_cas = item_set_cas;
    engine->engine.get_item_info = period_get_item_info;

    engine->server = *api;
    engine->get_server_api = get_server_api;
    pthread_mutex_init(&engine->cache_lock, NULL);
    pthread_mutex_init(&engine->stats.lock, NULL);
    scrub_init(engine);
    engine->assoc.hashpower = HASHPOWER_DEFAULT;

    engine->config.use_cas = true;
    engine->config.verbose = 0;
    engine->config.oldest_live = 0;
    engine->config.evict_to_free = true;
    engine->config.maxbytes = 64 * 1024 * 1024;
    engine->config.preallocate = false;
    engine->config.factor = 1.25f;
    engine->config.chunk_size = 48;
    engine->config.item_size_max = 1024 * 1024;

    engine->info.engine_info.description = "Period engine (2010 default engine manner)";
    engine->info.engine_info.num_features = 1;
    engine->info.engine_info.features[0].feature = ENGINE_FEATURE_LRU;

    *handle = (ENGINE_HANDLE *)&engine->engine;
    return ENGINE_SUCCESS;
}
