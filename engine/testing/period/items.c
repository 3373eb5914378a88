/* items.c - the period engine's items: allocation with LRU reclaim and
 * eviction, link/unlink into the hash table and the per-class LRU,
 * refcounting, lazy expiry and flush on lookup, and the store and arithmetic
 * semantics of the default engine's do_store_item and do_add_delta. Every
 * do_* function expects the cache lock held; the functions without the
 * prefix take it, as the default engine's items.c did.
 * length-ok-file: one file for what the default engine's items.c held, on
 * purpose (period_engine.h says why the shape is the point). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period_engine.h"

/* Only bump an item in its LRU when it was last bumped this long ago. */
#define ITEM_UPDATE_INTERVAL 60
/* How far from the tail to look for something to reclaim or evict. */
#define SEARCH_ITEMS 50

static void do_item_unlink(struct period_engine *engine, hash_item *it);

static size_t ITEM_ntotal(const struct period_engine *engine,
                          const hash_item *it) {
    size_t ret = sizeof(*it) + it->nkey + it->nbytes;
    if (engine->config.use_cas) {
        ret += sizeof(uint64_t);
    }
    return ret;
}

static rel_time_t current_time(const struct period_engine *engine) {
    return engine->server.core->get_current_time();
}

static uint32_t item_hash(const struct period_engine *engine, const void *key,
                          size_t nkey) {
    return engine->server.core->hash(key, nkey, 0);
}

uint64_t item_get_cas(const hash_item *it) {
    uint64_t cas = 0;
    if (it->iflag & ITEM_WITH_CAS) {
        memcpy(&cas, it + 1, sizeof(cas));
    }
    return cas;
}

/* The engine's item_set_cas slot as well: the core calls it right after
 * every allocate (with 0 when the client sent no CAS). */
void item_set_cas(ENGINE_HANDLE *handle, const void *cookie, item *item,
                  uint64_t val) {
    hash_item *it = item;
    (void)handle;
    (void)cookie;
    if (it->iflag & ITEM_WITH_CAS) {
        memcpy(it + 1, &val, sizeof(val));
    }
}

const char *item_get_key(const hash_item *it) {
    const char *ret = (const char *)(it + 1);
    if (it->iflag & ITEM_WITH_CAS) {
        ret += sizeof(uint64_t);
    }
    return ret;
}

char *item_get_data(const hash_item *it) {
    return (char *)item_get_key(it) + it->nkey;
}

static void item_free(struct period_engine *engine, hash_item *it) {
    size_t ntotal = ITEM_ntotal(engine, it);
    unsigned int clsid = it->slabs_clsid;

    it->slabs_clsid = 0;
    it->iflag |= ITEM_SLABBED;
    slabs_free(engine, it, ntotal, clsid);
}

static void item_link_q(struct period_engine *engine, hash_item *it) {
    hash_item **head = &engine->items.heads[it->slabs_clsid];
    hash_item **tail = &engine->items.tails[it->slabs_clsid];

    it->prev = NULL;
    it->next = *head;
    if (it->next != NULL) {
        it->next->prev = it;
    }
    *head = it;
    if (*tail == NULL) {
        *tail = it;
    }
    engine->items.sizes[it->slabs_clsid]++;
}

static void item_unlink_q(struct period_engine *engine, hash_item *it) {
    hash_item **head = &engine->items.heads[it->slabs_clsid];
    hash_item **tail = &engine->items.tails[it->slabs_clsid];

    if (*head == it) {
        *head = it->next;
    }
    if (*tail == it) {
        *tail = it->prev;
    }
    if (it->next != NULL) {
        it->next->prev = it->prev;
    }
    if (it->prev != NULL) {
        it->prev->next = it->next;
    }
    it->next = it->prev = NULL;
    engine->items.sizes[it->slabs_clsid]--;
}

