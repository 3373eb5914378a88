// engine_proxy.cpp - the ENGINE_HANDLE_V1 the core sees when the monitor is
// on: every slot records the call, checks it and forwards to the engine.
#include <cstring>
#include <mutex>

#include "enginesim/check.h"
#include "harness/monitor/format.h"
#include "harness/monitor/monitor.h"
#include "harness/monitor/proxies.h"

namespace enginesim {

namespace {
// Static, not members: the core may still hold the proxy handle after the
// monitor is gone (then calls pass straight through).
ENGINE_HANDLE_V1 g_engine_proxy{};
ENGINE_HANDLE* g_engine = nullptr;

ENGINE_HANDLE_V1* real() { return reinterpret_cast<ENGINE_HANDLE_V1*>(g_engine); }
ENGINE_HANDLE* proxy_handle() { return reinterpret_cast<ENGINE_HANDLE*>(&g_engine_proxy); }

// What a call that may hand out an item returned beside its status.
CallText item_result(const item* got) {
  return got != nullptr ? CallText().pointer("item=", got) : CallText();
}

// A release or item_set_cas the monitor kept from the engine says so.
CallText passed_on(bool pass) { return pass ? CallText() : CallText().literal("(not passed on)"); }

// get_tap_iterator hands out a function that takes the handle: the core
// would call it with the proxy, so it is wrapped too (one per process).
std::mutex g_tap_mutex;
TAP_ITERATOR g_tap_iterator = nullptr;
tap_event_t tap_iterator_proxy(ENGINE_HANDLE*, const void* cookie, item** it, void** es,
                               uint16_t* nes, uint8_t* ttl, uint16_t* flags, uint32_t* seqno,
                               uint16_t* vbucket) {
  TAP_ITERATOR next;
  {
    std::lock_guard<std::mutex> lock(g_tap_mutex);
    next = g_tap_iterator;
  }
  return next(g_engine, cookie, it, es, nes, ttl, flags, seqno, vbucket);
}
}  // namespace

struct EngineProxy {
  static ContractMonitor* self(ENGINE_HANDLE* h) {
    ES_CHECK_MSG(h == proxy_handle(), "the monitor's proxy slot called with another handle");
    return ContractMonitor::active();
  }

  static const engine_info* get_info(ENGINE_HANDLE* h) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->get_info(g_engine);
    const uint64_t seq = m->enter("get_info", nullptr, {});
    const engine_info* info = real()->get_info(g_engine);
    m->leave(seq, nullptr, std::nullopt, CallText().literal(info ? "info" : "NULL"));
    return info;
  }

