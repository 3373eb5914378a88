// engine_forwarder.cpp - SERVER_HANDLE_V1::engine: forwards to the real engine.
#include "engine_forwarder.h"

#include <atomic>

namespace enginesim {
namespace {

std::atomic<ENGINE_HANDLE*> g_target{nullptr};

ENGINE_HANDLE_V1* target() { return reinterpret_cast<ENGINE_HANDLE_V1*>(g_target.load()); }
ENGINE_HANDLE* th() { return g_target.load(); }

// Each forwarding function calls the same slot of the target when it has one.
#define ES_FORWARD(slot, fallback, ...)                      \
  do {                                                       \
    ENGINE_HANDLE_V1* t = target();                          \
    if (t == nullptr || t->slot == nullptr) return fallback; \
    return t->slot(th(), __VA_ARGS__);                       \
  } while (0)

const engine_info* f_get_info(ENGINE_HANDLE*) {
  ENGINE_HANDLE_V1* t = target();
  return t ? t->get_info(th()) : nullptr;
}
ENGINE_ERROR_CODE f_initialize(ENGINE_HANDLE*, const char* config) {
  ES_FORWARD(initialize, ENGINE_FAILED, config);
}
void f_destroy(ENGINE_HANDLE*) {
  // Only the harness destroys the engine; a destroy through the server API's
  // handle would pull the engine out from under the core.
}
ENGINE_ERROR_CODE f_allocate(ENGINE_HANDLE*, const void* c, item** it, const void* k,
                             const size_t nk, const size_t nb, const int f, const rel_time_t e) {
  ES_FORWARD(allocate, ENGINE_FAILED, c, it, k, nk, nb, f, e);
}
ENGINE_ERROR_CODE f_remove(ENGINE_HANDLE*, const void* c, const void* k, const size_t nk,
                           uint64_t cas, uint16_t vb) {
  ES_FORWARD(remove, ENGINE_FAILED, c, k, nk, cas, vb);
}
void f_release(ENGINE_HANDLE*, const void* c, item* it) {
  if (ENGINE_HANDLE_V1* t = target()) t->release(th(), c, it);
}
ENGINE_ERROR_CODE f_get(ENGINE_HANDLE*, const void* c, item** it, const void* k, const int nk,
                        uint16_t vb) {
  ES_FORWARD(get, ENGINE_FAILED, c, it, k, nk, vb);
}
ENGINE_ERROR_CODE f_store(ENGINE_HANDLE*, const void* c, item* it, uint64_t* cas,
                          ENGINE_STORE_OPERATION op, uint16_t vb) {
  ES_FORWARD(store, ENGINE_FAILED, c, it, cas, op, vb);
}
ENGINE_ERROR_CODE f_arithmetic(ENGINE_HANDLE*, const void* c, const void* k, const int nk,
                               const bool inc, const bool create, const uint64_t delta,
                               const uint64_t initial, const rel_time_t e, uint64_t* cas,
                               uint64_t* result, uint16_t vb) {
  ES_FORWARD(arithmetic, ENGINE_FAILED, c, k, nk, inc, create, delta, initial, e, cas, result, vb);
}
ENGINE_ERROR_CODE f_flush(ENGINE_HANDLE*, const void* c, time_t when) {
  ES_FORWARD(flush, ENGINE_FAILED, c, when);
}
ENGINE_ERROR_CODE f_get_stats(ENGINE_HANDLE*, const void* c, const char* k, int nk, ADD_STAT a) {
  ES_FORWARD(get_stats, ENGINE_FAILED, c, k, nk, a);
}
void f_reset_stats(ENGINE_HANDLE*, const void* c) {
  if (ENGINE_HANDLE_V1* t = target()) t->reset_stats(th(), c);
}
void* f_get_stats_struct(ENGINE_HANDLE*, const void* c) {
  ES_FORWARD(get_stats_struct, nullptr, c);
}
ENGINE_ERROR_CODE f_aggregate_stats(ENGINE_HANDLE*, const void* c, void (*cb)(void*, void*),
                                    void* d) {
  ES_FORWARD(aggregate_stats, ENGINE_ENOTSUP, c, cb, d);
}
ENGINE_ERROR_CODE f_unknown_command(ENGINE_HANDLE*, const void* c,
                                    protocol_binary_request_header* r, ADD_RESPONSE a) {
  ES_FORWARD(unknown_command, ENGINE_ENOTSUP, c, r, a);
}
ENGINE_ERROR_CODE f_tap_notify(ENGINE_HANDLE*, const void* c, void* es, uint16_t ne, uint8_t ttl,
                               uint16_t tf, tap_event_t ev, uint32_t seq, const void* k, size_t nk,
                               uint32_t fl, uint32_t ex, uint64_t cas, const void* d, size_t nd,
                               uint16_t vb) {
  ES_FORWARD(tap_notify, ENGINE_ENOTSUP, c, es, ne, ttl, tf, ev, seq, k, nk, fl, ex, cas, d, nd,
             vb);
}
TAP_ITERATOR f_get_tap_iterator(ENGINE_HANDLE*, const void* c, const void* cl, size_t ncl,
                                uint32_t fl, const void* u, size_t nu) {
  ES_FORWARD(get_tap_iterator, nullptr, c, cl, ncl, fl, u, nu);
}
void f_item_set_cas(ENGINE_HANDLE*, const void* c, item* it, uint64_t cas) {
  if (ENGINE_HANDLE_V1* t = target()) t->item_set_cas(th(), c, it, cas);
}
bool f_get_item_info(ENGINE_HANDLE*, const void* c, const item* it, item_info* ii) {
  ES_FORWARD(get_item_info, false, c, it, ii);
}
size_t f_errinfo(ENGINE_HANDLE*, const void* c, char* b, size_t n) {
  ES_FORWARD(errinfo, 0, c, b, n);
}
#undef ES_FORWARD

ENGINE_HANDLE_V1 g_forwarder = {
    {1},           f_get_info,         f_initialize,      f_destroy,
    f_allocate,    f_remove,           f_release,         f_get,
    f_store,       f_arithmetic,       f_flush,           f_get_stats,
    f_reset_stats, f_get_stats_struct, f_aggregate_stats, f_unknown_command,
    f_tap_notify,  f_get_tap_iterator, f_item_set_cas,    f_get_item_info,
    f_errinfo,
};

}  // namespace

ENGINE_HANDLE* engine_forwarder() { return reinterpret_cast<ENGINE_HANDLE*>(&g_forwarder); }
void set_forwarder_target(ENGINE_HANDLE* target) { g_target.store(target); }

}  // namespace enginesim
