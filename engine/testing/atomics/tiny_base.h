/* tiny_base.h - what the atomics proof engines share: the item layout and
 * the engine calls that are the same in all of them (info, stats, flush,
 * arithmetic, item info). Each engine keeps its own store, get, release and
 * the one bug it is about. Plain C, in the manner of memcached's engines of
 * 2010; the atomics are GCC/clang __atomic builtins on plain fields. */
#ifndef TINY_BASE_H
#define TINY_BASE_H

#include <pthread.h>
#include <stdint.h>

#include "memcached/engine.h"

#define TINY_SLOTS 64

typedef struct tiny_item {
    int refs;          /* owners: the table's slot and every get */
    uint32_t node;     /* stack engine: its node in the pool */
    uint16_t nkey;
    uint32_t nbytes;
    int flags;
    rel_time_t exptime;
    uint64_t cas;
    char data[];       /* key, then value */
} tiny_item;

typedef struct tiny_engine {
    ENGINE_HANDLE_V1 v1;   /* first: the handle the core holds */
    pthread_mutex_t lock;  /* the table */
    tiny_item *slots[TINY_SLOTS];
    uint64_t next_cas;
    int fixed;             /* config "fixed": the corrected version */
    int poisoned;          /* the engine caught its own corruption */
    void *extra;           /* the engine's own state */
} tiny_engine;

static inline tiny_engine *tiny(ENGINE_HANDLE *h) { return (tiny_engine *)h; }

/* The slot holding `key`, or the first free one (-1 when full); *found. */
int tiny_find(tiny_engine *e, const void *key, size_t nkey, int *found);
/* Fills the handle's calls that every proof engine shares. */
void tiny_install(tiny_engine *e, const char *name);
/* Reads the config's "fixed" flag. */
void tiny_configure(tiny_engine *e, const char *config);

#endif