  static ENGINE_ERROR_CODE initialize(ENGINE_HANDLE* h, const char* config) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->initialize(g_engine, config);
    const uint64_t seq =
        m->enter("initialize", nullptr,
                 CallText().bytes("config=", config, config ? std::strlen(config) : 0, 80));
    const ENGINE_ERROR_CODE r = real()->initialize(g_engine, config);
    m->leave(seq, nullptr, r);
    return r;
  }

  static void destroy(ENGINE_HANDLE* h) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->destroy(g_engine);
    const uint64_t seq = m->enter("destroy", nullptr, {});
    real()->destroy(g_engine);
    m->mark_destroyed();
    m->leave(seq, nullptr, std::nullopt);
    m->check_threads_after_destroy(seq);
    m->check_heap_after_destroy(seq);
  }

  static ENGINE_ERROR_CODE allocate(ENGINE_HANDLE* h, const void* cookie, item** it,
                                    const void* key, const size_t nkey, const size_t nbytes,
                                    const int flags, const rel_time_t exptime) {
    ContractMonitor* m = self(h);
    if (m == nullptr)
      return real()->allocate(g_engine, cookie, it, key, nkey, nbytes, flags, exptime);
    const uint64_t seq = m->enter("allocate", cookie,
                                  CallText()
                                      .bytes("key=", key, nkey)
                                      .num(", nbytes=", nbytes)
                                      .signed_num(", flags=", flags)
                                      .num(", exptime=", exptime));
    const ENGINE_ERROR_CODE r =
        real()->allocate(g_engine, cookie, it, key, nkey, nbytes, flags, exptime);
    item* got = r == ENGINE_SUCCESS && it ? *it : nullptr;
    if (r == ENGINE_SUCCESS) {
      handed(m, seq, got, "allocate", key, nkey, true, nbytes, static_cast<uint32_t>(flags));
    }
    m->leave(seq, cookie, r, item_result(got));
    return r;
  }

  static void handed(ContractMonitor* m, uint64_t seq, item* got, const char* function,
                     const void* key, size_t nkey, bool from_allocate, size_t nbytes,
                     uint32_t flags) {
    if (got == nullptr) {
      std::lock_guard<SpinLock> lock(m->mutex_);
      m->violate_locked(rules::kItemMissing,
                        std::string(function) + " returned ENGINE_SUCCESS without an item", seq);
      return;
    }
    m->hand_out(seq, got, key ? std::string(static_cast<const char*>(key), nkey) : std::string(),
                from_allocate, nbytes, flags);
  }

  static ENGINE_ERROR_CODE remove(ENGINE_HANDLE* h, const void* cookie, const void* key,
                                  const size_t nkey, uint64_t cas, uint16_t vbucket) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->remove(g_engine, cookie, key, nkey, cas, vbucket);
    const uint64_t seq =
        m->enter("remove", cookie, CallText().bytes("key=", key, nkey).num(", cas=", cas));
    const ENGINE_ERROR_CODE r = real()->remove(g_engine, cookie, key, nkey, cas, vbucket);
    m->leave(seq, cookie, r);
    return r;
  }

  static void release(ENGINE_HANDLE* h, const void* cookie, item* it) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->release(g_engine, cookie, it);
    const uint64_t seq = m->enter_item_call("release", cookie, CallText().pointer("item=", it));
    const bool pass = m->release_item(seq, it);
    if (pass) real()->release(g_engine, cookie, it);
    m->leave_item_call(seq, cookie, passed_on(pass));
  }

  static ENGINE_ERROR_CODE get(ENGINE_HANDLE* h, const void* cookie, item** it, const void* key,
                               const int nkey, uint16_t vbucket) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->get(g_engine, cookie, it, key, nkey, vbucket);
    const size_t n = nkey > 0 ? static_cast<size_t>(nkey) : 0;
    const uint64_t seq = m->enter("get", cookie, CallText().bytes("key=", key, n));
    m->mark_key_length(cookie, n);
    const ENGINE_ERROR_CODE r = real()->get(g_engine, cookie, it, key, nkey, vbucket);
    item* got = r == ENGINE_SUCCESS && it ? *it : nullptr;
    if (r == ENGINE_SUCCESS) handed(m, seq, got, "get", key, n, false, 0, 0);
    m->leave(seq, cookie, r, item_result(got));
    return r;
  }

  static ENGINE_ERROR_CODE store(ENGINE_HANDLE* h, const void* cookie, item* it, uint64_t* cas,
                                 ENGINE_STORE_OPERATION op, uint16_t vbucket) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->store(g_engine, cookie, it, cas, op, vbucket);
    const std::string key = m->item_key(it);
    const uint64_t seq = m->enter("store", cookie,
                                  CallText()
                                      .bytes("key=", key.data(), key.size())
                                      .name(", op=", store_op_name(op))
                                      .pointer(", item=", it));
    if (!m->usable(seq, it, "store")) {
      m->leave(seq, cookie, ENGINE_FAILED, passed_on(false));
      return ENGINE_FAILED;
    }
    const ENGINE_ERROR_CODE r = real()->store(g_engine, cookie, it, cas, op, vbucket);
    if (r == ENGINE_SUCCESS && cas != nullptr) m->check_cas(seq, key, *cas);
    m->leave(seq, cookie, r,
             r == ENGINE_SUCCESS && cas ? CallText().num("cas=", *cas) : CallText());
    return r;
  }

  static ENGINE_ERROR_CODE arithmetic(ENGINE_HANDLE* h, const void* cookie, const void* key,
                                      const int nkey, const bool increment, const bool create,
                                      const uint64_t delta, const uint64_t initial,
                                      const rel_time_t exptime, uint64_t* cas, uint64_t* result,
                                      uint16_t vbucket) {
    ContractMonitor* m = self(h);
    if (m == nullptr) {
      return real()->arithmetic(g_engine, cookie, key, nkey, increment, create, delta, initial,
                                exptime, cas, result, vbucket);
    }
    const size_t n = nkey > 0 ? static_cast<size_t>(nkey) : 0;
    CallText args =
        CallText().bytes("key=", key, n).num(increment ? ", incr delta=" : ", decr delta=", delta);
    if (create) args.num(", create initial=", initial);
    args.num(", exptime=", exptime);
    const uint64_t seq = m->enter("arithmetic", cookie, std::move(args));
    m->mark_key_length(cookie, n);
    const ENGINE_ERROR_CODE r = real()->arithmetic(g_engine, cookie, key, nkey, increment, create,
                                                   delta, initial, exptime, cas, result, vbucket);
    const bool ok = r == ENGINE_SUCCESS && cas && result;
    if (ok) m->check_cas(seq, std::string(static_cast<const char*>(key), n), *cas);
    m->leave(seq, cookie, r,
             ok ? CallText().num("cas=", *cas).num(" result=", *result) : CallText());
    return r;
  }

  static ENGINE_ERROR_CODE flush(ENGINE_HANDLE* h, const void* cookie, time_t when) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->flush(g_engine, cookie, when);
    const uint64_t seq = m->enter("flush", cookie, CallText().signed_num("when=", when));
    const ENGINE_ERROR_CODE r = real()->flush(g_engine, cookie, when);
    m->leave(seq, cookie, r);
    return r;
  }

  static ENGINE_ERROR_CODE get_stats(ENGINE_HANDLE* h, const void* cookie, const char* stat_key,
                                     int nkey, ADD_STAT add_stat) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->get_stats(g_engine, cookie, stat_key, nkey, add_stat);
    const size_t n = nkey > 0 ? static_cast<size_t>(nkey) : 0;
    const uint64_t seq = m->enter("get_stats", cookie, CallText().bytes("group=", stat_key, n));
    m->set_sinks(cookie, add_stat, nullptr);
    const ENGINE_ERROR_CODE r = real()->get_stats(
        g_engine, cookie, stat_key, nkey, add_stat ? monitor_proxies::add_stat_proxy : nullptr);
    m->leave(seq, cookie, r);
    return r;
  }

  static void reset_stats(ENGINE_HANDLE* h, const void* cookie) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->reset_stats(g_engine, cookie);
    const uint64_t seq = m->enter("reset_stats", cookie, {});
    real()->reset_stats(g_engine, cookie);
    m->leave(seq, cookie, std::nullopt);
  }

  static void* get_stats_struct(ENGINE_HANDLE* h, const void* cookie) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->get_stats_struct(g_engine, cookie);
    const uint64_t seq = m->enter("get_stats_struct", cookie, {});
    void* r = real()->get_stats_struct(g_engine, cookie);
    m->leave(seq, cookie, std::nullopt, CallText().pointer("", r));
    return r;
  }

  static ENGINE_ERROR_CODE aggregate_stats(ENGINE_HANDLE* h, const void* cookie,
                                           void (*callback)(void*, void*), void* data) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->aggregate_stats(g_engine, cookie, callback, data);
    const uint64_t seq = m->enter("aggregate_stats", cookie, {});
    const ENGINE_ERROR_CODE r = real()->aggregate_stats(g_engine, cookie, callback, data);
    m->leave(seq, cookie, r);
    return r;
  }

  static ENGINE_ERROR_CODE unknown_command(ENGINE_HANDLE* h, const void* cookie,
                                           protocol_binary_request_header* request,
                                           ADD_RESPONSE response) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->unknown_command(g_engine, cookie, request, response);
    const uint64_t seq = m->enter(
        "unknown_command", cookie,
        request ? CallText().num("opcode=", request->request.opcode) : CallText().literal("NULL"));
    m->set_sinks(cookie, nullptr, response);
    const ENGINE_ERROR_CODE r = real()->unknown_command(
        g_engine, cookie, request, response ? monitor_proxies::add_response_proxy : nullptr);
    if (r != ENGINE_EWOULDBLOCK) m->check_unknown_command(seq, cookie, r);
    m->leave(seq, cookie, r);
    return r;
  }

  static ENGINE_ERROR_CODE tap_notify(ENGINE_HANDLE* h, const void* cookie, void* es, uint16_t nes,
                                      uint8_t ttl, uint16_t tap_flags, tap_event_t event,
                                      uint32_t seqno, const void* key, size_t nkey, uint32_t flags,
                                      uint32_t exptime, uint64_t cas, const void* data,
                                      size_t ndata, uint16_t vbucket) {
    ContractMonitor* m = self(h);
    auto forward = [&] {
      return real()->tap_notify(g_engine, cookie, es, nes, ttl, tap_flags, event, seqno, key, nkey,
                                flags, exptime, cas, data, ndata, vbucket);
    };
    if (m == nullptr) return forward();
    const uint64_t seq = m->enter("tap_notify", cookie, CallText().bytes("key=", key, nkey));
    const ENGINE_ERROR_CODE r = forward();
    m->leave(seq, cookie, r);
    return r;
  }

  static TAP_ITERATOR get_tap_iterator(ENGINE_HANDLE* h, const void* cookie, const void* client,
                                       size_t nclient, uint32_t flags, const void* userdata,
                                       size_t nuserdata) {
    ContractMonitor* m = self(h);
    uint64_t seq = m ? m->enter("get_tap_iterator", cookie, {}) : 0;
    TAP_ITERATOR it =
        real()->get_tap_iterator(g_engine, cookie, client, nclient, flags, userdata, nuserdata);
    if (m != nullptr)
      m->leave(seq, cookie, std::nullopt, CallText().literal(it ? "iterator" : "NULL"));
    if (it == nullptr) return nullptr;
    std::lock_guard<std::mutex> lock(g_tap_mutex);
    g_tap_iterator = it;
    return tap_iterator_proxy;
  }

  static void item_set_cas(ENGINE_HANDLE* h, const void* cookie, item* it, uint64_t cas) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->item_set_cas(g_engine, cookie, it, cas);
    const uint64_t seq = m->enter_item_call("item_set_cas", cookie,
                                            CallText().pointer("item=", it).num(", cas=", cas));
    const bool pass = m->usable(seq, it, "item_set_cas");
    if (pass) real()->item_set_cas(g_engine, cookie, it, cas);
    m->leave_item_call(seq, cookie, passed_on(pass));
  }

  static bool get_item_info(ENGINE_HANDLE* h, const void* cookie, const item* it, item_info* info) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->get_item_info(g_engine, cookie, it, info);
    const uint16_t offered = info ? info->nvalue : 0;
    const uint64_t seq = m->enter_item_call(
        "get_item_info", cookie, CallText().pointer("item=", it).num(", nvalue=", offered));
    if (!m->usable(seq, it, "get_item_info")) {
      m->leave_item_call(seq, cookie, CallText().literal("false (not passed on)"));
      return false;
    }
    // Slack iovecs: an engine that writes more than offered is reported, and
    // does not scribble over the core's stack.
    constexpr uint16_t kSlack = 16;
    struct {
      item_info info;
      iovec extra[kSlack - 1];
    } buf{};
    item_info* target = info;
    if (info != nullptr && offered <= kSlack) {
      std::memcpy(&buf.info, info, sizeof(item_info));
      target = &buf.info;
    }
    const bool ok = real()->get_item_info(g_engine, cookie, it, target);
    if (target != info) {
      const uint16_t back = std::min<uint16_t>(buf.info.nvalue, offered);
      std::memcpy(info, &buf.info, offsetof(item_info, value));
      for (uint16_t i = 0; i < back; ++i) info->value[i] = target->value[i];
    }
    if (info != nullptr) m->check_item_info(seq, it, offered, ok, *target);
    m->leave_item_call(
        seq, cookie,
        ok && info ? CallText().num("true nbytes=", target->nbytes).num(" cas=", target->cas)
                   : CallText().literal(ok ? "true" : "false"));
    return ok;
  }

  static size_t errinfo(ENGINE_HANDLE* h, const void* cookie, char* buffer, size_t size) {
    ContractMonitor* m = self(h);
    if (m == nullptr) return real()->errinfo(g_engine, cookie, buffer, size);
    const uint64_t seq = m->enter("errinfo", cookie, {});
    const size_t r = real()->errinfo(g_engine, cookie, buffer, size);
    m->leave(seq, cookie, std::nullopt, CallText().num("", r));
    return r;
  }
};

