/* conformance_broken.c - a minimal engine that stores nothing, crashes in
 * arithmetic and hangs in flush, so that the conformance runner's DIED and
 * TIMEOUT verdicts and its survival of both can be tested; it refuses
 * unknown commands with ENGINE_FAILED (a strict finding: WARN), and answers
 * aggregate_stats ENGINE_FAILED (ignored by memcached: no finding).
 *
 * Items are plain heap blocks owned by whoever allocated them: store accepts
 * and forgets them, get always misses, release frees.
 *
 * The config word "forget_exptime" makes get_item_info report exptime 0
 * whatever allocate was given. Built with CB_TAP (conformance_broken_tap.so)
 * it fills get_tap_iterator (an iterator with nothing to ship), so that the
 * core reads the exptime (ship_tap_log), and tap_notify, which answers every
 * packet ENGINE_ENOTSUP (memcached acks it; only DISCONNECT closes). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memcached/engine.h"

struct cb_item {
    item_info info; /* what get_item_info reports */
    char data[];    /* key, then nbytes of value */
};

struct cb_engine {
    ENGINE_HANDLE_V1 v1;
    uint64_t next_cas;
    bool forget_exptime;
};

static const engine_info *cb_get_info(ENGINE_HANDLE *h) {
    static engine_info info = {"conformance test engine: crashes in arithmetic, hangs in flush",
                               0, {{0, NULL}}};
    (void)h;
    return &info;
}

#ifdef CB_TAP
static tap_event_t cb_tap_nothing(ENGINE_HANDLE *h, const void *c, item **it, void **es,
                                  uint16_t *nes, uint8_t *ttl, uint16_t *fl, uint32_t *seq,
                                  uint16_t *vb) {
    (void)h; (void)c; (void)it; (void)es; (void)nes; (void)ttl; (void)fl; (void)seq; (void)vb;
    return TAP_DISCONNECT;
}

static TAP_ITERATOR cb_get_tap_iterator(ENGINE_HANDLE *h, const void *c, const void *client,
                                        size_t nclient, uint32_t flags, const void *userdata,
                                        size_t nuserdata) {
    (void)h; (void)c; (void)client; (void)nclient; (void)flags; (void)userdata; (void)nuserdata;
    return cb_tap_nothing;
}

static ENGINE_ERROR_CODE cb_tap_notify(ENGINE_HANDLE *h, const void *c, void *es, uint16_t nes,
                                       uint8_t ttl, uint16_t tfl, tap_event_t ev, uint32_t seq,
                                       const void *k, size_t nk, uint32_t fl, uint32_t exp,
                                       uint64_t cas, const void *d, size_t nd, uint16_t vb) {
    (void)h; (void)c; (void)es; (void)nes; (void)ttl; (void)tfl; (void)ev; (void)seq;
    (void)k; (void)nk; (void)fl; (void)exp; (void)cas; (void)d; (void)nd; (void)vb;
    return ENGINE_ENOTSUP;
}
#endif

static ENGINE_ERROR_CODE cb_initialize(ENGINE_HANDLE *h, const char *config) {
    struct cb_engine *e = (struct cb_engine *)h;
    if (config != NULL && strstr(config, "forget_exptime") != NULL) e->forget_exptime = true;
    return ENGINE_SUCCESS;
}

static void cb_destroy(ENGINE_HANDLE *h) { free(h); }

static ENGINE_ERROR_CODE cb_allocate(ENGINE_HANDLE *h, const void *c, item **it,
                                     const void *key, const size_t nkey, const size_t nbytes,
                                     const int flags, const rel_time_t exptime) {
    (void)c;
    if (nkey == 0 || nkey > 250) return ENGINE_EINVAL;
    if (nbytes > 1024 * 1024 + 2) return ENGINE_E2BIG;
    struct cb_item *i = calloc(1, sizeof(*i) + nkey + nbytes);
    if (i == NULL) return ENGINE_ENOMEM;
    memcpy(i->data, key, nkey);
    i->info.key = i->data;
    i->info.nkey = (uint16_t)nkey;
    i->info.nbytes = (uint32_t)nbytes;
    i->info.flags = (uint32_t)flags;
    i->info.exptime = ((struct cb_engine *)h)->forget_exptime ? 0 : exptime;
    i->info.nvalue = 1;
    i->info.value[0].iov_base = i->data + nkey;
    i->info.value[0].iov_len = nbytes;
    *it = i;
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE cb_remove(ENGINE_HANDLE *h, const void *c, const void *k,
                                   const size_t nk, uint64_t cas, uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)cas; (void)vb;
    return ENGINE_KEY_ENOENT;
}

static void cb_release(ENGINE_HANDLE *h, const void *c, item *it) {
    (void)h;
    (void)c;
    free(it);
}

