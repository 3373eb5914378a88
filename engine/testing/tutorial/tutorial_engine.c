/* tutorial_engine.c - an engine in the shape the 2010 tutorial builds it
 * ("Writing your own storage engine for Memcached", parts 1-3), written
 * against our headers with the tutorial's own names and idioms, to prove that
 * an engine written from the tutorial compiles against include/memcached/
 * unchanged (gnu99, as the tutorial's Makefile; -Wall -Wextra -pedantic
 * -Werror here) and loads into the fake core.
 *
 * The idioms it pins: `struct fs_engine { ENGINE_HANDLE_V1 engine;
 * SERVER_HANDLE_V1 sapi; }`, `h->engine.interface.interface = 1`,
 * `h->sapi = *get_server_api()`, the fs_* entry points with the tutorial's
 * signatures (get_item_info returning bool, checking item_info->nvalue),
 * and part 3's asynchronous get/store: a detached thread does the file I/O,
 * hands the result over with store_engine_specific and calls
 * notify_io_complete; the core's re-call finds it with get_engine_specific.
 *
 * Like the tutorial it stores one file per key and does not tell add, set
 * and replace apart. Two departures, both for the harness's sake: the files
 * go to the directory named by the config string (the tutorial writes to the
 * working directory), and arithmetic answers ENGINE_ENOTSUP (the tutorial
 * leaves the slot NULL, which the core refuses). Not a reference engine:
 * engine/fs is the tutorial's engine completed. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <memcached/engine.h>

struct fs_engine {
    ENGINE_HANDLE_V1 engine;
    SERVER_HANDLE_V1 sapi;
    char dir[PATH_MAX];
};

struct fs_item {
    void *key;
    size_t nkey;
    void *data;
    size_t ndata;
    int flags;
    rel_time_t exptime;
};

struct task {
    struct fs_engine *engine;
    const void *cookie;
    void *(*callback)(void *arg);
    union {
        struct {
            char key[PATH_MAX];
            size_t nkey;
        } get;
        struct {
            item *item;
            ENGINE_STORE_OPERATION operation;
        } store;
    } data;
};

/* dir + "/" + key as a NUL-terminated file name; false when it does not fit
 * or the key has a '/' or a NUL (the tutorial trusts its keys). */
static bool file_name(const struct fs_engine *engine, const void *key,
                      size_t nkey, char *fname, size_t size) {
    if (nkey == 0 || memchr(key, '/', nkey) != NULL ||
        memchr(key, '\0', nkey) != NULL) {
        return false;
    }
    const int n = snprintf(fname, size, "%s/%.*s", engine->dir, (int)nkey,
                           (const char *)key);
    return n > 0 && (size_t)n < size;
}

static const engine_info *fs_get_info(ENGINE_HANDLE *handle) {
    (void)handle;
    static engine_info info = {
        .description = "Filesystem engine from the 2010 tutorial",
        .num_features = 0,
        .features = {{0, NULL}}};
    return &info;
}

static ENGINE_ERROR_CODE fs_initialize(ENGINE_HANDLE *handle,
                                       const char *config_str) {
    struct fs_engine *engine = (struct fs_engine *)handle;
    if (config_str == NULL || config_str[0] == '\0' ||
        strlen(config_str) >= sizeof(engine->dir)) {
        return ENGINE_EINVAL; /* the config string is the directory */
    }
    strcpy(engine->dir, config_str);
    return ENGINE_SUCCESS;
}

static void fs_destroy(ENGINE_HANDLE *handle) {
    free(handle);
}

static ENGINE_ERROR_CODE fs_allocate(ENGINE_HANDLE *handle, const void *cookie,
                                     item **item, const void *key,
                                     const size_t nkey, const size_t nbytes,
                                     const int flags, const rel_time_t exptime) {
    (void)handle;
    (void)cookie;
    struct fs_item *it = malloc(sizeof(struct fs_item));
    if (it == NULL) {
        return ENGINE_ENOMEM;
    }
    it->flags = flags;
    it->exptime = exptime;
    it->nkey = nkey;
    it->ndata = nbytes;
    it->key = malloc(nkey);
    it->data = malloc(nbytes);
    if (it->key == NULL || it->data == NULL) {
        free(it->key);
        free(it->data);
        free(it);
        return ENGINE_ENOMEM;
    }
    memcpy(it->key, key, nkey);
    *item = it;
    return ENGINE_SUCCESS;
}

static void fs_item_release(ENGINE_HANDLE *handle, const void *cookie,
                            item *item) {
    (void)handle;
    (void)cookie;
    struct fs_item *it = item;
    free(it->key);
    free(it->data);
    free(it);
}