ENGINE_HANDLE* monitor_proxies::install_engine_proxy(ENGINE_HANDLE* engine) {
  g_engine = engine;
  ENGINE_HANDLE_V1* e = real();
  ENGINE_HANDLE_V1& p = g_engine_proxy;
  p = ENGINE_HANDLE_V1{};
  p.interface.interface = 1;
  // Optional slots stay NULL when the engine left them NULL.
#define ES_PROXY_SLOT(name) p.name = e->name ? &EngineProxy::name : nullptr
  ES_PROXY_SLOT(get_info);
  ES_PROXY_SLOT(initialize);
  ES_PROXY_SLOT(destroy);
  ES_PROXY_SLOT(allocate);
  ES_PROXY_SLOT(remove);
  ES_PROXY_SLOT(release);
  ES_PROXY_SLOT(get);
  ES_PROXY_SLOT(store);
  ES_PROXY_SLOT(arithmetic);
  ES_PROXY_SLOT(flush);
  ES_PROXY_SLOT(get_stats);
  ES_PROXY_SLOT(reset_stats);
  ES_PROXY_SLOT(get_stats_struct);
  ES_PROXY_SLOT(aggregate_stats);
  ES_PROXY_SLOT(unknown_command);
  ES_PROXY_SLOT(tap_notify);
  ES_PROXY_SLOT(get_tap_iterator);
  ES_PROXY_SLOT(item_set_cas);
  ES_PROXY_SLOT(get_item_info);
  ES_PROXY_SLOT(errinfo);
#undef ES_PROXY_SLOT
  return proxy_handle();
}

}  // namespace enginesim
