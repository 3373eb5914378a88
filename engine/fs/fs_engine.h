/* fs_engine.h - the fs engine's state, shared by the files of the engine. */
#ifndef ENGINESIM_FS_ENGINE_H
#define ENGINESIM_FS_ENGINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "memcached/engine.h"

#include "fs_async.h"
#include "fs_config.h"
#include "fs_stats.h"

/* memcached's key length limit. */
#define FS_KEY_MAX 250

/* Read-modify-write sequences lock one stripe, chosen by the key's hash;
 * flush takes every stripe (in index order, so it never deadlocks with an
 * operation, which takes exactly one). */
#define FS_LOCK_STRIPES 64

/* Aborts in every build: an engine invariant was broken. */
#define FS_ASSERT(cond) \
    ((cond) ? (void)0 : fs_assert_failed(#cond, __FILE__, __LINE__))
_Noreturn void fs_assert_failed(const char *expr, const char *file, int line);

struct fs_engine {
    ENGINE_HANDLE_V1 v1;   /* first: the core casts the handle to this */
    SERVER_HANDLE_V1 sapi; /* our copy of the server API */
    struct fs_config config;
    bool initialized;
    char description[64];
    engine_info info;      /* features[1] holds our single feature */

    int dir_fd;            /* the data directory, opened at initialize */
    pthread_mutex_t stripes[FS_LOCK_STRIPES];

    _Atomic uint64_t last_cas;     /* CAS values handed out: last_cas + 1, ... */
    _Atomic uint32_t flush_at;     /* delayed flush time (rel_time_t), 0: none */
    _Atomic uint32_t flushed_before; /* items older dead for good: a delayed flush
                                      * that took effect, then was replaced */
    _Atomic int64_t curr_items;    /* data files on disk, incl. dead ones */
    _Atomic uint64_t tmp_seq;      /* names temp files uniquely */
    struct fs_stats stats;
    struct fs_async async;
};

static inline struct fs_engine *fs_engine_of(ENGINE_HANDLE *handle) {
    return (struct fs_engine *)handle;
}

/* Logs a warning through the server's logger (printf-style). */
void fs_log_warning(struct fs_engine *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The server's notion of now; never the wall clock. */
rel_time_t fs_now(struct fs_engine *e);

/* Fills the handle table (fs_api.c). */
void fs_api_install(ENGINE_HANDLE_V1 *v1);

#endif
