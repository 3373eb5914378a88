/* fs_ops.c - what each operation means (memcached semantics), made atomic
 * per key by the lock stripes. Safe to call from any thread. */
#include "fs_ops.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fs_engine.h"
#include "fs_item.h"
#include "fs_store.h"

void fs_ops_init_locks(struct fs_engine *e) {
    for (size_t i = 0; i < FS_LOCK_STRIPES; ++i) {
        FS_ASSERT(pthread_mutex_init(&e->stripes[i], NULL) == 0);
    }
}

void fs_ops_destroy_locks(struct fs_engine *e) {
    for (size_t i = 0; i < FS_LOCK_STRIPES; ++i) {
        pthread_mutex_destroy(&e->stripes[i]);
    }
}

/* FNV-1a over the bytes that pick the file's directory (fs_store.c), so
 * keys sharing a long-key subdirectory share a stripe. */
static pthread_mutex_t *stripe_of(struct fs_engine *e, const void *key,
                                  size_t nkey) {
    const unsigned char *k = key;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < fs_store_lock_prefix(nkey); ++i) {
        h = (h ^ k[i]) * 16777619u;
    }
    return &e->stripes[h % FS_LOCK_STRIPES];
}

static void lock(pthread_mutex_t *m) { FS_ASSERT(pthread_mutex_lock(m) == 0); }
static void unlock(pthread_mutex_t *m) { FS_ASSERT(pthread_mutex_unlock(m) == 0); }

