// server_proxy.cpp - the SERVER_HANDLE_V1 the engine receives when the
// monitor is on: every function records the call, checks it and forwards to
// the core's real table. Also the engine-facing ADD_STAT, ADD_RESPONSE and
// logger.
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "harness/monitor/format.h"
#include "harness/monitor/monitor.h"
#include "harness/monitor/proxies.h"

namespace enginesim {

namespace {
// The core's tables are static in fakes/server_api.cpp, so this copy stays
// valid for the process; the proxy tables below are static for the same
// reason (an engine thread may call after the monitor is gone).
SERVER_HANDLE_V1 g_real{};
SERVER_CORE_API g_core{};
SERVER_STAT_API g_stat{};
SERVER_EXTENSION_API g_extension{};
SERVER_CALLBACK_API g_callback{};
SERVER_LOG_API g_log{};
SERVER_COOKIE_API g_cookie{};
SERVER_HANDLE_V1 g_server_proxy{};
EXTENSION_LOGGER_DESCRIPTOR g_logger{};

std::string text(uint32_t v) { return std::to_string(v); }
std::string text(int64_t v) { return std::to_string(v); }
std::string text(int v) { return std::to_string(v); }
std::string text(bool v) { return v ? "true" : "false"; }
std::string text(const void* p) { return monitor_format::pointer(p); }
std::string text(const char* s) { return monitor_format::bytes(s, s ? std::strlen(s) : 0); }
std::string text(EXTENSION_LOG_LEVEL l) { return std::to_string(static_cast<int>(l)); }
}  // namespace

struct ServerProxy {
  // Records, forwards, records the result. `cookie_api`: the cookie must be
  // a live connection.
  template <class Fn>
  static auto observe(const char* name, const void* cookie, bool cookie_api, std::string args,
                      bool quiet, Fn&& forward) {
    ContractMonitor* m = ContractMonitor::active();
    if (m == nullptr) return forward();
    const uint64_t seq = m->engine_call(name, cookie, cookie_api, std::move(args), quiet);
    if constexpr (std::is_void_v<decltype(forward())>) {
      forward();
      m->returned(seq, "");
    } else {
      auto r = forward();
      m->returned(seq, text(r));
      return r;
    }
  }

  // --- SERVER_CORE_API ---------------------------------------------------------
  static rel_time_t get_current_time() {
    return observe("core.get_current_time", nullptr, false, "", true,
                   [] { return g_real.core->get_current_time(); });
  }
  static rel_time_t realtime(const time_t t) {
    return observe("core.realtime", nullptr, false, std::to_string(t), true,
                   [&] { return g_real.core->realtime(t); });
  }
  static time_t abstime(const rel_time_t t) {
    return observe("core.abstime", nullptr, false, std::to_string(t), true,
                   [&] { return static_cast<int64_t>(g_real.core->abstime(t)); });
  }
  static const char* server_version() {
    return observe("core.server_version", nullptr, false, "", true,
                   [] { return g_real.core->server_version(); });
  }
  static uint32_t hash(const void* data, size_t size, uint32_t seed) {
    return observe("core.hash", nullptr, false, std::to_string(size) + " bytes", true,
                   [&] { return g_real.core->hash(data, size, seed); });
  }
  static int parse_config(const char* str, struct config_item items[], FILE* error) {
    return observe("core.parse_config", nullptr, false, text(str), false,
                   [&] { return g_real.core->parse_config(str, items, error); });
  }
  static void shutdown() {
    observe("core.shutdown", nullptr, false, "", false, [] { g_real.core->shutdown(); });
  }

  // --- SERVER_STAT_API -----------------------------------------------------------
  static void* new_stats() {
    return observe("stat.new_stats", nullptr, false, "", false,
                   [] { return g_real.stat->new_stats(); });
  }
  static void release_stats(void* stats) {
    observe("stat.release_stats", nullptr, false, text(stats), false,
            [&] { g_real.stat->release_stats(stats); });
  }
  static void evicting(const void* cookie, const void* key, int nkey) {
    observe("stat.evicting", cookie, cookie != nullptr,
            "key=" + monitor_format::bytes(key, nkey > 0 ? static_cast<size_t>(nkey) : 0), false,
            [&] { g_real.stat->evicting(cookie, key, nkey); });
  }

