/* fs_engine.c - the fs engine's life: create_instance, initialize, destroy,
 * get_info, and the helpers every file shares (logging, time, asserts). */
#include "fs_engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_ops.h"
#include "fs_store.h"

_Noreturn void fs_assert_failed(const char *expr, const char *file, int line) {
    fprintf(stderr, "fs engine: invariant broken: %s (%s:%d)\n", expr, file,
            line);
    abort();
}

void fs_log_warning(struct fs_engine *e, const char *fmt, ...) {
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    EXTENSION_LOGGER_DESCRIPTOR *logger = e->sapi.log->get_logger();
    if (logger != NULL) {
        logger->log(EXTENSION_LOG_WARNING, NULL, "%s", text);
    }
}

rel_time_t fs_now(struct fs_engine *e) {
    return e->sapi.core->get_current_time();
}

static const engine_info *fs_get_info(ENGINE_HANDLE *handle) {
    return &fs_engine_of(handle)->info;
}

static void set_description(struct fs_engine *e) {
    snprintf(e->description, sizeof(e->description),
             "enginesim fs engine (mode=%s)", fs_mode_name(e->config.mode));
}

/* Opens the directory and learns what a previous run left in it. */
static bool open_storage(struct fs_engine *e) {
    e->dir_fd = fs_store_open_dir(e->config.dir);
    if (e->dir_fd < 0) {
        fs_log_warning(e, "fs engine: cannot use directory %s: %s",
                       e->config.dir, strerror(errno));
        return false;
    }
    if (faccessat(e->dir_fd, ".", W_OK | X_OK, 0) != 0) {
        fs_log_warning(e, "fs engine: directory %s is not writable: %s",
                       e->config.dir, strerror(errno));
        return false;
    }
    int64_t count = 0;
    uint64_t max_cas = 0;
    fs_store_scan(e, &count, &max_cas);
    atomic_store(&e->curr_items, count);
    atomic_store(&e->last_cas, max_cas);
    return true;
}

static ENGINE_ERROR_CODE fs_initialize(ENGINE_HANDLE *handle,
                                       const char *config_str) {
    struct fs_engine *e = fs_engine_of(handle);
    if (e->initialized) {
        fs_log_warning(e, "fs engine: initialize called twice");
        return ENGINE_FAILED;
    }
    /* A failed earlier initialize may have left these behind. */
    fs_config_free(&e->config);
    if (e->dir_fd >= 0) {
        close(e->dir_fd);
        e->dir_fd = -1;
    }
    char why[512];
    if (!fs_config_parse(&e->sapi, config_str, &e->config, why, sizeof(why))) {
        fs_log_warning(e, "fs engine: %s", why);
        return ENGINE_EINVAL;
    }
    set_description(e);
    if (!open_storage(e)) {
        return ENGINE_FAILED;
    }
    if (!fs_async_start(e)) {
        fs_async_stop(e);
        return ENGINE_FAILED;
    }
    e->initialized = true;
    return ENGINE_SUCCESS;
}

static void fs_destroy(ENGINE_HANDLE *handle) {
    struct fs_engine *e = fs_engine_of(handle);
    fs_async_stop(e); /* first: no engine thread may outlive destroy */
    fs_async_fini(&e->async);
    fs_ops_destroy_locks(e);
    if (e->dir_fd >= 0) {
        close(e->dir_fd);
    }
    fs_config_free(&e->config);
    free(e);
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                  GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    if (interface != ENGINE_INTERFACE_VERSION || get_server_api == NULL ||
        handle == NULL) {
        return ENGINE_ENOTSUP;
    }
    SERVER_HANDLE_V1 *sapi = get_server_api();
    if (sapi == NULL) {
        return ENGINE_ENOTSUP;
    }
    struct fs_engine *e = calloc(1, sizeof(*e));
    if (e == NULL) {
        return ENGINE_ENOMEM;
    }
    e->sapi = *sapi;
    e->dir_fd = -1;
    e->config.mode = FS_MODE_SYNC;
    set_description(e);
    e->info.description = e->description;
    e->info.num_features = 1;
    e->info.features[0].feature = ENGINE_FEATURE_CAS;
    e->info.features[0].description = NULL;
    fs_ops_init_locks(e);
    fs_async_init(&e->async);

    e->v1.interface.interface = 1;
    e->v1.get_info = fs_get_info;
    e->v1.initialize = fs_initialize;
    e->v1.destroy = fs_destroy;
    fs_api_install(&e->v1);
    *handle = (ENGINE_HANDLE *)e;
    return ENGINE_SUCCESS;
}
