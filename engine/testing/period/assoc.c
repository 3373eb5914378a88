/* assoc.c - the period engine's one hash table (key -> linked item), chained
 * through each item's h_next, hashed with the server's hash function as the
 * default engine does. It doubles in place when it holds 1.5 items per
 * bucket; the default engine moved buckets on a thread, this engine is
 * synchronous and does it under the cache lock, which every caller holds. */
#include <stdlib.h>
#include <string.h>

#include "period_engine.h"

#define hashsize(n) ((uint32_t)1 << (n))
#define hashmask(n) (hashsize(n) - 1)

ENGINE_ERROR_CODE assoc_init(struct period_engine *engine) {
    engine->assoc.primary_hashtable =
        calloc(hashsize(engine->assoc.hashpower), sizeof(hash_item *));
    return engine->assoc.primary_hashtable != NULL ? ENGINE_SUCCESS
                                                   : ENGINE_ENOMEM;
}

void assoc_destroy(struct period_engine *engine) {
    free(engine->assoc.primary_hashtable);
    engine->assoc.primary_hashtable = NULL;
}

hash_item *assoc_find(struct period_engine *engine, uint32_t hash,
                      const char *key, size_t nkey) {
    hash_item *it =
        engine->assoc.primary_hashtable[hash & hashmask(engine->assoc.hashpower)];

    while (it != NULL) {
        if (nkey == it->nkey && memcmp(key, item_get_key(it), nkey) == 0) {
            return it;
        }
        it = it->h_next;
    }
    return NULL;
}

/* Rehash into a table twice the size; on ENOMEM keep the old one (longer
 * chains are slower, not wrong). */
static void assoc_expand(struct period_engine *engine) {
    const unsigned int old_power = engine->assoc.hashpower;
    hash_item **old = engine->assoc.primary_hashtable;
    hash_item **table = calloc(hashsize(old_power + 1), sizeof(hash_item *));

    if (table == NULL) {
        return;
    }
    for (uint32_t b = 0; b < hashsize(old_power); ++b) {
        hash_item *it = old[b];
        while (it != NULL) {
            hash_item *next = it->h_next;
            uint32_t hv = engine->server.core->hash(item_get_key(it), it->nkey, 0);
            uint32_t bucket = hv & hashmask(old_power + 1);
            it->h_next = table[bucket];
            table[bucket] = it;
            it = next;
        }
    }
    free(old);
    engine->assoc.primary_hashtable = table;
    engine->assoc.hashpower = old_power + 1;
}

/* The caller made sure the key is not in the table. */
void assoc_insert(struct period_engine *engine, uint32_t hash, hash_item *it) {
    uint32_t bucket = hash & hashmask(engine->assoc.hashpower);

    it->h_next = engine->assoc.primary_hashtable[bucket];
    engine->assoc.primary_hashtable[bucket] = it;
    engine->assoc.hash_items++;
    if (engine->assoc.hash_items > (hashsize(engine->assoc.hashpower) * 3) / 2) {
        assoc_expand(engine);
    }
}

void assoc_delete(struct period_engine *engine, uint32_t hash,
                  const char *key, size_t nkey) {
    hash_item **pos =
        &engine->assoc.primary_hashtable[hash & hashmask(engine->assoc.hashpower)];

    while (*pos != NULL &&
           ((*pos)->nkey != nkey || memcmp(key, item_get_key(*pos), nkey) != 0)) {
        pos = &(*pos)->h_next;
    }
    if (*pos != NULL) {
        hash_item *nxt = (*pos)->h_next;
        (*pos)->h_next = NULL;
        *pos = nxt;
        engine->assoc.hash_items--;
    }
}
