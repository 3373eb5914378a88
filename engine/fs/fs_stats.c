/* fs_stats.c - resetting and reporting the engine's counters. */
#include "fs_stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fs_engine.h"

void fs_stats_reset(struct fs_stats *stats) {
#define FS_STAT_ZERO(name) atomic_store(&stats->name, 0);
    FS_STAT_COUNTERS(FS_STAT_ZERO)
#undef FS_STAT_ZERO
}

static void add_u64(const char *name, uint64_t value, const void *cookie,
                    ADD_STAT add_stat) {
    char text[24];
    const int n = snprintf(text, sizeof(text), "%" PRIu64, value);
    FS_ASSERT(n > 0 && (size_t)n < sizeof(text));
    add_stat(name, (uint16_t)strlen(name), text, (uint32_t)n, cookie);
}

void fs_stats_report(struct fs_engine *e, const void *cookie,
                     ADD_STAT add_stat) {
    int64_t items = atomic_load(&e->curr_items);
    add_u64("curr_items", items < 0 ? 0 : (uint64_t)items, cookie, add_stat);
#define FS_STAT_ADD(name) \
    add_u64(#name, atomic_load(&e->stats.name), cookie, add_stat);
    FS_STAT_COUNTERS(FS_STAT_ADD)
#undef FS_STAT_ADD
}