/* Dead = expired, or older than a delayed flush that has taken effect. */
static bool is_dead(struct fs_engine *e, const struct fs_item *it) {
    const rel_time_t now = fs_now(e);
#ifdef ES_MUTANT_FS_EXPIRY_OFF_BY_ONE
    if (it->exptime != 0 && it->exptime < now) { /* mutant: one second late */
#else
    if (it->exptime != 0 && it->exptime <= now) {
#endif
        return true;
    }
    if (it->mtime < atomic_load(&e->flushed_before)) {
        return true;
    }
    const rel_time_t flush_at = atomic_load(&e->flush_at);
    return flush_at != 0 && now >= flush_at && it->mtime < flush_at;
}

/* Reads the key's live item (caller holds the stripe). A dead item's file is
 * removed on the way: expiry is lazy, on access. */
static fs_read_status load_live(struct fs_engine *e, const void *key,
                                size_t nkey, struct fs_item **out) {
    struct fs_item *it = NULL;
    const fs_read_status st = fs_store_read(e, key, nkey, &it);
    if (st != FS_FOUND) {
        return st;
    }
    if (is_dead(e, it)) {
        fs_item_unref(it);
        if (fs_store_unlink(e, key, nkey) == 0) {
            atomic_fetch_sub(&e->curr_items, 1);
        }
        return FS_MISSING;
    }
    *out = it;
    return FS_FOUND;
}

/* Writes `it` as the key's new version with a fresh CAS. */
static ENGINE_ERROR_CODE commit(struct fs_engine *e, const struct fs_item *it,
                                bool existed, uint64_t *cas) {
    const uint64_t new_cas = atomic_fetch_add(&e->last_cas, 1) + 1;
    if (fs_store_write(e, it, new_cas, fs_now(e)) != 0) {
        return ENGINE_FAILED;
    }
    if (!existed) {
        atomic_fetch_add(&e->curr_items, 1);
    }
    FS_STAT_INC(&e->stats, total_items);
    *cas = new_cas;
    return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE fs_op_get(struct fs_engine *e, const void *key, size_t nkey,
                            struct fs_item **out) {
    pthread_mutex_t *m = stripe_of(e, key, nkey);
    lock(m);
    const fs_read_status st = load_live(e, key, nkey, out);
    unlock(m);
    FS_STAT_INC(&e->stats, cmd_get);
    if (st == FS_FOUND) {
        FS_STAT_INC(&e->stats, get_hits);
    } else if (st == FS_MISSING) {
        FS_STAT_INC(&e->stats, get_misses);
    }
    return st == FS_FOUND ? ENGINE_SUCCESS
           : st == FS_MISSING ? ENGINE_KEY_ENOENT : ENGINE_FAILED;
}

/* APPEND/PREPEND: the first value without its "\r\n" joined with the
 * second value (with its "\r\n"); the old item's flags and exptime stay. */
static struct fs_item *concat(const struct fs_item *old,
                              const struct fs_item *it, bool append) {
    const struct fs_item *first = append ? old : it;
    const struct fs_item *second = append ? it : old;
    const size_t first_len = first->nbytes >= 2 ? first->nbytes - 2 : 0;
    struct fs_item *joined = fs_item_new(fs_item_key(it), it->nkey,
                                         first_len + second->nbytes,
                                         old->flags, old->exptime);
    if (joined == NULL) {
        return NULL;
    }
    char *v = fs_item_value(joined);
    memcpy(v, fs_item_cvalue(first), first_len);
    memcpy(v + first_len, fs_item_cvalue(second), second->nbytes);
    return joined;
}

/* Decides a store against the current item; NULL `old` = missing. */
static ENGINE_ERROR_CODE check_store(struct fs_engine *e,
                                     const struct fs_item *old,
                                     const struct fs_item *it,
                                     ENGINE_STORE_OPERATION op) {
    const bool cas_store = op == OPERATION_CAS ||
                           (op == OPERATION_SET && it->cas != 0);
    if (cas_store) {
        if (old == NULL) {
            FS_STAT_INC(&e->stats, cas_misses);
            return ENGINE_KEY_ENOENT;
        }
#ifndef ES_MUTANT_FS_CAS_IGNORES_MISMATCH /* mutant: a stale CAS is accepted */
        if (old->cas != it->cas) {
            FS_STAT_INC(&e->stats, cas_badval);
            return ENGINE_KEY_EEXISTS;
        }
#endif
        FS_STAT_INC(&e->stats, cas_hits);
        return ENGINE_SUCCESS;
    }
    switch (op) {
    case OPERATION_ADD:
#ifdef ES_MUTANT_FS_ADD_OVERWRITES
        return ENGINE_SUCCESS; /* mutant: add stores over a live item */
#endif
        return old == NULL ? ENGINE_SUCCESS : ENGINE_NOT_STORED;
    case OPERATION_SET:
        return ENGINE_SUCCESS;
    case OPERATION_REPLACE:
        return old != NULL ? ENGINE_SUCCESS : ENGINE_NOT_STORED;
    case OPERATION_APPEND:
    case OPERATION_PREPEND:
        if (old == NULL) {
            return ENGINE_NOT_STORED;
        }
        /* As memcached: a CAS given with append/prepend must match. */
        return it->cas != 0 && it->cas != old->cas ? ENGINE_KEY_EEXISTS
                                                   : ENGINE_SUCCESS;
    default:
        return ENGINE_NOT_STORED;
    }
}

/* Appends/prepends `it` to `old` and stores the result. Like memcached's
 * default engine, a joined value above item_size_max is NOT_STORED. */
static ENGINE_ERROR_CODE store_joined(struct fs_engine *e,
                                      const struct fs_item *old,
                                      const struct fs_item *it, bool append,
                                      uint64_t *cas) {
    const size_t first = append ? old->nbytes : it->nbytes;
    const size_t second = append ? it->nbytes : old->nbytes;
    if ((first >= 2 ? first - 2 : 0) + second > e->config.item_size_max) {
        return ENGINE_NOT_STORED;
    }
    struct fs_item *joined = concat(old, it, append);
    if (joined == NULL) {
        return ENGINE_ENOMEM;
    }
    const ENGINE_ERROR_CODE rc = commit(e, joined, true, cas);
    fs_item_unref(joined);
    return rc;
}

ENGINE_ERROR_CODE fs_op_store(struct fs_engine *e, const struct fs_item *it,
                              ENGINE_STORE_OPERATION op, uint64_t *cas) {
    FS_STAT_INC(&e->stats, cmd_set);
    pthread_mutex_t *m = stripe_of(e, fs_item_key(it), it->nkey);
    lock(m);
    struct fs_item *old = NULL;
    const fs_read_status st = load_live(e, fs_item_key(it), it->nkey, &old);
    ENGINE_ERROR_CODE rc = st == FS_IOERROR ? ENGINE_FAILED
                                            : check_store(e, old, it, op);
#if defined(ES_MUTANT_FS_APPEND_LOST_UPDATE)
    if (op == OPERATION_APPEND || op == OPERATION_PREPEND) {
        /* mutant: the stripe is let go between reading the old value and
         * storing the joined one; a concurrent update in between is lost */
        unlock(m);
        lock(m);
    }
#elif defined(ES_MUTANT_FS_CAS_NOT_ATOMIC)
    if (op == OPERATION_CAS || (op == OPERATION_SET && it->cas != 0)) {
        /* mutant: compare, let the stripe go, then swap: two CAS stores
         * with the same CAS can both succeed */
        unlock(m);
        lock(m);
    }
#endif
    if (rc == ENGINE_SUCCESS) {
        if (op == OPERATION_APPEND || op == OPERATION_PREPEND) {
            rc = store_joined(e, old, it, op == OPERATION_APPEND, cas);
        } else {
            rc = commit(e, it, old != NULL, cas);
        }
    }
    unlock(m);
    if (old != NULL) {
        fs_item_unref(old);
    }
    return rc;
}

ENGINE_ERROR_CODE fs_op_remove(struct fs_engine *e, const void *key,
                               size_t nkey, uint64_t cas) {
    pthread_mutex_t *m = stripe_of(e, key, nkey);
    lock(m);
    struct fs_item *old = NULL;
    const fs_read_status st = load_live(e, key, nkey, &old);
    ENGINE_ERROR_CODE rc = ENGINE_SUCCESS;
    if (st != FS_FOUND) {
        rc = st == FS_MISSING ? ENGINE_KEY_ENOENT : ENGINE_FAILED;
    } else if (cas != 0 && cas != old->cas) {
        rc = ENGINE_KEY_EEXISTS;
    } else if (fs_store_unlink(e, key, nkey) == 0) {
        atomic_fetch_sub(&e->curr_items, 1);
    } else {
        rc = ENGINE_FAILED;
    }
    unlock(m);
    if (old != NULL) {
        fs_item_unref(old);
    }
    if (rc == ENGINE_SUCCESS) {
        FS_STAT_INC(&e->stats, delete_hits);
    } else if (rc == ENGINE_KEY_ENOENT) {
        FS_STAT_INC(&e->stats, delete_misses);
    }
    return rc;
}

/* A value is a number when it is 1..20 decimal digits (then "\r\n") that
 * fit in 64 bits. */
static bool parse_number(const struct fs_item *it, uint64_t *out) {
    const char *v = fs_item_cvalue(it);
    size_t n = it->nbytes;
    if (n >= 2 && v[n - 2] == '\r' && v[n - 1] == '\n') {
        n -= 2;
    }
    if (n == 0 || n > 20) {
        return false;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) {
        if (v[i] < '0' || v[i] > '9') {
            return false;
        }
        const uint64_t d = (uint64_t)(v[i] - '0');
        if (x > (UINT64_MAX - d) / 10) {
            return false;
        }
        x = x * 10 + d;
    }
    *out = x;
    return true;
}

/* A new item holding `number` as decimal + "\r\n". */
static struct fs_item *number_item(const struct fs_arith_args *a,
                                   uint64_t number, uint32_t flags,
                                   rel_time_t exptime) {
    char text[24];
    const int n = snprintf(text, sizeof(text), "%" PRIu64 "\r\n", number);
    FS_ASSERT(n > 2 && (size_t)n < sizeof(text));
    struct fs_item *it = fs_item_new(a->key, a->nkey, (size_t)n, flags, exptime);
    if (it != NULL) {
        memcpy(fs_item_value(it), text, (size_t)n);
    }
    return it;
}

#ifdef ES_MUTANT_FS_DECR_CRASHES
/* mutant: a write through a null pointer, a real SIGSEGV in every build
 * (without UBSan's null check, whose report would end the process first). */
__attribute__((noinline, no_sanitize("undefined"))) static void
crash_write(volatile int *p) {
    *p = 1;
}
#endif

static ENGINE_ERROR_CODE arith_locked(struct fs_engine *e,
                                      const struct fs_arith_args *a,
                                      uint64_t *cas, uint64_t *result) {
    struct fs_item *old = NULL;
    const fs_read_status st = load_live(e, a->key, a->nkey, &old);
    if (st == FS_IOERROR) {
        return ENGINE_FAILED;
    }
    uint64_t value = a->initial;
    if (st == FS_MISSING && !a->create) {
        return ENGINE_KEY_ENOENT;
    }
    if (old != NULL) {
        uint64_t current;
        const bool ok = parse_number(old, &current);
        if (!ok) {
            fs_item_unref(old);
            return ENGINE_EINVAL;
        }
#ifdef ES_MUTANT_FS_DECR_CRASHES
        if (!a->increment && current < a->delta) {
            crash_write(NULL); /* mutant: decr below zero crashes */
        }
#endif
        value = a->increment ? current + a->delta /* wraps modulo 2^64 */
#ifdef ES_MUTANT_FS_DECR_WRAPS
                : current - a->delta; /* mutant: decr wraps below zero */
#else
                : current < a->delta ? 0 : current - a->delta;
#endif
    }
    struct fs_item *next = number_item(a, value, old ? old->flags : 0,
                                       old ? old->exptime : a->exptime);
    const bool existed = old != NULL;
    if (old != NULL) {
        fs_item_unref(old);
    }
    if (next == NULL) {
        return ENGINE_ENOMEM;
    }
    const ENGINE_ERROR_CODE rc = commit(e, next, existed, cas);
    fs_item_unref(next);
    if (rc == ENGINE_SUCCESS) {
        *result = value;
    }
    return rc;
}

ENGINE_ERROR_CODE fs_op_arith(struct fs_engine *e,
                              const struct fs_arith_args *a, uint64_t *cas,
                              uint64_t *result) {
    pthread_mutex_t *m = stripe_of(e, a->key, a->nkey);
    lock(m);
    const ENGINE_ERROR_CODE rc = arith_locked(e, a, cas, result);
    unlock(m);
    if (rc == ENGINE_SUCCESS || rc == ENGINE_KEY_ENOENT) {
        const bool hit = rc == ENGINE_SUCCESS;
        if (a->increment && hit) {
            FS_STAT_INC(&e->stats, incr_hits);
        } else if (a->increment) {
            FS_STAT_INC(&e->stats, incr_misses);
        } else if (hit) {
            FS_STAT_INC(&e->stats, decr_hits);
        } else {
            FS_STAT_INC(&e->stats, decr_misses);
        }
    }
    return rc;
}

#ifdef ES_MUTANT_FS_FLUSH_SKIPS_BUSY
struct busy_stripes {
    struct fs_engine *e;
    bool held[FS_LOCK_STRIPES]; /* by another thread */
};

static bool in_busy_stripe(const void *key, size_t nkey, void *ctx) {
    struct busy_stripes *b = ctx;
    return b->held[stripe_of(b->e, key, nkey) - b->e->stripes];
}
#endif

ENGINE_ERROR_CODE fs_op_flush(struct fs_engine *e, time_t when) {
    FS_STAT_INC(&e->stats, cmd_flush);
#ifdef ES_MUTANT_FS_FLUSH_IGNORES_DELAY
    when = 0; /* mutant: a delayed flush flushes now */
#endif
    if (when > 0) {
        /* Lazy: items older than flush_at die once its time has come. */
        const rel_time_t at = e->sapi.core->realtime(when);
        /* A pending flush whose time has come keeps its effect when this one
         * replaces it (memcached's lazy oldest_live would bring its items
         * back; found by the sequential property, docs/properties.md). */
        const rel_time_t due = atomic_load(&e->flush_at);
        if (due != 0 && fs_now(e) >= due && due > atomic_load(&e->flushed_before)) {
            atomic_store(&e->flushed_before, due);
        }
        atomic_store(&e->flush_at, at == 0 ? 1 : at);
        return ENGINE_SUCCESS;
    }
#ifdef ES_MUTANT_FS_FLUSH_SKIPS_BUSY
    /* mutant: like an evictor, flush skips a stripe another thread holds
     * (a store or get in progress) and leaves that stripe's items alive */
    struct busy_stripes busy = {e, {false}};
    for (size_t i = 0; i < FS_LOCK_STRIPES; ++i) {
        busy.held[i] = pthread_mutex_trylock(&e->stripes[i]) != 0;
    }
    atomic_fetch_sub(&e->curr_items, fs_store_clear_unless(e, in_busy_stripe, &busy));
    atomic_store(&e->flush_at, 0);
    for (size_t i = FS_LOCK_STRIPES; i > 0; --i) {
        if (!busy.held[i - 1]) {
            unlock(&e->stripes[i - 1]);
        }
    }
    return ENGINE_SUCCESS;
#endif
    for (size_t i = 0; i < FS_LOCK_STRIPES; ++i) {
        lock(&e->stripes[i]);
    }
    fs_store_clear(e);
    atomic_store(&e->curr_items, 0);
    /* As memcached: a flush now replaces any pending delayed flush. */
    atomic_store(&e->flush_at, 0);
    for (size_t i = FS_LOCK_STRIPES; i > 0; --i) {
        unlock(&e->stripes[i - 1]);
    }
    return ENGINE_SUCCESS;
}
