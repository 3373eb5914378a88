/* fs_config.h - the fs engine's configuration string, parsed. */
#ifndef ENGINESIM_FS_CONFIG_H
#define ENGINESIM_FS_CONFIG_H

#include <stddef.h>

#include "memcached/server_api.h"

typedef enum { FS_MODE_SYNC, FS_MODE_ASYNC, FS_MODE_POOL } fs_mode;

struct fs_config {
    char *dir;            /* malloc'ed; where every key lives */
    fs_mode mode;
    size_t threads;       /* pool size (mode=pool) */
    size_t item_size_max; /* largest nbytes allocate accepts */
};

#define FS_DEFAULT_THREADS 4
#define FS_MAX_THREADS 256
#define FS_DEFAULT_ITEM_SIZE_MAX ((size_t)1024 * 1024 + 2)

/* Parses `dir=PATH;mode=sync|async|pool;threads=N;item_size_max=BYTES`.
 * On failure returns false and writes the reason (one line) to `why`. */
bool fs_config_parse(SERVER_HANDLE_V1 *sapi, const char *text,
                     struct fs_config *out, char *why, size_t why_len);
void fs_config_free(struct fs_config *config);
const char *fs_mode_name(fs_mode mode);

#endif
