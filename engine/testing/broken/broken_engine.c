/* broken_engine.c - one tiny engine, compiled once per defect (BROKEN_<kind>),
 * to prove the loader names every way an engine can fail to load. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcached/engine.h"

#ifdef BROKEN_UNDEFINED_SYMBOL
/* Never defined anywhere: dlopen(RTLD_NOW) must fail and say so. */
extern int enginesim_symbol_nobody_defines(void);
#endif

static SERVER_HANDLE_V1 *sapi;

static const engine_info *b_get_info(ENGINE_HANDLE *h) {
    static engine_info info = {"broken test engine", 0, {{0, NULL}}};
    (void)h;
#ifdef BROKEN_CRASH_IN_GET_INFO
    /* The signal itself, not a NULL store: UBSan would report that first. */
    raise(SIGSEGV);
#endif
    return &info;
}
#ifdef BROKEN_OK
static void b_on_disconnect(const void *cookie, ENGINE_EVENT_TYPE type,
                            const void *event_data, const void *cb_data) {
    (void)cookie; (void)type; (void)event_data; (void)cb_data;
}
#endif
static ENGINE_ERROR_CODE b_initialize(ENGINE_HANDLE *h, const char *config) {
    (void)h;
#ifdef BROKEN_INIT_STDERR
    /* As many engines do: the complaint goes to stderr, not the logger. */
    fprintf(stderr, "broken_init_stderr: unknown key in config \"%s\"\n", config);
    return ENGINE_EINVAL;
#endif
#ifdef BROKEN_INIT_FAILS
    sapi->log->get_logger()->log(EXTENSION_LOG_WARNING, NULL,
                                 "cannot open the database named in \"%s\"", config);
    return ENGINE_EINVAL;
#else
    (void)config;
#ifdef BROKEN_OK
    /* Callbacks whose code goes away with the module (there is no
     * unregister in the v1 API): the core forgets the one registered under
     * this engine's handle when the engine is destroyed, and must not call
     * the other (registered under no engine) once the module is unloaded. */
    sapi->callback->register_callback(h, ON_DISCONNECT, b_on_disconnect, NULL);
    sapi->callback->register_callback(NULL, ON_DISCONNECT, b_on_disconnect, NULL);
#endif
    return ENGINE_SUCCESS;
#endif
}
static void b_destroy(ENGINE_HANDLE *h) { free(h); }
static ENGINE_ERROR_CODE b_allocate(ENGINE_HANDLE *h, const void *c, item **it, const void *k,
                                    const size_t nk, const size_t nb, const int f,
                                    const rel_time_t e) {
    (void)h; (void)c; (void)it; (void)k; (void)nk; (void)nb; (void)f; (void)e;
#ifdef BROKEN_STDERR
    fprintf(stderr, "broken_stderr: allocate of %zu bytes refused\n", nb);
#endif
    return ENGINE_ENOMEM;
}
static ENGINE_ERROR_CODE b_remove(ENGINE_HANDLE *h, const void *c, const void *k,
                                  const size_t nk, uint64_t cas, uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)cas; (void)vb;
    return ENGINE_KEY_ENOENT;
}
static void b_release(ENGINE_HANDLE *h, const void *c, item *it) { (void)h; (void)c; (void)it; }
static ENGINE_ERROR_CODE b_get(ENGINE_HANDLE *h, const void *c, item **it, const void *k,
                               const int nk, uint16_t vb) {
    (void)h; (void)c; (void)it; (void)k; (void)nk; (void)vb;
    return ENGINE_KEY_ENOENT;
}
static ENGINE_ERROR_CODE b_store(ENGINE_HANDLE *h, const void *c, item *it, uint64_t *cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vb) {
    (void)h; (void)c; (void)it; (void)cas; (void)op; (void)vb;
    return ENGINE_NOT_STORED;
}
static ENGINE_ERROR_CODE b_arithmetic(ENGINE_HANDLE *h, const void *c, const void *k,
                                      const int nk, const bool inc, const bool cr,
                                      const uint64_t d, const uint64_t i, const rel_time_t e,
                                      uint64_t *cas, uint64_t *r, uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)inc; (void)cr; (void)d; (void)i; (void)e;
    (void)cas; (void)r; (void)vb;
    return ENGINE_KEY_ENOENT;
}
static ENGINE_ERROR_CODE b_flush(ENGINE_HANDLE *h, const void *c, time_t when) {
    (void)h; (void)c; (void)when;
    return ENGINE_SUCCESS;
}
static ENGINE_ERROR_CODE b_get_stats(ENGINE_HANDLE *h, const void *c, const char *k, int nk,
                                     ADD_STAT add) {
    (void)h; (void)c; (void)k; (void)nk; (void)add;
    return ENGINE_SUCCESS;
}
static void b_reset_stats(ENGINE_HANDLE *h, const void *c) { (void)h; (void)c; }
static void b_item_set_cas(ENGINE_HANDLE *h, const void *c, item *it, uint64_t cas) {
    (void)h; (void)c; (void)it; (void)cas;
}
static bool b_get_item_info(ENGINE_HANDLE *h, const void *c, const item *it, item_info *ii) {
    (void)h; (void)c; (void)it; (void)ii;
    return false;
}