static bool fs_get_item_info(ENGINE_HANDLE *handle, const void *cookie,
                             const item *item, item_info *item_info) {
    (void)handle;
    (void)cookie;
    const struct fs_item *it = (const struct fs_item *)item;
    if (item_info->nvalue < 1) {
        return false;
    }
    item_info->cas = 0; /* not supported */
    item_info->clsid = 0; /* not supported */
    item_info->exptime = it->exptime;
    item_info->flags = (uint32_t)it->flags;
    item_info->key = it->key;
    item_info->nkey = (uint16_t)it->nkey;
    item_info->nbytes = (uint32_t)it->ndata; /* the whole value */
    item_info->nvalue = 1; /* one fragment */
    item_info->value[0].iov_base = it->data;
    item_info->value[0].iov_len = it->ndata;
    return true;
}

static void fs_item_set_cas(ENGINE_HANDLE *handle, const void *cookie,
                            item *item, uint64_t val) {
    (void)handle;
    (void)cookie;
    (void)item;
    (void)val; /* no CAS support, as in the tutorial */
}

/* Part 3: run the task's callback on a detached thread. */
static ENGINE_ERROR_CODE execute(struct task *task) {
    pthread_attr_t attr;
    pthread_t tid;
    if (pthread_attr_init(&attr) != 0 ||
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) != 0 ||
        pthread_create(&tid, &attr, task->callback, task) != 0) {
        return ENGINE_FAILED;
    }
    pthread_attr_destroy(&attr);
    return ENGINE_EWOULDBLOCK;
}

/* A task for `cookie` that will run `callback`; NULL on ENOMEM. */
static struct task *new_task(struct fs_engine *engine, const void *cookie,
                             void *(*callback)(void *arg)) {
    struct task *task = calloc(1, sizeof(*task));
    if (task != NULL) {
        task->engine = engine;
        task->cookie = cookie;
        task->callback = callback;
    }
    return task;
}

/* Runs the task; the thread owns it from here unless it could not start. */
static ENGINE_ERROR_CODE submit(struct task *task) {
    ENGINE_ERROR_CODE ret = execute(task);
    if (ret != ENGINE_EWOULDBLOCK) {
        free(task);
    }
    return ret;
}

/* Ends a task: `it` (NULL on failure) goes to the cookie's engine-specific
 * slot before the notify, so the re-call finds it. */
static void *finish(struct task *task, ENGINE_ERROR_CODE status, void *it) {
    if (status == ENGINE_SUCCESS) {
        task->engine->sapi.cookie->store_engine_specific(task->cookie, it);
    }
    task->engine->sapi.cookie->notify_io_complete(task->cookie, status);
    free(task);
    return NULL;
}

/* The re-call after an earlier EWOULDBLOCK: the result the thread left in
 * the cookie's engine-specific slot (taken out), or NULL on a first call. */
static void *collect(struct fs_engine *engine, const void *cookie) {
    void *res = engine->sapi.cookie->get_engine_specific(cookie);
    if (res != NULL) {
        engine->sapi.cookie->store_engine_specific(cookie, NULL);
    }
    return res;
}

static void *fs_get_callback(void *arg) {
    struct task *task = arg;
    char fname[PATH_MAX];
    if (!file_name(task->engine, task->data.get.key, task->data.get.nkey,
                   fname, sizeof(fname))) {
        return finish(task, ENGINE_EINVAL, NULL);
    }
    struct stat st;
    if (stat(fname, &st) == -1) {
        return finish(task, ENGINE_KEY_ENOENT, NULL);
    }
    FILE *fp = fopen(fname, "r");
    if (fp == NULL) {
        return finish(task, ENGINE_FAILED, NULL);
    }
    /* The file holds flags, then the value. */
    int flags = 0;
    struct fs_item *it = NULL;
    const size_t ndata = (size_t)st.st_size - sizeof(flags);
    if ((size_t)st.st_size < sizeof(flags) + 2 ||
        fread(&flags, sizeof(flags), 1, fp) != 1 ||
        fs_allocate((ENGINE_HANDLE *)task->engine, task->cookie, (void **)&it,
                    task->data.get.key, task->data.get.nkey, ndata, flags,
                    0) != ENGINE_SUCCESS) {
        fclose(fp);
        return finish(task, ENGINE_FAILED, NULL);
    }
    const size_t nr = fread(it->data, 1, it->ndata, fp);
    fclose(fp);
    if (nr != it->ndata) {
        fs_item_release((ENGINE_HANDLE *)task->engine, task->cookie, it);
        return finish(task, ENGINE_FAILED, NULL);
    }
    return finish(task, ENGINE_SUCCESS, it);
}

static ENGINE_ERROR_CODE fs_get(ENGINE_HANDLE *handle, const void *cookie,
                                item **item, const void *key, const int nkey,
                                uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *engine = (struct fs_engine *)handle;
    void *res = collect(engine, cookie);
    if (res != NULL) {
        *item = res;
        return ENGINE_SUCCESS;
    }
    if (nkey <= 0 || (size_t)nkey >= PATH_MAX) {
        return ENGINE_EINVAL;
    }
    struct task *task = new_task(engine, cookie, fs_get_callback);
    if (task == NULL) {
        return ENGINE_ENOMEM;
    }
    memcpy(task->data.get.key, key, (size_t)nkey);
    task->data.get.nkey = (size_t)nkey;
    return submit(task);
}

