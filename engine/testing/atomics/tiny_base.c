/* tiny_base.c - the engine calls the atomics proof engines share. */
#include "tiny_base.h"

#include <string.h>

/* Written once by create_instance, before any other thread runs. */
static engine_info info = {"atomics proof engine", 0, {{0, NULL}}};

int tiny_find(tiny_engine *e, const void *key, size_t nkey, int *found) {
    int free_slot = -1;
    for (int i = 0; i < TINY_SLOTS; ++i) {
        tiny_item *it = e->slots[i];
        if (it == NULL) {
            if (free_slot < 0) free_slot = i;
        } else if (it->nkey == nkey && memcmp(it->data, key, nkey) == 0) {
            *found = 1;
            return i;
        }
    }
    *found = 0;
    return free_slot;
}

void tiny_configure(tiny_engine *e, const char *config) {
    e->fixed = config != NULL && strstr(config, "fixed") != NULL;
}

static const engine_info *t_get_info(ENGINE_HANDLE *h) {
    (void)h;
    return &info;
}

static ENGINE_ERROR_CODE t_arithmetic(ENGINE_HANDLE *h, const void *c, const void *k,
                                      const int nk, const bool inc, const bool cr,
                                      const uint64_t d, const uint64_t i, const rel_time_t e,
                                      uint64_t *cas, uint64_t *r, uint16_t vb) {
    (void)h; (void)c; (void)k; (void)nk; (void)inc; (void)cr; (void)d; (void)i; (void)e;
    (void)cas; (void)r; (void)vb;
    return ENGINE_KEY_ENOENT; /* no counters here */
}

static ENGINE_ERROR_CODE t_flush(ENGINE_HANDLE *h, const void *c, time_t when) {
    (void)h; (void)c; (void)when;
    return ENGINE_SUCCESS;
}

static ENGINE_ERROR_CODE t_get_stats(ENGINE_HANDLE *h, const void *c, const char *k, int nk,
                                     ADD_STAT add) {
    (void)h; (void)c; (void)k; (void)nk; (void)add;
    return ENGINE_SUCCESS;
}

static void t_reset_stats(ENGINE_HANDLE *h, const void *c) { (void)h; (void)c; }

static void t_item_set_cas(ENGINE_HANDLE *h, const void *c, item *it, uint64_t cas) {
    (void)h; (void)c;
    ((tiny_item *)it)->cas = cas;
}

static bool t_get_item_info(ENGINE_HANDLE *h, const void *c, const item *item_,
                            item_info *ii) {
    const tiny_item *it = item_;
    (void)c;
    if (__atomic_load_n(&tiny(h)->poisoned, __ATOMIC_RELAXED) || ii->nvalue < 1) return false;
    ii->cas = it->cas;
    ii->exptime = it->exptime;
    ii->nbytes = it->nbytes;
    ii->flags = (uint32_t)it->flags;
    ii->clsid = 0;
    ii->nkey = it->nkey;
    ii->nvalue = 1;
    ii->key = it->data;
    ii->value[0].iov_base = (char *)it->data + it->nkey;
    ii->value[0].iov_len = it->nbytes;
    return true;
}

void tiny_install(tiny_engine *e, const char *name) {
    ENGINE_HANDLE_V1 *h = &e->v1;
    info.description = name;
    pthread_mutex_init(&e->lock, NULL);
    h->interface.interface = 1;
    h->get_info = t_get_info;
    h->arithmetic = t_arithmetic;
    h->flush = t_flush;
    h->get_stats = t_get_stats;
    h->reset_stats = t_reset_stats;
    h->item_set_cas = t_item_set_cas;
    h->get_item_info = t_get_item_info;
}