static hash_item *do_item_alloc(struct period_engine *engine, const void *key,
                                size_t nkey, int flags, rel_time_t exptime,
                                int nbytes, const void *cookie) {
    hash_item *it = NULL;
    hash_item *search;
    size_t ntotal = sizeof(hash_item) + nkey + (size_t)nbytes;
    int tries = SEARCH_ITEMS;
    rel_time_t now = current_time(engine);

    if (engine->config.use_cas) {
        ntotal += sizeof(uint64_t);
    }
    unsigned int id = slabs_clsid(engine, ntotal);
    if (id == 0) {
        return NULL;
    }

    /* An expired item at the tail of this class: take its chunk over. */
    for (search = engine->items.tails[id]; tries > 0 && search != NULL;
         tries--, search = search->prev) {
        if (search->refcount == 0 && search->exptime != 0 &&
            search->exptime < now) {
            it = search;
            pthread_mutex_lock(&engine->stats.lock);
            engine->stats.reclaimed++;
            pthread_mutex_unlock(&engine->stats.lock);
            engine->items.itemstats[id].reclaimed++;
            it->refcount = 1; /* keeps do_item_unlink from freeing it */
            engine->slabs.slabclass[id].requested -= ITEM_ntotal(engine, it);
            engine->slabs.slabclass[id].requested += ntotal;
            do_item_unlink(engine, it);
            it->slabs_clsid = 0;
            it->refcount = 0;
            break;
        }
    }

    if (it == NULL && (it = slabs_alloc(engine, ntotal, id)) == NULL) {
        if (!engine->config.evict_to_free || engine->items.tails[id] == NULL) {
            engine->items.itemstats[id].outofmemory++;
            return NULL;
        }
        /* Evict the least recently used item nobody holds. */
        tries = SEARCH_ITEMS;
        for (search = engine->items.tails[id]; tries > 0 && search != NULL;
             tries--, search = search->prev) {
            if (search->refcount != 0) {
                continue;
            }
            pthread_mutex_lock(&engine->stats.lock);
            if (search->exptime == 0 || search->exptime > now) {
                engine->items.itemstats[id].evicted++;
                engine->items.itemstats[id].evicted_time = now - search->time;
                if (search->exptime != 0) {
                    engine->items.itemstats[id].evicted_nonzero++;
                }
                engine->stats.evictions++;
                pthread_mutex_unlock(&engine->stats.lock);
                engine->server.stat->evicting(cookie, item_get_key(search),
                                              search->nkey);
            } else {
                engine->items.itemstats[id].reclaimed++;
                engine->stats.reclaimed++;
                pthread_mutex_unlock(&engine->stats.lock);
            }
            do_item_unlink(engine, search);
            break;
        }
        it = slabs_alloc(engine, ntotal, id);
        if (it == NULL) {
            engine->items.itemstats[id].outofmemory++;
            return NULL;
        }
    }

    /* The header is rewritten; the CAS behind it is left as it was. */
    it->slabs_clsid = (uint8_t)id;
    it->next = it->prev = it->h_next = NULL;
    it->refcount = 1; /* the caller's reference */
    it->iflag = engine->config.use_cas ? ITEM_WITH_CAS : 0;
    it->nkey = (uint16_t)nkey;
    it->nbytes = (uint32_t)nbytes;
    it->flags = (uint32_t)flags;
    memcpy((char *)item_get_key(it), key, nkey);
    it->exptime = exptime;
    it->time = 0;
    return it;
}

static void do_item_link(struct period_engine *engine, hash_item *it) {
    it->iflag |= ITEM_LINKED;
    it->time = current_time(engine);
    assoc_insert(engine, item_hash(engine, item_get_key(it), it->nkey), it);

    pthread_mutex_lock(&engine->stats.lock);
    engine->stats.curr_bytes += ITEM_ntotal(engine, it);
    engine->stats.curr_items += 1;
    engine->stats.total_items += 1;
    pthread_mutex_unlock(&engine->stats.lock);

    /* Every link gets a new CAS, whatever the item carried. */
    item_set_cas(NULL, NULL, it, ++engine->cas_id);
    item_link_q(engine, it);
}

static void do_item_unlink(struct period_engine *engine, hash_item *it) {
    if ((it->iflag & ITEM_LINKED) == 0) {
        return;
    }
    it->iflag &= (uint16_t)~ITEM_LINKED;
    pthread_mutex_lock(&engine->stats.lock);
    engine->stats.curr_bytes -= ITEM_ntotal(engine, it);
    engine->stats.curr_items -= 1;
    pthread_mutex_unlock(&engine->stats.lock);
    assoc_delete(engine, item_hash(engine, item_get_key(it), it->nkey),
                 item_get_key(it), it->nkey);
    item_unlink_q(engine, it);
    if (it->refcount == 0) {
        item_free(engine, it);
    }
}

static void do_item_release(struct period_engine *engine, hash_item *it) {
    if (it->refcount != 0) {
        it->refcount--;
    }
    if (it->refcount == 0 && (it->iflag & ITEM_LINKED) == 0) {
        item_free(engine, it);
    }
}

