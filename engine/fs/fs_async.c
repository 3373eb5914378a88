/* fs_async.c - the EWOULDBLOCK machinery: tasks run on a thread each
 * (mode=async, as in the tutorial's part 3) or on a fixed worker pool
 * (mode=pool); a finished task parks its result in the cookie's
 * engine-specific slot and notifies the core, which calls the operation
 * again and collects the result (fs_async_claim).
 *
 * Why the per-request threads are joinable, not detached as in the
 * tutorial: a detached thread that has signalled "done" still runs the end
 * of its start routine and its exit in the engine's module, so destroy could
 * return (and the core dlclose the module) while it lives - that crashed in
 * testing, and the harness's scheduler reports it as a thread leak. So each
 * thread marks itself done, later submits join the done ones, and destroy
 * waits for the running count to reach zero and joins the rest. */
#include "fs_async.h"

#include <stdlib.h>
#include <string.h>
#ifdef ES_MUTANT_FS_THREAD_LEAK
#include <unistd.h>
#endif

#include "fs_engine.h"
#include "fs_item.h"
#include "fs_ops.h"

static void lock(struct fs_async *a) { FS_ASSERT(pthread_mutex_lock(&a->lock) == 0); }
static void unlock(struct fs_async *a) { FS_ASSERT(pthread_mutex_unlock(&a->lock) == 0); }

static void task_free(struct fs_task *task) {
    if (task->item != NULL) {
        fs_item_unref(task->item);
    }
    free(task);
}

static void run_op(struct fs_engine *e, struct fs_task *t, struct fs_result *r) {
    switch (t->kind) {
    case FS_TASK_GET:
        r->status = fs_op_get(e, t->key, t->nkey, &r->item);
        break;
    case FS_TASK_STORE:
        r->status = fs_op_store(e, t->item, t->operation, &r->cas);
        break;
    case FS_TASK_REMOVE:
        r->status = fs_op_remove(e, t->key, t->nkey, t->cas);
        break;
    case FS_TASK_ARITH: {
        const struct fs_arith_args args = {
            .key = t->key, .nkey = t->nkey, .increment = t->increment,
            .create = t->create, .delta = t->delta, .initial = t->initial,
            .exptime = t->exptime};
        r->status = fs_op_arith(e, &args, &r->cas, &r->number);
        break;
    }
    }
}

/* Does the work, parks the result, notifies once. Holds no lock while
 * notifying: the core may call straight back into the engine. */
static void task_run(struct fs_task *task) {
    struct fs_engine *e = task->engine;
    const void *cookie = task->cookie;
    struct fs_result *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        task_free(task);
        e->sapi.cookie->notify_io_complete(cookie, ENGINE_ENOMEM);
        return;
    }
    r->kind = task->kind;
    run_op(e, task, r);
    task_free(task);
    struct fs_async *a = &e->async;
    lock(a);
    r->next = a->parked.next;
    r->prev = &a->parked;
    r->next->prev = r;
    a->parked.next = r;
    unlock(a);
#if defined(ES_MUTANT_FS_NOTIFY_BEFORE_STORE)
    /* mutant: notifies before the result is parked */
    e->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
    e->sapi.cookie->store_engine_specific(cookie, r);
    return;
#elif defined(ES_MUTANT_FS_LOST_NOTIFY)
    if (r->kind == FS_TASK_REMOVE) { /* mutant: remove forgets to notify */
        e->sapi.cookie->store_engine_specific(cookie, r);
        return;
    }
#endif
    e->sapi.cookie->store_engine_specific(cookie, r);
    e->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS);
#ifdef ES_MUTANT_FS_DOUBLE_NOTIFY
    e->sapi.cookie->notify_io_complete(cookie, ENGINE_SUCCESS); /* mutant: twice */
#endif
}

static void *request_main(void *arg) {
    struct fs_task *task = arg;
    struct fs_async *a = &task->engine->async;
    struct fs_thread *self = task->thread;
    task_run(task); /* frees the task */
    lock(a);
    FS_ASSERT(a->running > 0);
    self->done = true;
    if (--a->running == 0) {
        pthread_cond_broadcast(&a->idle_cv);
    }
    unlock(a);
    return NULL;
}

