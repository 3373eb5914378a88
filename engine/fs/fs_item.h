/* fs_item.h - the item the engine hands to the core: one allocation holding
 * the metadata, the key and the value, reference counted. */
#ifndef ENGINESIM_FS_ITEM_H
#define ENGINESIM_FS_ITEM_H

#include <stdatomic.h>
#include <stdint.h>

#include "memcached/types.h"

struct fs_item {
    atomic_uint refcount; /* the core's reference + any in-flight task's */
    uint64_t cas;
    rel_time_t exptime;
    rel_time_t mtime;     /* when it was stored (items read from disk) */
    uint32_t flags;
    uint32_t nbytes;      /* value length including the trailing "\r\n" */
    uint16_t nkey;
    char data[];          /* nkey key bytes, then nbytes value bytes */
};

/* A new item with refcount 1 and an uninitialised value; NULL on ENOMEM. */
struct fs_item *fs_item_new(const void *key, size_t nkey, size_t nbytes,
                            uint32_t flags, rel_time_t exptime);
void fs_item_ref(struct fs_item *it);
void fs_item_unref(struct fs_item *it);

static inline const char *fs_item_key(const struct fs_item *it) {
    return it->data;
}
static inline char *fs_item_value(struct fs_item *it) {
    return it->data + it->nkey;
}
static inline const char *fs_item_cvalue(const struct fs_item *it) {
    return it->data + it->nkey;
}

/* Fills an item_info as get_item_info must; false if nvalue < 1. */
bool fs_item_info(const struct fs_item *it, item_info *info);

#endif