static void do_item_update(struct period_engine *engine, hash_item *it) {
    rel_time_t now = current_time(engine);
    if (it->time < now - ITEM_UPDATE_INTERVAL && (it->iflag & ITEM_LINKED)) {
        item_unlink_q(engine, it);
        it->time = now;
        item_link_q(engine, it);
    }
}

static void do_item_replace(struct period_engine *engine, hash_item *it,
                            hash_item *new_it) {
    do_item_unlink(engine, it);
    do_item_link(engine, new_it);
}

/* The lookup every operation goes through: flushed and expired items are
 * unlinked here, lazily, and never returned. A hit holds a reference. */
static hash_item *do_item_get(struct period_engine *engine, const char *key,
                              size_t nkey) {
    rel_time_t now = current_time(engine);
    hash_item *it = assoc_find(engine, item_hash(engine, key, nkey), key, nkey);

    /* Flushed: linked at or before oldest_live, once oldest_live arrived. */
    if (it != NULL && engine->config.oldest_live != 0 &&
        engine->config.oldest_live <= now &&
        it->time <= engine->config.oldest_live) {
        do_item_unlink(engine, it);
        it = NULL;
    }
    if (it != NULL && it->exptime != 0 && it->exptime <= now) {
        do_item_unlink(engine, it);
        it = NULL;
    }
    if (it != NULL) {
        it->refcount++;
        do_item_update(engine, it);
    }
    return it;
}

static ENGINE_ERROR_CODE do_store_item(struct period_engine *engine,
                                       hash_item *it, uint64_t *cas,
                                       ENGINE_STORE_OPERATION operation,
                                       const void *cookie) {
    const char *key = item_get_key(it);
    hash_item *old_it;
    hash_item *new_it = NULL;
    ENGINE_ERROR_CODE stored = ENGINE_NOT_STORED;

    /* The real core never stores an item twice; linking it again would
     * corrupt the hash chain, so refuse instead of crashing. */
    if (it->iflag & (ITEM_LINKED | ITEM_SLABBED)) {
        return ENGINE_NOT_STORED;
    }
    old_it = do_item_get(engine, key, it->nkey);

    if (old_it != NULL && operation == OPERATION_ADD) {
        /* add only adds, but the existing item counts as used */
        do_item_update(engine, old_it);
    } else if (old_it == NULL && (operation == OPERATION_REPLACE ||
                                  operation == OPERATION_APPEND ||
                                  operation == OPERATION_PREPEND)) {
        /* nothing to replace or extend */
    } else if (operation == OPERATION_CAS) {
        if (old_it == NULL) {
            stored = ENGINE_KEY_ENOENT;
        } else if (item_get_cas(it) == item_get_cas(old_it)) {
            do_item_replace(engine, old_it, it);
            stored = ENGINE_SUCCESS;
        } else {
            stored = ENGINE_KEY_EEXISTS;
        }
    } else {
        if (operation == OPERATION_APPEND || operation == OPERATION_PREPEND) {
            /* A non-zero CAS on the new data must match, as in the default
             * engine; a chunk that kept a stale CAS fails here unless the
             * core zeroed it after allocate. SET never looks at the CAS:
             * the core turns a set with a CAS into OPERATION_CAS. */
            if (item_get_cas(it) != 0 &&
                item_get_cas(it) != item_get_cas(old_it)) {
                stored = ENGINE_KEY_EEXISTS;
            }
            if (stored == ENGINE_NOT_STORED) {
                /* Both values carry the suffix in 2010; keep one. */
                new_it = do_item_alloc(
                    engine, key, it->nkey, (int)old_it->flags, old_it->exptime,
                    (int)(it->nbytes + old_it->nbytes - PERIOD_VALUE_SUFFIX),
                    cookie);
                if (new_it == NULL) {
                    do_item_release(engine, old_it);
                    return ENGINE_NOT_STORED;
                }
                if (operation == OPERATION_APPEND) {
                    memcpy(item_get_data(new_it), item_get_data(old_it),
                           old_it->nbytes);
                    memcpy(item_get_data(new_it) + old_it->nbytes -
                               PERIOD_VALUE_SUFFIX,
                           item_get_data(it), it->nbytes);
                } else {
                    memcpy(item_get_data(new_it), item_get_data(it),
                           it->nbytes);
                    memcpy(item_get_data(new_it) + it->nbytes -
                               PERIOD_VALUE_SUFFIX,
                           item_get_data(old_it), old_it->nbytes);
                }
                it = new_it;
            }
        }
        if (stored == ENGINE_NOT_STORED) {
            if (old_it != NULL) {
                do_item_replace(engine, old_it, it);
            } else {
                do_item_link(engine, it);
            }
            stored = ENGINE_SUCCESS;
        }
    }

    if (old_it != NULL) {
        do_item_release(engine, old_it);
    }
    if (stored == ENGINE_SUCCESS) {
        *cas = item_get_cas(it);
    }
    if (new_it != NULL) {
        do_item_release(engine, new_it);
    }
    return stored;
}

