// mock_handle.cpp - the ENGINE_HANDLE_V1 a suite calls, in the place of
// engine_testapp's mock engine: every slot forwards to the session's current
// engine (behind the contract monitor); the slots that may block go through
// Session::blocking_call, the EWOULDBLOCK protocol of memcached's core.
#include "harness/testapp/session.h"

#include <string>

#include "enginesim/check.h"

namespace enginesim::testapp {
namespace {

ENGINE_HANDLE_V1 g_me;
TAP_ITERATOR g_iterator = nullptr;  // the engine's, behind get_tap_iterator

Session& s() {
  Session* session = Session::active();
  ES_CHECK_MSG(session != nullptr, "the suite's engine handle called outside a test");
  return *session;
}

ENGINE_HANDLE* h(const char* function) { return s().target(function); }
ENGINE_HANDLE_V1* v1(const char* function) { return s().target_v1(function); }

const engine_info* m_get_info(ENGINE_HANDLE*) { return v1("get_info")->get_info(h("get_info")); }

// A test that initialises the engine itself passes the harness's config
// string: its {tmpdir} must become the test's directory here too.
ENGINE_ERROR_CODE m_initialize(ENGINE_HANDLE*, const char* config) {
  const std::string real = s().engine_config(config);
  return v1("initialize")->initialize(h("initialize"), real.c_str());
}

void m_destroy(ENGINE_HANDLE*) { s().destroy_current(); }

ENGINE_ERROR_CODE m_allocate(ENGINE_HANDLE*, const void* cookie, item** it, const void* key,
                             const size_t nkey, const size_t nbytes, const int flags,
                             const rel_time_t exptime) {
  return s().blocking_call("allocate", cookie, [&](const void* c) {
    return v1("allocate")->allocate(h("allocate"), c, it, key, nkey, nbytes, flags, exptime);
  });
}

ENGINE_ERROR_CODE m_remove(ENGINE_HANDLE*, const void* cookie, const void* key, const size_t nkey,
                           uint64_t cas, uint16_t vbucket) {
  return s().blocking_call("remove", cookie, [&](const void* c) {
    return v1("remove")->remove(h("remove"), c, key, nkey, cas, vbucket);
  });
}

void m_release(ENGINE_HANDLE*, const void* cookie, item* it) {
  v1("release")->release(h("release"), cookie, it);
}

ENGINE_ERROR_CODE m_get(ENGINE_HANDLE*, const void* cookie, item** it, const void* key,
                        const int nkey, uint16_t vbucket) {
  return s().blocking_call("get", cookie, [&](const void* c) {
    return v1("get")->get(h("get"), c, it, key, nkey, vbucket);
  });
}

ENGINE_ERROR_CODE m_store(ENGINE_HANDLE*, const void* cookie, item* it, uint64_t* cas,
                          ENGINE_STORE_OPERATION operation, uint16_t vbucket) {
  return s().blocking_call("store", cookie, [&](const void* c) {
    return v1("store")->store(h("store"), c, it, cas, operation, vbucket);
  });
}

ENGINE_ERROR_CODE m_arithmetic(ENGINE_HANDLE*, const void* cookie, const void* key, const int nkey,
                               const bool increment, const bool create, const uint64_t delta,
                               const uint64_t initial, const rel_time_t exptime, uint64_t* cas,
                               uint64_t* result, uint16_t vbucket) {
  return s().blocking_call("arithmetic", cookie, [&](const void* c) {
    return v1("arithmetic")
        ->arithmetic(h("arithmetic"), c, key, nkey, increment, create, delta, initial, exptime, cas,
                     result, vbucket);
  });
}

ENGINE_ERROR_CODE m_flush(ENGINE_HANDLE*, const void* cookie, time_t when) {
  return s().blocking_call("flush", cookie,
                           [&](const void* c) { return v1("flush")->flush(h("flush"), c, when); });
}

ENGINE_ERROR_CODE m_get_stats(ENGINE_HANDLE*, const void* cookie, const char* stat_key, int nkey,
                              ADD_STAT add_stat) {
  return s().blocking_call("get_stats", cookie, [&](const void* c) {
    return v1("get_stats")->get_stats(h("get_stats"), c, stat_key, nkey, add_stat);
  });
}

void m_reset_stats(ENGINE_HANDLE*, const void* cookie) {
  v1("reset_stats")->reset_stats(h("reset_stats"), cookie);
}

void* m_get_stats_struct(ENGINE_HANDLE*, const void* cookie) {
  return v1("get_stats_struct")->get_stats_struct(h("get_stats_struct"), cookie);
}

ENGINE_ERROR_CODE m_aggregate_stats(ENGINE_HANDLE*, const void* cookie,
                                    void (*callback)(void*, void*), void* data) {
  return s().blocking_call("aggregate_stats", cookie, [&](const void* c) {
    return v1("aggregate_stats")->aggregate_stats(h("aggregate_stats"), c, callback, data);
  });
}

ENGINE_ERROR_CODE m_unknown_command(ENGINE_HANDLE*, const void* cookie,
                                    protocol_binary_request_header* request,
                                    ADD_RESPONSE response) {
  return s().blocking_call("unknown_command", cookie, [&](const void* c) {
    return v1("unknown_command")->unknown_command(h("unknown_command"), c, request, response);
  });
}

ENGINE_ERROR_CODE m_tap_notify(ENGINE_HANDLE*, const void* cookie, void* engine_specific,
                               uint16_t nengine, uint8_t ttl, uint16_t tap_flags,
                               tap_event_t tap_event, uint32_t tap_seqno, const void* key,
                               size_t nkey, uint32_t flags, uint32_t exptime, uint64_t cas,
                               const void* data, size_t ndata, uint16_t vbucket) {
  return s().blocking_call("tap_notify", cookie, [&](const void* c) {
    return v1("tap_notify")
        ->tap_notify(h("tap_notify"), c, engine_specific, nengine, ttl, tap_flags, tap_event,
                     tap_seqno, key, nkey, flags, exptime, cas, data, ndata, vbucket);
  });
}

// The engine's iterator expects the engine's handle, not the suite's.
tap_event_t m_tap_iterator(ENGINE_HANDLE*, const void* cookie, item** it, void** es, uint16_t* nes,
                           uint8_t* ttl, uint16_t* flags, uint32_t* seqno, uint16_t* vbucket) {
  return g_iterator(h("tap_iterator"), cookie, it, es, nes, ttl, flags, seqno, vbucket);
}

TAP_ITERATOR m_get_tap_iterator(ENGINE_HANDLE*, const void* cookie, const void* client,
                                size_t nclient, uint32_t flags, const void* userdata,
                                size_t nuserdata) {
  g_iterator = v1("get_tap_iterator")
                   ->get_tap_iterator(h("get_tap_iterator"), cookie, client, nclient, flags,
                                      userdata, nuserdata);
  return g_iterator != nullptr ? m_tap_iterator : nullptr;
}

void m_item_set_cas(ENGINE_HANDLE*, const void* cookie, item* it, uint64_t cas) {
  v1("item_set_cas")->item_set_cas(h("item_set_cas"), cookie, it, cas);
}

bool m_get_item_info(ENGINE_HANDLE*, const void* cookie, const item* it, item_info* info) {
  return v1("get_item_info")->get_item_info(h("get_item_info"), cookie, it, info);
}

size_t m_errinfo(ENGINE_HANDLE*, const void* cookie, char* buffer, size_t size) {
  return v1("errinfo")->errinfo(h("errinfo"), cookie, buffer, size);
}

}  // namespace

ENGINE_HANDLE_V1* suite_handle(ENGINE_HANDLE_V1* engine) {
  ES_CHECK(engine != nullptr);
  g_me = ENGINE_HANDLE_V1{};
  g_me.interface.interface = 1;
  g_me.get_info = m_get_info;
  g_me.initialize = m_initialize;
  g_me.destroy = m_destroy;
  g_me.allocate = m_allocate;
  g_me.remove = m_remove;
  g_me.release = m_release;
  g_me.get = m_get;
  g_me.store = m_store;
  g_me.arithmetic = m_arithmetic;
  g_me.flush = m_flush;
  g_me.get_stats = m_get_stats;
  g_me.reset_stats = m_reset_stats;
  g_me.item_set_cas = m_item_set_cas;
  g_me.get_item_info = m_get_item_info;
  // Optional slots: NULL where the engine has none, so that a suite can
  // test for them as it would under engine_testapp.
  if (engine->get_stats_struct) g_me.get_stats_struct = m_get_stats_struct;
  if (engine->aggregate_stats) g_me.aggregate_stats = m_aggregate_stats;
  if (engine->unknown_command) g_me.unknown_command = m_unknown_command;
  if (engine->tap_notify) g_me.tap_notify = m_tap_notify;
  if (engine->get_tap_iterator) g_me.get_tap_iterator = m_get_tap_iterator;
  if (engine->errinfo) g_me.errinfo = m_errinfo;
  return &g_me;
}

}  // namespace enginesim::testapp