  // --- SERVER_EXTENSION_API --------------------------------------------------------
  static bool register_extension(extension_type_t type, void* extension) {
    return observe("extension.register_extension", nullptr, false, std::to_string(type), false,
                   [&] { return g_real.extension->register_extension(type, extension); });
  }
  static void unregister_extension(extension_type_t type, void* extension) {
    observe("extension.unregister_extension", nullptr, false, std::to_string(type), false,
            [&] { g_real.extension->unregister_extension(type, extension); });
  }
  static void* get_extension(extension_type_t type) {
    return observe("extension.get_extension", nullptr, false, std::to_string(type), true, [&] {
      void* e = g_real.extension->get_extension(type);
      // The logger is proxied so that log lines land in the call log too.
      return type == EXTENSION_LOGGER && e != nullptr ? static_cast<void*>(&g_logger) : e;
    });
  }

  // --- SERVER_CALLBACK_API -----------------------------------------------------------
  static void register_callback(ENGINE_HANDLE* engine, ENGINE_EVENT_TYPE type, EVENT_CALLBACK cb,
                                const void* data) {
    observe("callback.register_callback", nullptr, false, "type=" + std::to_string(type), false,
            [&] { g_real.callback->register_callback(engine, type, cb, data); });
  }
  static void perform_callbacks(ENGINE_EVENT_TYPE type, const void* data, const void* cookie) {
    observe("callback.perform_callbacks", cookie, false, "type=" + std::to_string(type), false,
            [&] { g_real.callback->perform_callbacks(type, data, cookie); });
  }

  // --- SERVER_LOG_API and the logger ------------------------------------------------------
  static EXTENSION_LOGGER_DESCRIPTOR* get_logger() {
    return observe("log.get_logger", nullptr, false, "", true, [] {
      EXTENSION_LOGGER_DESCRIPTOR* l = g_real.log->get_logger();
      return l != nullptr ? &g_logger : nullptr;
    });
  }
  static EXTENSION_LOG_LEVEL get_level() {
    return observe("log.get_level", nullptr, false, "", true,
                   [] { return g_real.log->get_level(); });
  }
  static void set_level(EXTENSION_LOG_LEVEL level) {
    observe("log.set_level", nullptr, false, text(level), false,
            [&] { g_real.log->set_level(level); });
  }
  static const char* logger_name() {
    EXTENSION_LOGGER_DESCRIPTOR* real = g_real.log->get_logger();
    return real != nullptr ? real->get_name() : "enginesim monitor";
  }
  static void logger_log(EXTENSION_LOG_LEVEL level, const void* cookie, const char* fmt, ...) {
    std::string line;
    if (fmt != nullptr) {
      va_list ap;
      va_start(ap, fmt);
      va_list again;
      va_copy(again, ap);
      const int n = std::vsnprintf(nullptr, 0, fmt, ap);
      va_end(ap);
      if (n > 0) {
        line.resize(static_cast<size_t>(n) + 1);
        std::vsnprintf(line.data(), line.size(), fmt, again);
        line.pop_back();
      }
      va_end(again);
    }
    observe("log.log", cookie, false,
            "level=" + text(level) + ", " + monitor_format::bytes(line.data(), line.size(), 120),
            false, [&] {
              EXTENSION_LOGGER_DESCRIPTOR* real = g_real.log->get_logger();
              if (real != nullptr) real->log(level, cookie, "%s", line.c_str());
            });
  }

  // --- SERVER_COOKIE_API -----------------------------------------------------------------
  static int get_socket_fd(const void* cookie) {
    return observe("cookie.get_socket_fd", cookie, true, "", false,
                   [&] { return g_real.cookie->get_socket_fd(cookie); });
  }
  static void get_auth_data(const void* cookie, auth_data_t* data) {
    observe("cookie.get_auth_data", cookie, true, "", false,
            [&] { g_real.cookie->get_auth_data(cookie, data); });
  }
  static void store_engine_specific(const void* cookie, void* data) {
    ContractMonitor* m = ContractMonitor::active();
    if (m == nullptr) return g_real.cookie->store_engine_specific(cookie, data);
    const uint64_t seq =
        m->engine_call("cookie.store_engine_specific", cookie, true, text(data), false);
    m->on_store_engine_specific(seq, cookie, data);
    g_real.cookie->store_engine_specific(cookie, data);
    m->returned(seq, "");
  }
  static void* get_engine_specific(const void* cookie) {
    return observe("cookie.get_engine_specific", cookie, true, "", false,
                   [&] { return g_real.cookie->get_engine_specific(cookie); });
  }
  static void notify_io_complete(const void* cookie, ENGINE_ERROR_CODE status) {
    ContractMonitor* m = ContractMonitor::active();
    if (m == nullptr) return g_real.cookie->notify_io_complete(cookie, status);
    // Checked before forwarding: the core wakes the waiting thread at once.
    const uint64_t seq = m->engine_call("cookie.notify_io_complete", cookie, false,
                                        monitor_format::status(status), false);
    m->on_notify(seq, cookie, status);
    g_real.cookie->notify_io_complete(cookie, status);
    m->returned(seq, "");
  }
  static void set_tap_nack_mode(const void* cookie, bool enable) {
    observe("cookie.set_tap_nack_mode", cookie, true, text(enable), false,
            [&] { g_real.cookie->set_tap_nack_mode(cookie, enable); });
  }

