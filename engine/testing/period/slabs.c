/* slabs.c - the period engine's slab allocator, in the default engine's
 * manner: size classes growing by `factor`, pages of item_size_max bytes cut
 * into fixed-size chunks, and a per-class list of freed chunks that are handed
 * out again exactly as they were left. Nothing is cleared on reuse, so a
 * reused chunk still carries its previous item's CAS: the engine relies on
 * the core's item_set_cas(item, 0) after every allocate, as the real core
 * does. All functions here run under the engine's cache lock. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period_engine.h"

/* The class whose chunks fit `size` bytes; 0 when no class does (E2BIG). */
unsigned int slabs_clsid(struct period_engine *engine, size_t size) {
    int res = POWER_SMALLEST;

    if (size == 0) {
        return 0;
    }
    while (size > engine->slabs.slabclass[res].size) {
        if (res++ == engine->slabs.power_largest) {
            return 0;
        }
    }
    return (unsigned int)res;
}

/* One more page for class `id`; false when the memory limit is reached
 * (each class gets its first page regardless, as in memcached). */
static bool do_slabs_newslab(struct period_engine *engine, unsigned int id) {
    slabclass_t *p = &engine->slabs.slabclass[id];
    size_t len = (size_t)p->size * p->perslab;

    if (engine->slabs.mem_limit != 0 &&
        engine->slabs.mem_malloced + len > engine->slabs.mem_limit &&
        p->slabs > 0) {
        return false;
    }
    if (p->slabs == p->list_size) {
        unsigned int new_size = p->list_size != 0 ? p->list_size * 2 : 16;
        void **new_list = realloc(p->slab_list, new_size * sizeof(void *));
        if (new_list == NULL) {
            return false;
        }
        p->list_size = new_size;
        p->slab_list = new_list;
    }
    /* Fresh pages start zeroed, as memcached's do; only reuse keeps old
     * bytes. */
    char *ptr = calloc(1, len);
    if (ptr == NULL) {
        return false;
    }
    p->end_page_ptr = ptr;
    p->end_page_free = p->perslab;
    p->slab_list[p->slabs++] = ptr;
    engine->slabs.mem_malloced += len;
    return true;
}

ENGINE_ERROR_CODE slabs_init(struct period_engine *engine, size_t limit,
                             double factor, bool prealloc) {
    int i = POWER_SMALLEST - 1;
    size_t size = sizeof(hash_item) + engine->config.chunk_size;
    const size_t item_size_max = engine->config.item_size_max;

    if (factor <= 1.0 || item_size_max < size) {
        return ENGINE_EINVAL;
    }
    engine->slabs.mem_limit = limit;
    memset(engine->slabs.slabclass, 0, sizeof(engine->slabs.slabclass));

    while (++i < POWER_LARGEST - 1 && size <= item_size_max / factor) {
        if (size % CHUNK_ALIGN_BYTES != 0) {
            size += CHUNK_ALIGN_BYTES - (size % CHUNK_ALIGN_BYTES);
        }
        engine->slabs.slabclass[i].size = (unsigned int)size;
        engine->slabs.slabclass[i].perslab =
            (unsigned int)(item_size_max / size);
        size = (size_t)(size * factor);
    }
    /* The largest class holds exactly item_size_max: the whole item, header
     * and key and CAS included, must fit it. */
    engine->slabs.power_largest = i;
    engine->slabs.slabclass[i].size = (unsigned int)item_size_max;
    engine->slabs.slabclass[i].perslab = 1;

    if (prealloc) {
        for (int j = POWER_SMALLEST; j <= engine->slabs.power_largest; ++j) {
            if (!do_slabs_newslab(engine, (unsigned int)j)) {
                break;
            }
        }
    }
    return ENGINE_SUCCESS;
}

void slabs_destroy(struct period_engine *engine) {
    for (int i = POWER_SMALLEST; i <= engine->slabs.power_largest; ++i) {
        slabclass_t *p = &engine->slabs.slabclass[i];
        for (unsigned int j = 0; j < p->slabs; ++j) {
            free(p->slab_list[j]);
        }
        free(p->slab_list);
        free(p->slots);
        memset(p, 0, sizeof(*p));
    }
}

/* A chunk of class `id`: a freed one first (not cleared), then the rest of
 * the newest page, then a new page. NULL when memory is exhausted. */
void *slabs_alloc(struct period_engine *engine, size_t size, unsigned int id) {
    slabclass_t *p;
    void *ret;

    if (id < POWER_SMALLEST || (int)id > engine->slabs.power_largest) {
        return NULL;
    }
    p = &engine->slabs.slabclass[id];

    if (p->sl_curr == 0 && p->end_page_ptr == NULL &&
        !do_slabs_newslab(engine, id)) {
        return NULL;
    }
    if (p->sl_curr != 0) {
        ret = p->slots[--p->sl_curr];
    } else {
        ret = p->end_page_ptr;
        if (--p->end_page_free != 0) {
            p->end_page_ptr += p->size;
        } else {
            p->end_page_ptr = NULL;
        }
    }
    p->requested += size;
    return ret;
}

void slabs_free(struct period_engine *engine, void *ptr, size_t size,
                unsigned int id) {
    slabclass_t *p;

    if (id < POWER_SMALLEST || (int)id > engine->slabs.power_largest) {
        return;
    }
    p = &engine->slabs.slabclass[id];
    if (p->sl_curr == p->sl_total) {
        unsigned int new_size = p->sl_total != 0 ? p->sl_total * 2 : 16;
        void **new_slots = realloc(p->slots, new_size * sizeof(void *));
        if (new_slots == NULL) {
            return; /* the chunk is lost, as in memcached */
        }
        p->slots = new_slots;
        p->sl_total = new_size;
    }
    p->slots[p->sl_curr++] = ptr;
    p->requested -= size;
}

void slabs_stats(struct period_engine *engine, ADD_STAT add_stat,
                 const void *cookie) {
    int total = 0;

    pthread_mutex_lock(&engine->cache_lock);
    for (int i = POWER_SMALLEST; i <= engine->slabs.power_largest; ++i) {
        slabclass_t *p = &engine->slabs.slabclass[i];
        if (p->slabs == 0) {
            continue;
        }
        unsigned int perslab = p->perslab;
        unsigned int total_chunks = p->slabs * perslab;
        add_statistics(cookie, add_stat, NULL, i, "chunk_size", "%u",
                       p->size);
        add_statistics(cookie, add_stat, NULL, i, "chunks_per_page", "%u",
                       perslab);
        add_statistics(cookie, add_stat, NULL, i, "total_pages", "%u",
                       p->slabs);
        add_statistics(cookie, add_stat, NULL, i, "total_chunks", "%u",
                       total_chunks);
        add_statistics(cookie, add_stat, NULL, i, "used_chunks", "%u",
                       total_chunks - p->sl_curr - p->end_page_free);
        add_statistics(cookie, add_stat, NULL, i, "free_chunks", "%u",
                       p->sl_curr);
        add_statistics(cookie, add_stat, NULL, i, "free_chunks_end", "%u",
                       p->end_page_free);
        add_statistics(cookie, add_stat, NULL, i, "mem_requested", "%zu",
                       p->requested);
        ++total;
    }
    add_statistics(cookie, add_stat, NULL, -1, "active_slabs", "%d", total);
    add_statistics(cookie, add_stat, NULL, -1, "total_malloced", "%zu",
                   engine->slabs.mem_malloced);
    pthread_mutex_unlock(&engine->cache_lock);
}