static ENGINE_ERROR_CODE make_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                       ENGINE_HANDLE **handle) {
#ifdef BROKEN_LOWER_INTERFACE
    /* Legal, not broken: engine.h lets an engine asked for a higher level
     * answer with a lower one; it hands out a V1 handle for any level >= 1. */
    if (interface < 1) return ENGINE_ENOTSUP;
#else
    if (interface != 1) return ENGINE_ENOTSUP;
#endif
    sapi = get_server_api();
#ifdef BROKEN_UNDEFINED_SYMBOL
    if (enginesim_symbol_nobody_defines()) return ENGINE_FAILED;
#endif
#ifdef BROKEN_CREATE_FAILS
    return ENGINE_ENOMEM;
#endif
#ifdef BROKEN_NULL_HANDLE
    return ENGINE_SUCCESS;
#endif
#ifdef BROKEN_WRONG_INTERFACE
    /* Static: the core cannot call destroy on a handle of another interface,
     * so a heap handle would leak by design. */
    static ENGINE_HANDLE_V1 wrong;
    ENGINE_HANDLE_V1 *h = &wrong;
    h->interface.interface = 2;
#else
    ENGINE_HANDLE_V1 *h = calloc(1, sizeof(*h));
    if (h == NULL) return ENGINE_ENOMEM;
    h->interface.interface = 1;
#endif
    h->get_info = b_get_info;
    h->initialize = b_initialize;
    h->destroy = b_destroy;
    h->allocate = b_allocate;
    h->remove = b_remove;
    h->release = b_release;
    h->get = b_get;
    h->store = b_store;
    h->arithmetic = b_arithmetic;
    h->flush = b_flush;
    h->get_stats = b_get_stats;
    h->reset_stats = b_reset_stats;
    h->item_set_cas = b_item_set_cas;
    h->get_item_info = b_get_item_info;
#ifdef BROKEN_NULL_SLOT
    h->get_item_info = NULL;
#endif
    *handle = (ENGINE_HANDLE *)h;
    return ENGINE_SUCCESS;
}
#ifndef BROKEN_NO_CREATE_INSTANCE
MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instance(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    return make_instance(interface, get_server_api, handle);
}
#else
/* Exports something with a near-miss name, just not create_instance. */
MEMCACHED_PUBLIC_API
ENGINE_ERROR_CODE create_instanse(uint64_t interface, GET_SERVER_API get_server_api,
                                  ENGINE_HANDLE **handle) {
    return make_instance(interface, get_server_api, handle);
}
#endif
