/* fs_config.c - parses the configuration string with the server's
 * parse_config and checks every value. */
#include "fs_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* parse_config explains failures on a FILE; collect that text for the log. */
static int parse_with_errors(SERVER_HANDLE_V1 *sapi, const char *text,
                             struct config_item *items, char *why,
                             size_t why_len) {
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    const int rc = sapi->core->parse_config(text, items, err);
    if (err != NULL) {
        fclose(err);
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
            buf[--len] = '\0';
        }
        snprintf(why, why_len, "%s", len > 0 ? buf : "(no detail)");
        free(buf);
    } else {
        snprintf(why, why_len, "(no detail)");
    }
    return rc;
}

static bool parse_mode(const char *name, fs_mode *mode) {
    if (strcmp(name, "sync") == 0) {
        *mode = FS_MODE_SYNC;
    } else if (strcmp(name, "async") == 0) {
        *mode = FS_MODE_ASYNC;
    } else if (strcmp(name, "pool") == 0) {
        *mode = FS_MODE_POOL;
    } else {
        return false;
    }
    return true;
}

static bool check_values(struct fs_config *out, const char *mode, char *why,
                         size_t why_len) {
    if (out->dir == NULL || out->dir[0] == '\0') {
        snprintf(why, why_len, "no data directory: add dir=PATH to the "
                               "configuration");
        return false;
    }
    if (mode != NULL && !parse_mode(mode, &out->mode)) {
        snprintf(why, why_len, "mode=%s is not one of sync, async, pool", mode);
        return false;
    }
    if (out->threads < 1 || out->threads > FS_MAX_THREADS) {
        snprintf(why, why_len, "threads=%zu is outside 1..%d", out->threads,
                 FS_MAX_THREADS);
        return false;
    }
    if (out->item_size_max < 2 || out->item_size_max > ((size_t)1 << 30)) {
        snprintf(why, why_len, "item_size_max=%zu is outside 2..1073741824",
                 out->item_size_max);
        return false;
    }
    return true;
}

bool fs_config_parse(SERVER_HANDLE_V1 *sapi, const char *text,
                     struct fs_config *out, char *why, size_t why_len) {
    char *dir = NULL;
    char *mode = NULL;
    out->dir = NULL;
    out->mode = FS_MODE_SYNC;
    out->threads = FS_DEFAULT_THREADS;
    out->item_size_max = FS_DEFAULT_ITEM_SIZE_MAX;
    struct config_item items[] = {
        {.key = "dir", .datatype = DT_STRING, .value.dt_string = &dir},
        {.key = "mode", .datatype = DT_STRING, .value.dt_string = &mode},
        {.key = "threads", .datatype = DT_SIZE, .value.dt_size = &out->threads},
        {.key = "item_size_max", .datatype = DT_SIZE,
         .value.dt_size = &out->item_size_max},
        {.key = NULL},
    };
    bool ok = true;
    if (text != NULL) {
        char detail[256];
        const int rc = parse_with_errors(sapi, text, items, detail,
                                         sizeof(detail));
        if (rc != 0) {
            snprintf(why, why_len, "bad configuration \"%s\": %s", text,
                     detail);
            ok = false;
        }
    }
    out->dir = dir;
    ok = ok && check_values(out, mode, why, why_len);
    free(mode);
    if (!ok) {
        fs_config_free(out);
    }
    return ok;
}

void fs_config_free(struct fs_config *config) {
    free(config->dir);
    config->dir = NULL;
}

const char *fs_mode_name(fs_mode mode) {
    switch (mode) {
    case FS_MODE_SYNC: return "sync";
    case FS_MODE_ASYNC: return "async";
    case FS_MODE_POOL: return "pool";
    }
    return "?";
}
