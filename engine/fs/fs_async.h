/* fs_async.h - running operations (all but flush, which memcached's binary
 * protocol never waits for) off the calling thread (mode=async: one
 * thread per request; mode=pool: a fixed pool of workers) and
 * handing their results back through the cookie's engine-specific slot. */
#ifndef ENGINESIM_FS_ASYNC_H
#define ENGINESIM_FS_ASYNC_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "memcached/types.h"

struct fs_engine;
struct fs_item;

/* A request thread of mode=async, kept until joined. */
struct fs_thread {
    struct fs_thread *next;
    pthread_t tid;
    bool done;                 /* its task is finished; joining is quick */
};

typedef enum {
    FS_TASK_GET = 1,
    FS_TASK_STORE,
    FS_TASK_REMOVE,
    FS_TASK_ARITH
} fs_task_kind;

/* The arguments of one operation, copied out of the caller's memory (the
 * key pointer the core passes is only valid during the call). */
struct fs_task {
    struct fs_task *next;      /* pool queue link */
    struct fs_engine *engine;
    const void *cookie;
    fs_task_kind kind;
    char key[250];
    uint16_t nkey;
    struct fs_thread *thread;  /* mode=async: the thread running it */
    struct fs_item *item;      /* store: a reference the task owns */
    ENGINE_STORE_OPERATION operation;
    uint64_t cas;              /* remove */
    bool increment, create;    /* arithmetic */
    uint64_t delta, initial;
    rel_time_t exptime;
};

/* What a finished task leaves in the cookie's engine-specific slot until
 * the core calls the operation again. Parked results are also linked into
 * the engine's list so destroy can free those never collected. */
struct fs_result {
    struct fs_result *prev, *next;
    fs_task_kind kind;
    ENGINE_ERROR_CODE status;
    uint64_t cas;              /* store, arithmetic */
    uint64_t number;           /* arithmetic */
    struct fs_item *item;      /* get: owned until handed to the core */
};

struct fs_async {
    pthread_mutex_t lock;
    pthread_cond_t work_cv;    /* the pool queue got a task or stopping */
    pthread_cond_t idle_cv;    /* a request thread finished its task */
    size_t running;            /* request threads whose task is not done */
    struct fs_thread *threads; /* request threads not yet joined */
    struct fs_task *head, *tail;
    bool stopping;
    pthread_t *workers;
    size_t nworkers;
    struct fs_result parked;   /* sentinel of the parked-results list */
};

/* Lock, condition variables, empty lists (create_instance). */
void fs_async_init(struct fs_async *a);
void fs_async_fini(struct fs_async *a);
/* Starts the pool in mode=pool (initialize). False on failure; the caller
 * then still calls fs_async_stop. */
bool fs_async_start(struct fs_engine *e);
/* Waits for and joins every request thread, drains and joins the pool, frees
 * uncollected results. No engine thread runs after it returns. Idempotent. */
void fs_async_stop(struct fs_engine *e);

/* A zeroed task for `cookie`; NULL on ENOMEM. */
struct fs_task *fs_task_new(struct fs_engine *e, const void *cookie,
                            fs_task_kind kind);
/* Hands the task to another thread: ENGINE_EWOULDBLOCK, or an error (the
 * task is then freed, its item reference dropped). */
ENGINE_ERROR_CODE fs_async_submit(struct fs_engine *e, struct fs_task *task);

/* The result parked for `cookie` by an earlier EWOULDBLOCK, taken out of the
 * slot (which is cleared); NULL when there is none. */
struct fs_result *fs_async_claim(struct fs_engine *e, const void *cookie,
                                 fs_task_kind kind);
void fs_result_free(struct fs_result *res);

#endif