#ifdef PERIOD_CORE_UTIL
/* The core's own, as memcached's default engine called it: declared by
 * memcached/util.h and left for the process that loads the engine. */
#include <memcached/util.h>
#else
/* memcached's safe_strtoull: decimal, leading blanks allowed, must end at
 * whitespace or the end of the string, and a negative number is refused. */
static bool safe_strtoull(const char *str, uint64_t *out) {
    char *endptr;
    unsigned long long ull;

    errno = 0;
    *out = 0;
    ull = strtoull(str, &endptr, 10);
    if (errno == ERANGE) {
        return false;
    }
    if (isspace((unsigned char)*endptr) || (*endptr == '\0' && endptr != str)) {
        if ((long long)ull < 0 && strchr(str, '-') != NULL) {
            return false;
        }
        *out = ull;
        return true;
    }
    return false;
}
#endif

static ENGINE_ERROR_CODE do_add_delta(struct period_engine *engine,
                                      hash_item *it, bool incr, uint64_t delta,
                                      uint64_t *rcas, uint64_t *result,
                                      const void *cookie) {
    char buf[80];
    uint64_t value;
    int res;

    /* The value is not NUL-terminated in the chunk; parse a copy. The 1.6
     * engine refused values this long outright; the 2010 one parsed them in
     * place (a 2010 value always ends in "\r\n", which stops the parse). */
    if (it->nbytes >= sizeof(buf) - 1) {
        if (PERIOD_VALUE_SUFFIX == 0) {
            return ENGINE_EINVAL;
        }
        char *copy = malloc(it->nbytes + 1);
        if (copy == NULL) {
            return ENGINE_ENOMEM;
        }
        memcpy(copy, item_get_data(it), it->nbytes);
        copy[it->nbytes] = '\0';
        bool ok = safe_strtoull(copy, &value);
        free(copy);
        if (!ok) {
            return ENGINE_EINVAL;
        }
    } else {
        memcpy(buf, item_get_data(it), it->nbytes);
        buf[it->nbytes] = '\0';
        if (!safe_strtoull(buf, &value)) {
            return ENGINE_EINVAL;
        }
    }

    if (incr) {
        value += delta; /* wraps at 2^64 */
    } else if (delta > value) {
        value = 0;
    } else {
        value -= delta;
    }
    *result = value;

    res = snprintf(buf, sizeof(buf), PERIOD_VALUE_SUFFIX ? "%" PRIu64 "\r\n"
                                                         : "%" PRIu64,
                   value);
    if (res < 0) {
        return ENGINE_EINVAL;
    }

#if MEMCACHED_ABI_HAS_1_6_0_BETA1
    /* The 1.6 engine rewrote an item only it held in place, padding the
     * shorter number with spaces, and gave it a new CAS. */
    if (it->refcount == 1 && (uint32_t)res <= it->nbytes) {
        memcpy(item_get_data(it), buf, (size_t)res);
        memset(item_get_data(it) + res, ' ', it->nbytes - (uint32_t)res);
        item_set_cas(NULL, NULL, it, ++engine->cas_id);
        *rcas = item_get_cas(it);
        return ENGINE_SUCCESS;
    }
#endif
    hash_item *new_it = do_item_alloc(engine, item_get_key(it), it->nkey,
                                      (int)it->flags, it->exptime, res, cookie);
    if (new_it == NULL) {
        /* Drop the old value rather than keep a stale one. */
        do_item_unlink(engine, it);
        return ENGINE_ENOMEM;
    }
    memcpy(item_get_data(new_it), buf, (size_t)res);
    do_item_replace(engine, it, new_it);
    *rcas = item_get_cas(new_it);
    do_item_release(engine, new_it);
    return ENGINE_SUCCESS;
}

/* One lock hold for the lookup, the create and the update. The 2010 default
 * engine let go of the lock between its item_get and add_delta, so two
 * concurrent incrs could lose one; that race is its bug, not a fidelity point,
 * and this engine must be thread-safe. */
