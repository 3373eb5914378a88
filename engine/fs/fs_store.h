/* fs_store.h - the on-disk format: one file per key under the data
 * directory, named by an encoding of the key, holding a fixed header, the
 * key and the value. Callers serialise per key (fs_ops.c's stripes). */
#ifndef ENGINESIM_FS_STORE_H
#define ENGINESIM_FS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "memcached/types.h"

struct fs_engine;
struct fs_item;

typedef enum { FS_FOUND, FS_MISSING, FS_IOERROR } fs_read_status;

/* Opens (creating it and its parents if needed) the data directory; -1 with
 * errno set on failure. */
int fs_store_open_dir(const char *path);

/* Reads the file of `key` into a new item (refcount 1). */
fs_read_status fs_store_read(struct fs_engine *e, const void *key,
                             size_t nkey, struct fs_item **out);

/* Atomically replaces the file of the item's key with the item's flags,
 * exptime and value, stamped with `cas` and `mtime`. 0, or -1 (logged). */
int fs_store_write(struct fs_engine *e, const struct fs_item *it,
                   uint64_t cas, rel_time_t mtime);

/* Removes the file of `key`. 0 if removed, -1 if there was none. */
int fs_store_unlink(struct fs_engine *e, const void *key, size_t nkey);

/* Removes every data file (flush). */
void fs_store_clear(struct fs_engine *e);

#ifdef ES_MUTANT_FS_FLUSH_SKIPS_BUSY
/* Removes the data files whose key `keep` refuses; temp files stay. Returns
 * how many were removed. */
typedef bool (*fs_key_filter)(const void *key, size_t nkey, void *ctx);
int64_t fs_store_clear_unless(struct fs_engine *e, fs_key_filter keep, void *ctx);
#endif

/* At startup: drops stale temp files, counts the data files and finds the
 * highest CAS on disk (so new CAS values stay above it). */
void fs_store_scan(struct fs_engine *e, int64_t *count, uint64_t *max_cas);

/* The key bytes that decide the lock stripe: every key stored in the same
 * subdirectory maps to the same stripe (see fs_store.c). */
size_t fs_store_lock_prefix(size_t nkey);

#endif
