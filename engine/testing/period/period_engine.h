/* period_engine.h - the period engine's shared structs: an engine written in
 * the manner of memcached's 2010 default engine (slabs, one hash table, an
 * LRU per slab class, one cache lock), to catch the places where enginesim's
 * fake core assumes something the real core never promised.
 *
 * It is deliberately NOT written in enginesim's style: the split into
 * period_engine.c / items.c / slabs.c / assoc.c, the do_* functions that
 * expect the cache lock held and their locking wrappers, the item header
 * followed by CAS, key and value in one chunk, all follow the default engine,
 * because the shape is what makes it behave like the engines of the time.
 *
 * Two builds come from these files (engine/testing/period/CMakeLists.txt):
 *   period_engine        - the tutorial-2010 layout: the core stores values
 *                          with their trailing "\r\n" and converts exptimes;
 *   period_engine_beta1  - MEMCACHED_ABI_1_6_0_BETA1: values without "\r\n",
 *                          the engine converts client exptimes itself. */
#ifndef PERIOD_ENGINE_H
#define PERIOD_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <memcached/engine.h>

/* The tutorial-2010 core keeps "\r\n" inside every value (it reads the
 * client's data line straight into the item and checks the last two bytes);
 * the 1.6 engines store the bare value. */
#if MEMCACHED_ABI_HAS_1_6_0_BETA1
#define PERIOD_VALUE_SUFFIX 0
#else
#define PERIOD_VALUE_SUFFIX 2
#endif

/* Slab classes: like the default engine, at most 200 of them. */
#define POWER_SMALLEST 1
#define POWER_LARGEST 200
#define CHUNK_ALIGN_BYTES 8

/* iflag bits */
#define ITEM_LINKED 1
#define ITEM_WITH_CAS 2
#define ITEM_SLABBED 4

/* The default engine's hash table never shrinks; 2^16 buckets to start. */
#define HASHPOWER_DEFAULT 16

/* The header of every item. The chunk continues with the CAS (when use_cas),
 * the key and the value; nothing of it is cleared when a chunk is reused. */
typedef struct _hash_item {
    struct _hash_item *next;    /* LRU */
    struct _hash_item *prev;    /* LRU */
    struct _hash_item *h_next;  /* hash chain */
    rel_time_t time;            /* last link or LRU bump */
    rel_time_t exptime;         /* server-relative; 0: never */
    uint32_t nbytes;            /* value length, "\r\n" included in 2010 */
    uint32_t flags;
    uint16_t nkey;
    uint16_t iflag;
    uint16_t refcount;
    uint8_t slabs_clsid;
} hash_item;

struct itemstats {
    uint64_t evicted;
    uint64_t evicted_nonzero;
    rel_time_t evicted_time;
    uint64_t outofmemory;
    uint64_t reclaimed;
};

typedef struct {
    unsigned int size;     /* bytes per chunk */
    unsigned int perslab;  /* chunks per page */
    void **slots;          /* freed chunks, reused as they are */
    unsigned int sl_total;
    unsigned int sl_curr;
    char *end_page_ptr;    /* the unused rest of the newest page */
    unsigned int end_page_free;
    unsigned int slabs;    /* pages */
    void **slab_list;
    unsigned int list_size;
    size_t requested;      /* bytes the items asked for */
} slabclass_t;

struct period_engine {
    ENGINE_HANDLE_V1 engine;
    SERVER_HANDLE_V1 server;
    GET_SERVER_API get_server_api;

    /* The next CAS id, under the cache lock. The default engine kept it in
     * a static; per engine here so two instances in one process (the
     * harness loads several) do not race on it. */
    uint64_t cas_id;

    /* The default engine's one big lock: every do_* function runs under it. */
    pthread_mutex_t cache_lock;

    /* PERIOD_SESSIONS builds only (sessions.c): a session per connection. */
    pthread_mutex_t sessions_lock;
    struct period_session *sessions;

    /* SCRUB (0xf0, scrub.c): one scrubber thread at a time. Unlike the
     * default engine's detached one, destroy joins it. */
    struct {
        pthread_mutex_t lock;
        bool running;  /* a pass is under way; a second SCRUB is EBUSY */
        bool started;  /* `thread` is to be joined */
        pthread_t thread;
    } scrubber;

