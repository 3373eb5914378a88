/* fs_store.c - the on-disk format and the key-to-file-name encoding.
 *
 * Key encoding. Keys are binary (NUL, '/', "..", anything) and up to 250
 * bytes, so they cannot be file names as they are. Each key byte becomes two
 * lowercase hex digits; a name component holds at most 125 key bytes (250
 * characters, under NAME_MAX = 255):
 *   key of 1..125 bytes:   <hex(key)>
 *   key of 126..250 bytes: <hex(key[0..125))>+/<hex(key[125..))>
 * The encoding is injective (a top-level data file never ends in '+', a
 * subdirectory always does), needs no collision handling and makes every
 * name safe. Temp files are ".tmp-<n>" in the top directory: the leading '.'
 * never appears in a data name. Only names of these shapes are ever touched,
 * so foreign files in the directory are left alone.
 *
 * File format: a fixed 32-byte header in host byte order (the files are a
 * cache of this process's server, not an interchange format), the key, then
 * the value (nbytes, including the trailing "\r\n"). Times are server
 * relative (rel_time_t), as the engine API gives them.
 *
 * Atomicity: a writer fills a temp file and renames it over the data file,
 * so a reader sees the old file or the new one, never half of one. There is
 * no fsync: crash durability is not promised, only atomic visibility. */
#include "fs_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_engine.h"
#include "fs_item.h"

#define FS_MAGIC 0x31455346u /* "FSE1" read as little-endian */
#define FS_SPLIT 125         /* key bytes per path component */
#define FS_TMP_PREFIX ".tmp-"

struct fs_file_header {
    uint32_t magic;
    uint32_t flags;
    uint32_t exptime;
    uint32_t mtime;
    uint64_t cas;
    uint32_t nbytes;
    uint16_t nkey;
    uint16_t reserved;
};
_Static_assert(sizeof(struct fs_file_header) == 32, "header layout changed");

/* A relative path: up to 251 + 1 + 250 characters and a NUL. */
struct fs_path {
    char rel[512];
    size_t sub_len; /* length of the subdirectory part, 0 for short keys */
};

static void hex_into(char *out, const unsigned char *in, size_t n) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0xf];
    }
}

static void key_path(const void *key, size_t nkey, struct fs_path *p) {
    FS_ASSERT(nkey >= 1 && nkey <= FS_KEY_MAX);
    const unsigned char *k = key;
    if (nkey <= FS_SPLIT) {
        hex_into(p->rel, k, nkey);
        p->rel[2 * nkey] = '\0';
        p->sub_len = 0;
        return;
    }
    hex_into(p->rel, k, FS_SPLIT);
    p->rel[2 * FS_SPLIT] = '+';
    p->rel[2 * FS_SPLIT + 1] = '/';
    hex_into(p->rel + 2 * FS_SPLIT + 2, k + FS_SPLIT, nkey - FS_SPLIT);
    p->rel[2 * nkey + 2] = '\0';
    p->sub_len = 2 * FS_SPLIT + 1;
}

size_t fs_store_lock_prefix(size_t nkey) {
    return nkey < FS_SPLIT ? nkey : FS_SPLIT;
}