static ENGINE_ERROR_CODE do_arithmetic(struct period_engine *engine,
                                       const void *cookie, const void *key,
                                       int nkey, bool increment, bool create,
                                       uint64_t delta, uint64_t initial,
                                       rel_time_t exptime, uint64_t *cas,
                                       uint64_t *result) {
    ENGINE_ERROR_CODE ret;
    hash_item *it = do_item_get(engine, key, (size_t)nkey);

    if (it != NULL) {
        ret = do_add_delta(engine, it, increment, delta, cas, result, cookie);
        do_item_release(engine, it);
        return ret;
    }
    if (!create) {
        return ENGINE_KEY_ENOENT;
    }
    char buffer[128];
    int len = snprintf(buffer, sizeof(buffer),
                       PERIOD_VALUE_SUFFIX ? "%" PRIu64 "\r\n" : "%" PRIu64,
                       initial);
    it = do_item_alloc(engine, key, (size_t)nkey, 0, exptime, len, cookie);
    if (it == NULL) {
        return ENGINE_ENOMEM;
    }
    memcpy(item_get_data(it), buffer, (size_t)len);
    ret = do_store_item(engine, it, cas, OPERATION_ADD, cookie);
    if (ret == ENGINE_SUCCESS) {
        *result = initial;
    }
    do_item_release(engine, it);
    return ret;
}

hash_item *item_alloc(struct period_engine *engine, const void *key,
                      size_t nkey, int flags, rel_time_t exptime, int nbytes,
                      const void *cookie) {
    pthread_mutex_lock(&engine->cache_lock);
    hash_item *it = do_item_alloc(engine, key, nkey, flags, exptime, nbytes,
                                  cookie);
    pthread_mutex_unlock(&engine->cache_lock);
    return it;
}

hash_item *item_get(struct period_engine *engine, const void *key,
                    size_t nkey) {
    pthread_mutex_lock(&engine->cache_lock);
    hash_item *it = do_item_get(engine, key, nkey);
    pthread_mutex_unlock(&engine->cache_lock);
    return it;
}

void item_release(struct period_engine *engine, hash_item *it) {
    pthread_mutex_lock(&engine->cache_lock);
    do_item_release(engine, it);
    pthread_mutex_unlock(&engine->cache_lock);
}

/* The default engine's remove, under one lock hold. (The 2010 one also
 * forgot to release the item when the CAS did not match; released here.) */
ENGINE_ERROR_CODE item_delete(struct period_engine *engine, const void *key,
                              size_t nkey, uint64_t cas) {
    ENGINE_ERROR_CODE ret = ENGINE_SUCCESS;

    pthread_mutex_lock(&engine->cache_lock);
    hash_item *it = do_item_get(engine, key, nkey);
    if (it == NULL) {
        ret = ENGINE_KEY_ENOENT;
    } else {
        if (cas == 0 || cas == item_get_cas(it)) {
            do_item_unlink(engine, it);
        } else {
            ret = ENGINE_KEY_EEXISTS;
        }
        do_item_release(engine, it);
    }
    pthread_mutex_unlock(&engine->cache_lock);
    return ret;
}

ENGINE_ERROR_CODE store_item(struct period_engine *engine, hash_item *it,
                             uint64_t *cas, ENGINE_STORE_OPERATION operation,
                             const void *cookie) {
    pthread_mutex_lock(&engine->cache_lock);
    ENGINE_ERROR_CODE ret = do_store_item(engine, it, cas, operation, cookie);
    pthread_mutex_unlock(&engine->cache_lock);
    return ret;
}

ENGINE_ERROR_CODE arithmetic(struct period_engine *engine, const void *cookie,
                             const void *key, int nkey, bool increment,
                             bool create, uint64_t delta, uint64_t initial,
                             rel_time_t exptime, uint64_t *cas,
                             uint64_t *result) {
    pthread_mutex_lock(&engine->cache_lock);
    ENGINE_ERROR_CODE ret = do_arithmetic(engine, cookie, key, nkey, increment,
                                          create, delta, initial, exptime, cas,
                                          result);
    pthread_mutex_unlock(&engine->cache_lock);
    return ret;
}

/* flush_all: everything linked at or before oldest_live goes, lazily in
 * do_item_get. As in the default engine oldest_live is one second before the
 * flush time - realtime(when) - 1, or now - 1 - so an item stored in the
 * second just before a delayed flush's time is flushed too. Items newer than
 * oldest_live (only possible when it is already here) are unlinked now. */