/* Joins the request threads that finished their task (all of them when
 * `all`, which only destroy may ask for, after running reached zero). */
static void reap(struct fs_async *a, bool all) {
    struct fs_thread *done = NULL;
    lock(a);
    for (struct fs_thread **p = &a->threads; *p != NULL;) {
        struct fs_thread *t = *p;
        FS_ASSERT(!all || t->done);
        if (t->done) {
            *p = t->next;
            t->next = done;
            done = t;
        } else {
            p = &t->next;
        }
    }
    unlock(a);
    while (done != NULL) {
        struct fs_thread *t = done;
        done = t->next;
        FS_ASSERT(pthread_join(t->tid, NULL) == 0);
        free(t);
    }
}

static void *worker_main(void *arg) {
    struct fs_async *a = arg;
    for (;;) {
        lock(a);
        while (a->head == NULL && !a->stopping) {
            pthread_cond_wait(&a->work_cv, &a->lock);
        }
        struct fs_task *task = a->head;
        if (task == NULL) { /* stopping and drained: every task notified */
            unlock(a);
            return NULL;
        }
        a->head = task->next;
        if (a->head == NULL) {
            a->tail = NULL;
        }
        unlock(a);
        task_run(task);
    }
}

void fs_async_init(struct fs_async *a) {
    memset(a, 0, sizeof(*a));
    FS_ASSERT(pthread_mutex_init(&a->lock, NULL) == 0);
    FS_ASSERT(pthread_cond_init(&a->work_cv, NULL) == 0);
    FS_ASSERT(pthread_cond_init(&a->idle_cv, NULL) == 0);
    a->parked.next = a->parked.prev = &a->parked;
}

void fs_async_fini(struct fs_async *a) {
    FS_ASSERT(a->running == 0 && a->threads == NULL && a->nworkers == 0);
    pthread_cond_destroy(&a->idle_cv);
    pthread_cond_destroy(&a->work_cv);
    pthread_mutex_destroy(&a->lock);
}

#ifdef ES_MUTANT_FS_THREAD_LEAK
/* mutant: a thread destroy knows nothing about; it keeps calling the core. */
static void *mutant_leaked_main(void *arg) {
    SERVER_CORE_API *core = arg;
    for (;;) {
        core->get_current_time();
        usleep(20000);
    }
    return NULL;
}
#endif

bool fs_async_start(struct fs_engine *e) {
    struct fs_async *a = &e->async;
#ifdef ES_MUTANT_FS_THREAD_LEAK
    pthread_t leaked;
    if (pthread_create(&leaked, NULL, mutant_leaked_main, e->sapi.core) == 0) {
        pthread_detach(leaked);
    }
#endif
    if (e->config.mode != FS_MODE_POOL) {
        return true;
    }
    a->workers = calloc(e->config.threads, sizeof(pthread_t));
    if (a->workers == NULL) {
        return false;
    }
    for (; a->nworkers < e->config.threads; ++a->nworkers) {
        if (pthread_create(&a->workers[a->nworkers], NULL, worker_main, a) != 0) {
            fs_log_warning(e, "fs engine: cannot start pool thread %zu",
                           a->nworkers);
            return false; /* fs_async_stop joins the ones started */
        }
    }
    return true;
}

void fs_async_stop(struct fs_engine *e) {
    struct fs_async *a = &e->async;
    lock(a);
    a->stopping = true;
    pthread_cond_broadcast(&a->work_cv);
    while (a->running > 0) {
        pthread_cond_wait(&a->idle_cv, &a->lock);
    }
    unlock(a);
    reap(a, true);
    for (size_t i = 0; i < a->nworkers; ++i) {
        FS_ASSERT(pthread_join(a->workers[i], NULL) == 0);
    }
    free(a->workers);
    a->workers = NULL;
    a->nworkers = 0;
    FS_ASSERT(a->head == NULL);
    /* Results the core never came back for (e.g. it gave up waiting). */
    while (a->parked.next != &a->parked) {
        struct fs_result *r = a->parked.next;
        a->parked.next = r->next;
        fs_result_free(r);
    }
}