static void *fs_store_callback(void *arg) {
    struct task *task = arg;
    struct fs_item *it = task->data.store.item;
    char fname[PATH_MAX];
    if (!file_name(task->engine, it->key, it->nkey, fname, sizeof(fname))) {
        return finish(task, ENGINE_NOT_STORED, NULL);
    }
    FILE *fp = fopen(fname, "w");
    if (fp == NULL) {
        return finish(task, ENGINE_NOT_STORED, NULL);
    }
    const bool written = fwrite(&it->flags, sizeof(it->flags), 1, fp) == 1 &&
                         fwrite(it->data, 1, it->ndata, fp) == it->ndata;
    if (fclose(fp) != 0 || !written) {
        remove(fname);
        return finish(task, ENGINE_NOT_STORED, NULL);
    }
    return finish(task, ENGINE_SUCCESS, it);
}

static ENGINE_ERROR_CODE fs_store(ENGINE_HANDLE *handle, const void *cookie,
                                  item *item, uint64_t *cas,
                                  ENGINE_STORE_OPERATION operation,
                                  uint16_t vbucket) {
    (void)vbucket;
    struct fs_engine *engine = (struct fs_engine *)handle;
    if (collect(engine, cookie) != NULL) {
        *cas = 0;
        return ENGINE_SUCCESS;
    }
    struct task *task = new_task(engine, cookie, fs_store_callback);
    if (task == NULL) {
        return ENGINE_ENOMEM;
    }
    task->data.store.item = item;
    task->data.store.operation = operation;
    return submit(task);
}

static ENGINE_ERROR_CODE fs_item_delete(ENGINE_HANDLE *handle,
                                        const void *cookie, const void *key,
                                        const size_t nkey, uint64_t cas,
                                        uint16_t vbucket) {
    (void)cookie;
    (void)cas;
    (void)vbucket;
    char fname[PATH_MAX];
    if (!file_name((struct fs_engine *)handle, key, nkey, fname, sizeof(fname))) {
        return ENGINE_EINVAL;
    }
    return remove(fname) == 0 ? ENGINE_SUCCESS : ENGINE_KEY_ENOENT;
}

static ENGINE_ERROR_CODE fs_arithmetic(ENGINE_HANDLE *handle,
                                       const void *cookie, const void *key,
                                       const int nkey, const bool increment,
                                       const bool create, const uint64_t delta,
                                       const uint64_t initial,
                                       const rel_time_t exptime, uint64_t *cas,
                                       uint64_t *result, uint16_t vbucket) {
    (void)handle, (void)cookie, (void)key, (void)nkey, (void)increment;
    (void)create, (void)delta, (void)initial, (void)exptime, (void)cas;
    (void)result, (void)vbucket;
    return ENGINE_ENOTSUP;
}

static ENGINE_ERROR_CODE fs_flush(ENGINE_HANDLE *handle, const void *cookie,
                                  time_t when) {
    (void)handle;
    (void)cookie;
    (void)when;
    return ENGINE_ENOTSUP;
}

static ENGINE_ERROR_CODE fs_get_stats(ENGINE_HANDLE *handle,
                                      const void *cookie, const char *stat_key,
                                      int nkey, ADD_STAT add_stat) {
    (void)handle;
    (void)cookie;
    (void)stat_key;
    (void)nkey;
    (void)add_stat;
    return ENGINE_SUCCESS;
}

static void fs_reset_stats(ENGINE_HANDLE *handle, const void *cookie) {
    (void)handle;
    (void)cookie;
}

static ENGINE_ERROR_CODE fs_unknown_command(ENGINE_HANDLE *handle,
                                            const void *cookie,
                                            protocol_binary_request_header *request,
                                            ADD_RESPONSE response) {
    (void)handle;
    (void)cookie;
    (void)request;
    (void)response;
    return ENGINE_ENOTSUP;
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                  GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    if (interface == 0) {
        return ENGINE_ENOTSUP;
    }
    struct fs_engine *h = calloc(1, sizeof(*h));
    if (h == NULL) {
        return ENGINE_ENOMEM;
    }
    h->engine.interface.interface = 1;
    h->engine.initialize = fs_initialize;
    h->engine.destroy = fs_destroy;
    h->engine.get_info = fs_get_info;
    h->engine.allocate = fs_allocate;
    h->engine.remove = fs_item_delete;
    h->engine.release = fs_item_release;
    h->engine.get = fs_get;
    h->engine.get_stats = fs_get_stats;
    h->engine.reset_stats = fs_reset_stats;
    h->engine.store = fs_store;
    h->engine.arithmetic = fs_arithmetic;
    h->engine.flush = fs_flush;
    h->engine.unknown_command = fs_unknown_command;
    h->engine.item_set_cas = fs_item_set_cas;
    h->engine.get_item_info = fs_get_item_info;
    h->sapi = *get_server_api();
    *handle = (ENGINE_HANDLE *)h;
    return ENGINE_SUCCESS;
}