    struct {
        pthread_mutex_t lock;
        uint64_t evictions;
        uint64_t reclaimed;
        uint64_t curr_bytes;
        uint64_t curr_items;
        uint64_t total_items;
    } stats;

    struct {
        bool use_cas;
        size_t verbose;
        rel_time_t oldest_live;
        bool evict_to_free;
        size_t maxbytes;
        bool preallocate;
        float factor;
        size_t chunk_size;
        size_t item_size_max;
    } config;

    struct {
        unsigned int hashpower;
        hash_item **primary_hashtable;
        unsigned int hash_items;
    } assoc;

    struct {
        slabclass_t slabclass[POWER_LARGEST + 1];
        size_t mem_limit;
        size_t mem_malloced;
        int power_largest;
    } slabs;

    struct {
        hash_item *heads[POWER_LARGEST];
        hash_item *tails[POWER_LARGEST];
        unsigned int sizes[POWER_LARGEST];
        struct itemstats itemstats[POWER_LARGEST];
    } items;

    /* engine_info ends in a one-element array; room for LRU and CAS. */
    union {
        engine_info engine_info;
        char buffer[sizeof(engine_info) + 2 * sizeof(feature_info)];
    } info;
};

/* assoc.c */
ENGINE_ERROR_CODE assoc_init(struct period_engine *engine);
void assoc_destroy(struct period_engine *engine);
hash_item *assoc_find(struct period_engine *engine, uint32_t hash,
                      const char *key, size_t nkey);
void assoc_insert(struct period_engine *engine, uint32_t hash, hash_item *it);
void assoc_delete(struct period_engine *engine, uint32_t hash,
                  const char *key, size_t nkey);

/* slabs.c */
ENGINE_ERROR_CODE slabs_init(struct period_engine *engine, size_t limit,
                             double factor, bool prealloc);
void slabs_destroy(struct period_engine *engine);
unsigned int slabs_clsid(struct period_engine *engine, size_t size);
void *slabs_alloc(struct period_engine *engine, size_t size, unsigned int id);
void slabs_free(struct period_engine *engine, void *ptr, size_t size,
                unsigned int id);
void slabs_stats(struct period_engine *engine, ADD_STAT add_stat,
                 const void *cookie);

/* scrub.c */
void scrub_init(struct period_engine *engine);
protocol_binary_response_status scrub_start(struct period_engine *engine);
void scrub_destroy(struct period_engine *engine);

/* items.c */
void item_scrub(struct period_engine *engine);
uint64_t item_get_cas(const hash_item *it);
void item_set_cas(ENGINE_HANDLE *handle, const void *cookie, item *it,
                  uint64_t val);
const char *item_get_key(const hash_item *it);
char *item_get_data(const hash_item *it);
hash_item *item_alloc(struct period_engine *engine, const void *key,
                      size_t nkey, int flags, rel_time_t exptime, int nbytes,
                      const void *cookie);
hash_item *item_get(struct period_engine *engine, const void *key,
                    size_t nkey);
void item_release(struct period_engine *engine, hash_item *it);
ENGINE_ERROR_CODE item_delete(struct period_engine *engine, const void *key,
                              size_t nkey, uint64_t cas);
ENGINE_ERROR_CODE store_item(struct period_engine *engine, hash_item *it,
                             uint64_t *cas, ENGINE_STORE_OPERATION operation,
                             const void *cookie);
ENGINE_ERROR_CODE arithmetic(struct period_engine *engine, const void *cookie,
                             const void *key, int nkey, bool increment,
                             bool create, uint64_t delta, uint64_t initial,
                             rel_time_t exptime, uint64_t *cas,
                             uint64_t *result);
void item_flush_expired(struct period_engine *engine, time_t when);
void item_stats(struct period_engine *engine, ADD_STAT add_stat,
                const void *cookie);
void item_stats_sizes(struct period_engine *engine, ADD_STAT add_stat,
                      const void *cookie);
void item_stats_reset(struct period_engine *engine);

/* sessions.c (PERIOD_SESSIONS builds) */
void sessions_init(struct period_engine *engine);
void sessions_stats(struct period_engine *engine, ADD_STAT add_stat,
                    const void *cookie);
void sessions_destroy(struct period_engine *engine);

/* period_engine.c */
void add_statistics(const void *cookie, ADD_STAT add_stat, const char *prefix,
                    int num, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
