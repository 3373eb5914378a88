/* fs_stats.h - the engine's counters and the stats it reports. */
#ifndef ENGINESIM_FS_STATS_H
#define ENGINESIM_FS_STATS_H

#include <stdatomic.h>
#include <stdint.h>

#include "memcached/types.h"

/* X-macro: each counter is declared, reset and reported from this list. */
#define FS_STAT_COUNTERS(X) \
    X(total_items)          \
    X(cmd_get)              \
    X(cmd_set)              \
    X(cmd_flush)            \
    X(get_hits)             \
    X(get_misses)           \
    X(delete_hits)          \
    X(delete_misses)        \
    X(incr_hits)            \
    X(incr_misses)          \
    X(decr_hits)            \
    X(decr_misses)          \
    X(cas_hits)             \
    X(cas_misses)           \
    X(cas_badval)           \
    X(evictions)

struct fs_stats {
#define FS_STAT_FIELD(name) _Atomic uint64_t name;
    FS_STAT_COUNTERS(FS_STAT_FIELD)
#undef FS_STAT_FIELD
};

#define FS_STAT_INC(stats, name) atomic_fetch_add(&(stats)->name, 1)

struct fs_engine;
void fs_stats_reset(struct fs_stats *stats);
/* Reports curr_items and every counter through add_stat. */
void fs_stats_report(struct fs_engine *e, const void *cookie, ADD_STAT add_stat);

#endif
