/* fs_ops.h - the memcached semantics of each operation, run synchronously
 * on the calling thread (the core's, a detached thread or a pool worker).
 * Arguments are already validated by fs_api.c. */
#ifndef ENGINESIM_FS_OPS_H
#define ENGINESIM_FS_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "memcached/types.h"

struct fs_engine;
struct fs_item;

struct fs_arith_args {
    const void *key;
    size_t nkey;
    bool increment, create;
    uint64_t delta, initial;
    rel_time_t exptime;
};

void fs_ops_init_locks(struct fs_engine *e);
void fs_ops_destroy_locks(struct fs_engine *e);

ENGINE_ERROR_CODE fs_op_get(struct fs_engine *e, const void *key, size_t nkey,
                            struct fs_item **out);
ENGINE_ERROR_CODE fs_op_store(struct fs_engine *e, const struct fs_item *it,
                              ENGINE_STORE_OPERATION op, uint64_t *cas);
ENGINE_ERROR_CODE fs_op_remove(struct fs_engine *e, const void *key,
                               size_t nkey, uint64_t cas);
ENGINE_ERROR_CODE fs_op_arith(struct fs_engine *e,
                              const struct fs_arith_args *args, uint64_t *cas,
                              uint64_t *result);
ENGINE_ERROR_CODE fs_op_flush(struct fs_engine *e, time_t when);

#endif