struct fs_task *fs_task_new(struct fs_engine *e, const void *cookie,
                            fs_task_kind kind) {
    struct fs_task *task = calloc(1, sizeof(*task));
    if (task != NULL) {
        task->engine = e;
        task->cookie = cookie;
        task->kind = kind;
    }
    return task;
}

/* mode=async: one new thread for the task. */
static ENGINE_ERROR_CODE start_request_thread(struct fs_engine *e,
                                             struct fs_task *task) {
    struct fs_async *a = &e->async;
    reap(a, false); /* keeps the list short: one entry per thread in flight */
    struct fs_thread *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        task_free(task);
        return ENGINE_ENOMEM;
    }
    task->thread = t;
    lock(a);
    ++a->running;
    /* Created under the lock so the node is linked (with its tid) before
     * the thread can mark itself done (that needs the lock) and a reaper
     * can try to join it. */
    const int rc = pthread_create(&t->tid, NULL, request_main, task);
    if (rc == 0) {
        t->next = a->threads;
        a->threads = t;
    } else if (--a->running == 0) {
        pthread_cond_broadcast(&a->idle_cv);
    }
    unlock(a);
    if (rc != 0) {
        fs_log_warning(e, "fs engine: cannot start a request thread (error %d)", rc);
        free(t);
        task_free(task);
        return ENGINE_TMPFAIL;
    }
    return ENGINE_EWOULDBLOCK;
}

ENGINE_ERROR_CODE fs_async_submit(struct fs_engine *e, struct fs_task *task) {
    struct fs_async *a = &e->async;
    FS_ASSERT(e->config.mode != FS_MODE_SYNC);
    lock(a);
    FS_ASSERT(!a->stopping); /* no call may race destroy */
    if (e->config.mode == FS_MODE_POOL) {
        task->next = NULL;
        if (a->tail != NULL) {
            a->tail->next = task;
        } else {
            a->head = task;
        }
        a->tail = task;
        pthread_cond_signal(&a->work_cv);
        unlock(a);
        return ENGINE_EWOULDBLOCK;
    }
    unlock(a);
    return start_request_thread(e, task);
}

struct fs_result *fs_async_claim(struct fs_engine *e, const void *cookie,
                                 fs_task_kind kind) {
    struct fs_result *r = e->sapi.cookie->get_engine_specific(cookie);
    if (r == NULL) {
        return NULL;
    }
    e->sapi.cookie->store_engine_specific(cookie, NULL);
    struct fs_async *a = &e->async;
    lock(a);
#ifdef ES_MUTANT_FS_ASYNC_GET_WRONG_COOKIE
    /* mutant: a get collects the oldest parked get result, whichever
     * cookie it belongs to; the two cookies swap their answers */
    if (kind == FS_TASK_GET && r->kind == FS_TASK_GET) {
        for (struct fs_result *o = a->parked.prev; o != &a->parked; o = o->prev) {
            if (o != r && o->kind == FS_TASK_GET) {
                const struct fs_result mine = *r;
                r->status = o->status;
                r->item = o->item;
                o->status = mine.status;
                o->item = mine.item;
                break;
            }
        }
    }
#endif
    r->prev->next = r->next;
    r->next->prev = r->prev;
    unlock(a);
    r->prev = r->next = NULL;
    if (r->kind != kind) {
        /* The core re-called a different operation than the one that
         * blocked: a protocol breach. Drop the stale result. */
        fs_log_warning(e, "fs engine: result of operation %d collected by "
                          "operation %d; discarded", (int)r->kind, (int)kind);
        fs_result_free(r);
        return NULL;
    }
    return r;
}

void fs_result_free(struct fs_result *res) {
    if (res->item != NULL) {
        fs_item_unref(res->item);
    }
    free(res);
}