  // --- ADD_STAT / ADD_RESPONSE given to the engine ---------------------------------
  static void add_stat(const char* key, const uint16_t klen, const char* val, const uint32_t vlen,
                       const void* cookie) {
    ContractMonitor* m = ContractMonitor::active();
    if (m == nullptr) return;  // no monitor: no way to know the core's callback
    const uint64_t seq = m->engine_call("add_stat", cookie, false,
                                        monitor_format::bytes(key, key ? klen : 0) + "=" +
                                            monitor_format::bytes(val, val ? vlen : 0),
                                        false);
    ADD_STAT next = m->on_add_stat(seq, cookie, key, klen, val, vlen);
    if (next != nullptr) next(key, klen, val, vlen, cookie);
    m->returned(seq, "");
  }

  static bool add_response(const void* key, uint16_t keylen, const void* ext, uint8_t extlen,
                           const void* body, uint32_t bodylen, uint8_t datatype, uint16_t status,
                           uint64_t cas, const void* cookie) {
    ContractMonitor* m = ContractMonitor::active();
    if (m == nullptr) return false;
    const uint64_t seq = m->engine_call("add_response", cookie, false,
                                        "status=" + std::to_string(status) + ", body=" +
                                            monitor_format::bytes(body, body ? bodylen : 0),
                                        false);
    ADD_RESPONSE next = m->on_add_response(seq, cookie, status);
    const bool r = next != nullptr &&
                   next(key, keylen, ext, extlen, body, bodylen, datatype, status, cas, cookie);
    m->returned(seq, text(r));
    return r;
  }
};

namespace monitor_proxies {

SERVER_HANDLE_V1* install_server_proxy(const SERVER_HANDLE_V1& real) {
  g_real = real;
  g_core = {ServerProxy::get_current_time, ServerProxy::realtime, ServerProxy::abstime,
            ServerProxy::server_version,   ServerProxy::hash,     ServerProxy::parse_config,
            ServerProxy::shutdown};
  g_stat = {ServerProxy::new_stats, ServerProxy::release_stats, ServerProxy::evicting};
  g_extension = {ServerProxy::register_extension, ServerProxy::unregister_extension,
                 ServerProxy::get_extension};
  g_callback = {ServerProxy::register_callback, ServerProxy::perform_callbacks};
  g_log = {ServerProxy::get_logger, ServerProxy::get_level, ServerProxy::set_level};
  g_cookie = {ServerProxy::get_socket_fd,         ServerProxy::get_auth_data,
              ServerProxy::store_engine_specific, ServerProxy::get_engine_specific,
              ServerProxy::notify_io_complete,    ServerProxy::set_tap_nack_mode};
  g_logger = {ServerProxy::logger_name, ServerProxy::logger_log};
  g_server_proxy = real;
  g_server_proxy.core = &g_core;
  g_server_proxy.stat = &g_stat;
  g_server_proxy.extension = &g_extension;
  g_server_proxy.callback = &g_callback;
  g_server_proxy.log = &g_log;
  g_server_proxy.cookie = &g_cookie;
  return &g_server_proxy;
}

const SERVER_HANDLE_V1& real_server_api() { return g_real; }

void add_stat_proxy(const char* key, const uint16_t klen, const char* val, const uint32_t vlen,
                    const void* cookie) {
  ServerProxy::add_stat(key, klen, val, vlen, cookie);
}

bool add_response_proxy(const void* key, uint16_t keylen, const void* ext, uint8_t extlen,
                        const void* body, uint32_t bodylen, uint8_t datatype, uint16_t status,
                        uint64_t cas, const void* cookie) {
  return ServerProxy::add_response(key, keylen, ext, extlen, body, bodylen, datatype, status, cas,
                                   cookie);
}

}  // namespace monitor_proxies
}  // namespace enginesim