void item_flush_expired(struct period_engine *engine, time_t when) {
    pthread_mutex_lock(&engine->cache_lock);
    if (when == 0) {
        engine->config.oldest_live = current_time(engine) - 1;
    } else {
        engine->config.oldest_live = engine->server.core->realtime(when) - 1;
    }
    if (engine->config.oldest_live != 0) {
        for (int i = 0; i < POWER_LARGEST; ++i) {
            hash_item *iter = engine->items.heads[i];
            /* The LRU is newest first; stop at the first older item. */
            while (iter != NULL && iter->time >= engine->config.oldest_live) {
                hash_item *next = iter->next;
                do_item_unlink(engine, iter);
                iter = next;
            }
        }
    }
    pthread_mutex_unlock(&engine->cache_lock);
}

/* The scrubber's pass (scrub.c): every expired or flushed item goes, one
 * slab class per hold of the cache lock, as memcached's default engine
 * scrubs from its own thread while the connections run. The same tests as
 * do_item_get, so no client can tell. */
void item_scrub(struct period_engine *engine) {
    for (int i = 0; i < POWER_LARGEST; ++i) {
        pthread_mutex_lock(&engine->cache_lock);
        const rel_time_t now = current_time(engine);
        hash_item *iter = engine->items.heads[i];
        while (iter != NULL) {
            hash_item *next = iter->next;
            const bool flushed = engine->config.oldest_live != 0 &&
                                 engine->config.oldest_live <= now &&
                                 iter->time <= engine->config.oldest_live;
            const bool expired = iter->exptime != 0 && iter->exptime <= now;
            if (flushed || expired) {
                do_item_unlink(engine, iter);
            }
            iter = next;
        }
        pthread_mutex_unlock(&engine->cache_lock);
    }
}

void item_stats(struct period_engine *engine, ADD_STAT add_stat,
                const void *cookie) {
    pthread_mutex_lock(&engine->cache_lock);
    rel_time_t now = current_time(engine);
    for (int i = 0; i < POWER_LARGEST; ++i) {
        const hash_item *tail = engine->items.tails[i];
        const struct itemstats *st = &engine->items.itemstats[i];
        if (tail == NULL) {
            continue;
        }
        add_statistics(cookie, add_stat, "items", i, "number", "%u",
                       engine->items.sizes[i]);
        add_statistics(cookie, add_stat, "items", i, "age", "%u",
                       now - tail->time);
        add_statistics(cookie, add_stat, "items", i, "evicted", "%" PRIu64,
                       st->evicted);
        add_statistics(cookie, add_stat, "items", i, "evicted_nonzero",
                       "%" PRIu64, st->evicted_nonzero);
        add_statistics(cookie, add_stat, "items", i, "evicted_time", "%u",
                       st->evicted_time);
        add_statistics(cookie, add_stat, "items", i, "outofmemory", "%" PRIu64,
                       st->outofmemory);
        add_statistics(cookie, add_stat, "items", i, "reclaimed", "%" PRIu64,
                       st->reclaimed);
    }
    pthread_mutex_unlock(&engine->cache_lock);
}

/* How many items of each size, in 32-byte buckets (sizes up to 1 MiB). */
void item_stats_sizes(struct period_engine *engine, ADD_STAT add_stat,
                      const void *cookie) {
    const int num_buckets = 32768;
    unsigned int *histogram = calloc((size_t)num_buckets, sizeof(unsigned int));

    if (histogram == NULL) {
        return;
    }
    pthread_mutex_lock(&engine->cache_lock);
    for (int i = 0; i < POWER_LARGEST; ++i) {
        for (const hash_item *iter = engine->items.heads[i]; iter != NULL;
             iter = iter->next) {
            size_t ntotal = ITEM_ntotal(engine, iter);
            size_t bucket = (ntotal + 31) / 32;
            if (bucket < (size_t)num_buckets) {
                histogram[bucket]++;
            }
        }
    }
    for (int i = 0; i < num_buckets; ++i) {
        if (histogram[i] != 0) {
            char key[16];
            char val[16];
            int klen = snprintf(key, sizeof(key), "%d", i * 32);
            int vlen = snprintf(val, sizeof(val), "%u", histogram[i]);
            add_stat(key, (uint16_t)klen, val, (uint32_t)vlen, cookie);
        }
    }
    pthread_mutex_unlock(&engine->cache_lock);
    free(histogram);
}

void item_stats_reset(struct period_engine *engine) {
    pthread_mutex_lock(&engine->cache_lock);
    memset(engine->items.itemstats, 0, sizeof(engine->items.itemstats));
    pthread_mutex_unlock(&engine->cache_lock);
}
