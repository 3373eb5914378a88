// server_api.cpp - the C entry points of SERVER_HANDLE_V1. Each finds the one
// live Core and forwards; a call with no core alive (an engine thread that
// outlived its run) is reported on stderr and answered harmlessly.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "core.h"
#include "engine_forwarder.h"
#include "hash.h"

namespace enginesim {
namespace {

Core* core_or_complain(const char* function) {
  Core* core = Core::active();
  if (core == nullptr) {
    std::fprintf(stderr,
                 "enginesim: engine called %s with no core alive "
                 "(a thread that outlived destroy?)\n",
                 function);
  }
  return core;
}

// --- SERVER_CORE_API ---------------------------------------------------------
rel_time_t get_current_time() {
  Core* c = core_or_complain("get_current_time");
  return c ? c->clock().current_time() : 0;
}
rel_time_t realtime(const time_t exptime) {
  Core* c = core_or_complain("realtime");
  return c ? c->clock().realtime(exptime) : 0;
}
time_t abstime(const rel_time_t exptime) {
  Core* c = core_or_complain("abstime");
  return c ? c->clock().abstime(exptime) : 0;
}
const char* server_version() { return "1.3.3_433_g82fb476-enginesim"; }
uint32_t hash(const void* data, size_t size, uint32_t seed) { return murmur3_32(data, size, seed); }
int parse_config_entry(const char* str, struct config_item items[], FILE* error) {
  return ::parse_config(str, items, error);
}
void shutdown_server() {
  if (Core* c = core_or_complain("shutdown")) c->request_shutdown();
}

// --- SERVER_STAT_API ---------------------------------------------------------
void* new_stats() {
  Core* c = core_or_complain("new_stats");
  return c ? c->new_stats() : nullptr;
}
void release_stats(void* stats) {
  if (Core* c = core_or_complain("release_stats")) c->release_stats(stats);
}
void evicting(const void* cookie, const void* key, int nkey) {
  if (Core* c = core_or_complain("evicting")) c->evicting(cookie, key, nkey);
}

// --- SERVER_EXTENSION_API ----------------------------------------------------
bool register_extension(extension_type_t type, void* extension) {
  Core* c = core_or_complain("register_extension");
  return c ? c->register_extension(type, extension) : false;
}
void unregister_extension(extension_type_t type, void* extension) {
  if (Core* c = core_or_complain("unregister_extension")) c->unregister_extension(type, extension);
}
void* get_extension(extension_type_t type) {
  Core* c = core_or_complain("get_extension");
  return c ? c->get_extension(type) : nullptr;
}

// --- SERVER_CALLBACK_API -----------------------------------------------------
void register_callback(ENGINE_HANDLE* engine, ENGINE_EVENT_TYPE type, EVENT_CALLBACK cb,
                       const void* cb_data) {
  if (Core* c = core_or_complain("register_callback"))
    c->register_callback(engine, type, cb, cb_data);
}
void perform_callbacks(ENGINE_EVENT_TYPE type, const void* data, const void* cookie) {
  if (Core* c = core_or_complain("perform_callbacks")) c->perform_callbacks(type, data, cookie);
}

// --- the logger and SERVER_LOG_API --------------------------------------------
const char* logger_name() { return "enginesim log capture"; }
void logger_log(EXTENSION_LOG_LEVEL severity, const void* cookie, const char* fmt, ...) {
  Core* c = core_or_complain("log");
  if (c == nullptr || fmt == nullptr) return;
  if (severity < c->log_level()) return;
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  std::string text;
  if (n >= 0 && static_cast<size_t>(n) < sizeof small) {
    text = small;
  } else if (n >= 0) {
    text.resize(static_cast<size_t>(n) + 1);
    va_start(ap, fmt);
    std::vsnprintf(text.data(), text.size(), fmt, ap);
    va_end(ap);
    text.pop_back();
  }
  Connection* conn = cookie ? c->from_cookie(cookie) : nullptr;
  c->logs().add(severity, conn ? conn->id : 0, std::move(text));
}
EXTENSION_LOGGER_DESCRIPTOR g_logger = {logger_name, logger_log};

EXTENSION_LOGGER_DESCRIPTOR* get_logger() {
  Core* c = core_or_complain("get_logger");
  return c ? static_cast<EXTENSION_LOGGER_DESCRIPTOR*>(c->get_extension(EXTENSION_LOGGER))
           : &g_logger;
}
EXTENSION_LOG_LEVEL get_level() {
  Core* c = core_or_complain("get_level");
  return c ? c->log_level() : EXTENSION_LOG_WARNING;
}
void set_level(EXTENSION_LOG_LEVEL severity) {
  if (Core* c = core_or_complain("set_level")) c->set_log_level(severity);
}

// --- SERVER_COOKIE_API ---------------------------------------------------------
Connection* conn_of(const void* cookie, const char* function) {
  Core* c = core_or_complain(function);
  if (c == nullptr) return nullptr;
  Connection* conn = c->from_cookie(cookie);
  if (conn == nullptr) {
    std::fprintf(stderr, "enginesim: engine passed an unknown cookie %p to %s\n", cookie, function);
  }
  return conn;
}
int get_socket_fd(const void* cookie) {
  Connection* conn = conn_of(cookie, "get_socket_fd");
  return conn ? conn->socket_fd : -1;
}
void get_auth_data(const void* cookie, auth_data_t* data) {
  Connection* conn = conn_of(cookie, "get_auth_data");
  if (data == nullptr) return;
  data->username = conn && !conn->username.empty() ? conn->username.c_str() : nullptr;
  data->config = conn && !conn->auth_config.empty() ? conn->auth_config.c_str() : nullptr;
}
void store_engine_specific(const void* cookie, void* engine_data) {
  if (Connection* conn = conn_of(cookie, "store_engine_specific")) {
    conn->core->set_engine_specific(*conn, engine_data);
  }
}
void* get_engine_specific(const void* cookie) {
  Connection* conn = conn_of(cookie, "get_engine_specific");
  return conn ? conn->core->engine_specific(*conn) : nullptr;
}
void notify_io_complete(const void* cookie, ENGINE_ERROR_CODE status) {
  if (Core* c = core_or_complain("notify_io_complete")) c->notify_io_complete(cookie, status);
}
void set_tap_nack_mode(const void* cookie, bool enable) {
  if (Connection* conn = conn_of(cookie, "set_tap_nack_mode")) conn->tap_nack_mode = enable;
}

SERVER_CORE_API g_core_api = {get_current_time,   realtime,       abstime, server_version, hash,
                              parse_config_entry, shutdown_server};
SERVER_STAT_API g_stat_api = {new_stats, release_stats, evicting};
SERVER_EXTENSION_API g_extension_api = {register_extension, unregister_extension, get_extension};
SERVER_CALLBACK_API g_callback_api = {register_callback, perform_callbacks};
SERVER_LOG_API g_log_api = {get_logger, get_level, set_level};
SERVER_COOKIE_API g_cookie_api = {get_socket_fd,       get_auth_data,      store_engine_specific,
                                  get_engine_specific, notify_io_complete, set_tap_nack_mode};

}  // namespace

EXTENSION_LOGGER_DESCRIPTOR* core_logger_descriptor() { return &g_logger; }

void fill_server_api(SERVER_HANDLE_V1* handle) {
  handle->interface = 1;
  handle->core = &g_core_api;
  handle->stat = &g_stat_api;
  handle->extension = &g_extension_api;
  handle->callback = &g_callback_api;
  handle->engine = engine_forwarder();
  handle->log = &g_log_api;
  handle->cookie = &g_cookie_api;
}

}  // namespace enginesim