static ENGINE_ERROR_CODE cb_get(ENGINE_HANDLE *h, const void *c, item **it, const void *k,
                                const int nk, uint16_t vb) {
    (void)h; (void)c; (void)it; (void)k; (void)nk; (void)vb;
    return ENGINE_KEY_ENOENT;
}

static ENGINE_ERROR_CODE cb_store(ENGINE_HANDLE *h, const void *c, item *it, uint64_t *cas,
                                  ENGINE_STORE_OPERATION op, uint16_t vb) {
    (void)c; (void)it; (void)op; (void)vb;
    *cas = ++((struct cb_engine *)h)->next_cas;
    return ENGINE_SUCCESS;
}

/* The crash: the signal itself (a NULL store would be reported by UBSan first). */
static ENGINE_ERROR_CODE cb_arithmetic(ENGINE_HANDLE *h, const void *c, const void *k,
                                       const int nk, const bool inc, const bool cr,
                                       const uint64_t d, const uint64_t init,
                                       const rel_time_t e, uint64_t *cas, uint64_t *res,
                                       uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)inc; (void)cr; (void)d; (void)init;
    (void)e; (void)cas; (void)res; (void)vb;
    raise(SIGSEGV);
    return ENGINE_FAILED;
}

/* The hang: never returns; the runner's time limit must end it. */
static ENGINE_ERROR_CODE cb_flush(ENGINE_HANDLE *h, const void *c, time_t when) {
    (void)h; (void)c; (void)when;
    for (;;) pause();
    return ENGINE_FAILED;
}

static ENGINE_ERROR_CODE cb_get_stats(ENGINE_HANDLE *h, const void *c, const char *key,
                                      int nkey, ADD_STAT add_stat) {
    (void)h; (void)key; (void)nkey;
    add_stat("curr_items", 10, "0", 1, c);
    return ENGINE_SUCCESS;
}

static void cb_reset_stats(ENGINE_HANDLE *h, const void *c) { (void)h; (void)c; }

/* Calls back once and answers ENGINE_FAILED, which memcached ignores
 * (server_stats never looks at the status). */
static ENGINE_ERROR_CODE cb_aggregate_stats(ENGINE_HANDLE *h, const void *c,
                                            void (*callback)(void *, void *), void *data) {
    (void)h; (void)c;
    callback(NULL, data);
    return ENGINE_FAILED;
}

/* Refuses every opcode with ENGINE_FAILED instead of ENGINE_ENOTSUP: the 2010
 * core closes the connection (memcached.c@82fb476 process_bin_unknown_packet),
 * which it copes with: a strict finding, not a failure. */
static ENGINE_ERROR_CODE cb_unknown_command(ENGINE_HANDLE *h, const void *c,
                                            protocol_binary_request_header *request,
                                            ADD_RESPONSE response) {
    (void)h; (void)c; (void)request; (void)response;
    return ENGINE_FAILED;
}

static void cb_item_set_cas(ENGINE_HANDLE *h, const void *c, item *it, uint64_t cas) {
    (void)h;
    (void)c;
    ((struct cb_item *)it)->info.cas = cas;
}

static bool cb_get_item_info(ENGINE_HANDLE *h, const void *c, const item *it, item_info *out) {
    (void)h;
    (void)c;
    if (out->nvalue < 1) return false;
    *out = ((const struct cb_item *)it)->info;
    return true;
}

MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    (void)get_server_api;
    if (interface != 1) return ENGINE_ENOTSUP;
    struct cb_engine *e = calloc(1, sizeof(*e));
    if (e == NULL) return ENGINE_ENOMEM;
    e->v1.interface.interface = 1;
    e->v1.get_info = cb_get_info;
    e->v1.initialize = cb_initialize;
    e->v1.destroy = cb_destroy;
    e->v1.allocate = cb_allocate;
    e->v1.remove = cb_remove;
    e->v1.release = cb_release;
    e->v1.get = cb_get;
    e->v1.store = cb_store;
    e->v1.arithmetic = cb_arithmetic;
    e->v1.flush = cb_flush;
    e->v1.get_stats = cb_get_stats;
    e->v1.reset_stats = cb_reset_stats;
    e->v1.aggregate_stats = cb_aggregate_stats;
    e->v1.unknown_command = cb_unknown_command;
    e->v1.item_set_cas = cb_item_set_cas;
    e->v1.get_item_info = cb_get_item_info;
#ifdef CB_TAP
    e->v1.get_tap_iterator = cb_get_tap_iterator;
    e->v1.tap_notify = cb_tap_notify;
#endif
    *handle = (ENGINE_HANDLE *)e;
    return ENGINE_SUCCESS;
}