int fs_store_open_dir(const char *path) {
    char buf[4096];
    if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    /* mkdir -p: create each missing ancestor, then the directory. */
    for (char *slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            return -1;
        }
        *slash = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
        return -1;
    }
    return open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int read_full(int fd, void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_full(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads and checks a file's header against its size. */
static bool read_header(int fd, struct fs_file_header *h) {
    struct stat st;
    if (fstat(fd, &st) != 0 || read_full(fd, h, sizeof(*h)) != 0) {
        return false;
    }
    return h->magic == FS_MAGIC && h->nkey >= 1 && h->nkey <= FS_KEY_MAX &&
           (uint64_t)st.st_size == sizeof(*h) + h->nkey + (uint64_t)h->nbytes;
}

static fs_read_status read_item(struct fs_engine *e, int fd, const void *key,
                                size_t nkey, struct fs_item **out) {
    struct fs_file_header h;
    char stored_key[FS_KEY_MAX];
    if (!read_header(fd, &h) || h.nkey != nkey ||
        read_full(fd, stored_key, nkey) != 0 ||
        memcmp(stored_key, key, nkey) != 0) {
        /* A damaged file holds nothing usable: the key counts as missing
         * and the next store replaces the file. */
        fs_log_warning(e, "fs engine: ignoring a damaged data file");
        return FS_MISSING;
    }
    struct fs_item *it = fs_item_new(key, nkey, h.nbytes, h.flags, h.exptime);
    if (it == NULL) {
        return FS_IOERROR;
    }
    if (read_full(fd, fs_item_value(it), h.nbytes) != 0) {
        fs_item_unref(it);
        return FS_IOERROR;
    }
    it->cas = h.cas;
    it->mtime = h.mtime;
    *out = it;
    return FS_FOUND;
}

fs_read_status fs_store_read(struct fs_engine *e, const void *key,
                             size_t nkey, struct fs_item **out) {
    struct fs_path p;
    key_path(key, nkey, &p);
    const int fd = openat(e->dir_fd, p.rel, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return FS_MISSING;
        }
        fs_log_warning(e, "fs engine: cannot open %s in %s: %s", p.rel,
                       e->config.dir, strerror(errno));
        return FS_IOERROR;
    }
    const fs_read_status st = read_item(e, fd, key, nkey, out);
    close(fd);
    return st;
}

/* Creates a fresh temp file; its name is left in `name`. */
static int open_temp(struct fs_engine *e, char *name, size_t name_len) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const uint64_t seq = atomic_fetch_add(&e->tmp_seq, 1);
        snprintf(name, name_len, FS_TMP_PREFIX "%" PRIu64, seq);
        const int fd = openat(e->dir_fd, name,
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    errno = EEXIST;
    return -1;
}

static int fill_temp(int fd, const struct fs_item *it, uint64_t cas,
                     rel_time_t mtime) {
    const struct fs_file_header h = {
        .magic = FS_MAGIC, .flags = it->flags, .exptime = it->exptime,
        .mtime = mtime, .cas = cas, .nbytes = it->nbytes, .nkey = it->nkey,
    };
    if (write_full(fd, &h, sizeof(h)) != 0 ||
        write_full(fd, it->data, (size_t)it->nkey + it->nbytes) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

int fs_store_write(struct fs_engine *e, const struct fs_item *it,
                   uint64_t cas, rel_time_t mtime) {
    struct fs_path p;
    key_path(fs_item_key(it), it->nkey, &p);
    char tmp[64];
    const int fd = open_temp(e, tmp, sizeof(tmp));
    if (fd < 0) {
        fs_log_warning(e, "fs engine: cannot create a temp file in %s: %s",
                       e->config.dir, strerror(errno));
        return -1;
    }
    if (fill_temp(fd, it, cas, mtime) != 0) {
        goto failed;
    }
    if (p.sub_len > 0) {
        p.rel[p.sub_len] = '\0';
        const int rc = mkdirat(e->dir_fd, p.rel, 0755);
        p.rel[p.sub_len] = '/';
        if (rc != 0 && errno != EEXIST) {
            goto failed;
        }
    }
    if (renameat(e->dir_fd, tmp, e->dir_fd, p.rel) != 0) {
        goto failed;
    }
    return 0;
failed:
    fs_log_warning(e, "fs engine: cannot write %s in %s: %s", p.rel,
                   e->config.dir, strerror(errno));
    unlinkat(e->dir_fd, tmp, 0);
    return -1;
}

int fs_store_unlink(struct fs_engine *e, const void *key, size_t nkey) {
    struct fs_path p;
    key_path(key, nkey, &p);
    if (unlinkat(e->dir_fd, p.rel, 0) != 0) {
        return -1;
    }
    if (p.sub_len > 0) {
        /* Safe without racing a writer: every key in this subdirectory
         * shares our lock stripe. Fails harmlessly when not empty. */
        p.rel[p.sub_len] = '\0';
        unlinkat(e->dir_fd, p.rel, AT_REMOVEDIR);
    }
    return 0;
}

static bool is_hex_name(const char *name, size_t max_len) {
    size_t n = 0;
    for (; name[n] != '\0'; ++n) {
        const char c = name[n];
        if (n >= max_len || !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return n > 0 && n % 2 == 0;
}

static bool is_subdir_name(const char *name) {
    const size_t n = strlen(name);
    if (n != 2 * FS_SPLIT + 1 || name[n - 1] != '+') {
        return false;
    }
    char copy[2 * FS_SPLIT + 1];
    memcpy(copy, name, n - 1);
    copy[n - 1] = '\0';
    return is_hex_name(copy, 2 * FS_SPLIT);
}

typedef void (*fs_file_visitor)(int dir_fd, const char *name, void *ctx);

/* Calls `visit` for every data file in `dir_fd` (a directory of ours). */
static void visit_files(int dir_fd, fs_file_visitor visit, void *ctx) {
    const int fd = dup(dir_fd);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (d == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    rewinddir(d);
    for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
        if (is_hex_name(ent->d_name, 2 * FS_SPLIT)) {
            visit(dir_fd, ent->d_name, ctx);
        }
    }
    closedir(d);
}

/* Visits the top-level files and those in long-key subdirectories; removes
 * subdirectories left empty and, if `drop_temps`, stale temp files. */
static void walk(struct fs_engine *e, fs_file_visitor visit, void *ctx,
                 bool drop_temps) {
    visit_files(e->dir_fd, visit, ctx);
    const int fd = dup(e->dir_fd);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (d == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        fs_log_warning(e, "fs engine: cannot list %s", e->config.dir);
        return;
    }
    rewinddir(d);
    for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
        if (drop_temps && strncmp(ent->d_name, FS_TMP_PREFIX,
                                  strlen(FS_TMP_PREFIX)) == 0) {
            unlinkat(e->dir_fd, ent->d_name, 0);
        } else if (is_subdir_name(ent->d_name)) {
            const int sub = openat(e->dir_fd, ent->d_name,
                                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub >= 0) {
                visit_files(sub, visit, ctx);
                close(sub);
            }
            unlinkat(e->dir_fd, ent->d_name, AT_REMOVEDIR);
        }
    }
    closedir(d);
}

static void unlink_visitor(int dir_fd, const char *name, void *ctx) {
    (void)ctx;
    unlinkat(dir_fd, name, 0);
}

void fs_store_clear(struct fs_engine *e) {
    /* Temp files are only alive while a writer holds a stripe, and the
     * flush holds them all: none is in flight, so dropping them is safe. */
    walk(e, unlink_visitor, NULL, true);
}

#ifdef ES_MUTANT_FS_FLUSH_SKIPS_BUSY
struct clear_unless_state {
    fs_key_filter keep;
    void *ctx;
    int64_t removed;
};

static void clear_unless_visitor(int dir_fd, const char *name, void *ctx) {
    struct clear_unless_state *s = ctx;
    const int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    struct fs_file_header h;
    unsigned char key[FS_KEY_MAX];
    if (fd < 0) {
        return;
    }
    const bool ok = read_header(fd, &h) && h.nkey >= 1 && h.nkey <= FS_KEY_MAX &&
                    read(fd, key, h.nkey) == (ssize_t)h.nkey;
    close(fd);
    if (ok && !s->keep(key, h.nkey, s->ctx) && unlinkat(dir_fd, name, 0) == 0) {
        ++s->removed;
    }
}

int64_t fs_store_clear_unless(struct fs_engine *e, fs_key_filter keep, void *ctx) {
    struct clear_unless_state s = {keep, ctx, 0};
    walk(e, clear_unless_visitor, &s, false);
    return s.removed;
}
#endif

struct scan_state {
    int64_t count;
    uint64_t max_cas;
};

static void scan_visitor(int dir_fd, const char *name, void *ctx) {
    struct scan_state *s = ctx;
    const int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    struct fs_file_header h;
    if (fd < 0) {
        return;
    }
    if (read_header(fd, &h)) {
        ++s->count;
        s->max_cas = h.cas > s->max_cas ? h.cas : s->max_cas;
    }
    close(fd);
}

void fs_store_scan(struct fs_engine *e, int64_t *count, uint64_t *max_cas) {
    struct scan_state s = {0, 0};
    walk(e, scan_visitor, &s, true);
    *count = s.count;
    *max_cas = s.max_cas;
}
