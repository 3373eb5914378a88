// ep_engine.cpp - create_instance and the C entry points of the ep engine:
// thin wrappers that find the EpEngine and keep C++ exceptions inside.
#include <cstddef>
#include <new>
#include <string_view>
#include <type_traits>

#include "disconnect_hook.h"
#include "engine.h"
#include "memcached/engine.h"

namespace ep {
namespace {

// What the core holds; ENGINE_HANDLE_V1 first, so the core's ENGINE_HANDLE*
// is also a Handle*.
struct Handle {
  ENGINE_HANDLE_V1 v1;
  EpEngine* engine;
  DisconnectHook* hook;  // set by a successful initialize
};
static_assert(std::is_standard_layout_v<Handle>);
static_assert(offsetof(Handle, v1) == 0);

EpEngine* engine_of(ENGINE_HANDLE* handle) { return reinterpret_cast<Handle*>(handle)->engine; }

// No exception may cross the C ABI: allocation failures become ENOMEM,
// anything else FAILED. Calls before a successful initialize fail.
template <class Fn>
ENGINE_ERROR_CODE guarded(ENGINE_HANDLE* handle, Fn&& fn) noexcept {
  try {
    if (!engine_of(handle)->ready()) return ENGINE_FAILED;
    return fn(*engine_of(handle));
  } catch (const std::bad_alloc&) {
    return ENGINE_ENOMEM;
  } catch (...) {
    return ENGINE_FAILED;
  }
}

std::string_view key_of(const void* key, size_t nkey) {
  return {static_cast<const char*>(key), nkey};
}

const engine_info* get_info(ENGINE_HANDLE* handle) { return engine_of(handle)->info(); }

ENGINE_ERROR_CODE initialize(ENGINE_HANDLE* handle, const char* config_str) {
  try {
    auto* h = reinterpret_cast<Handle*>(handle);
    const ENGINE_ERROR_CODE status = h->engine->initialize(config_str);
    // From here the engine keeps state per cookie (fetch answers, waiters):
    // it learns of closing connections to drop it.
    if (status == ENGINE_SUCCESS) h->hook = DisconnectHook::attach(h->engine->sapi(), handle, h->engine);
    return status;
  } catch (const std::bad_alloc&) {
    return ENGINE_ENOMEM;
  } catch (...) {
    return ENGINE_FAILED;
  }
}

void destroy(ENGINE_HANDLE* handle) {
  auto* h = reinterpret_cast<Handle*>(handle);
  if (h->hook != nullptr) h->hook->detach();  // the core keeps calling it
  delete h->engine;  // stops and joins the workers, flushes, closes
  delete h;
}

ENGINE_ERROR_CODE allocate(ENGINE_HANDLE* handle, const void*, item** out, const void* key,
                           const size_t nkey, const size_t nbytes, const int flags,
                           const rel_time_t exptime) {
  if (out == nullptr || key == nullptr) return ENGINE_EINVAL;
  return guarded(handle, [&](EpEngine& e) {
    return e.allocate(out, key_of(key, nkey), nbytes, flags, exptime);
  });
}

ENGINE_ERROR_CODE remove(ENGINE_HANDLE* handle, const void* cookie, const void* key,
                         const size_t nkey, uint64_t cas, uint16_t) {
  if (key == nullptr) return ENGINE_EINVAL;
  return guarded(handle, [&](EpEngine& e) { return e.remove(cookie, key_of(key, nkey), cas); });
}

void release(ENGINE_HANDLE* handle, const void*, item* it) {
  if (it != nullptr) engine_of(handle)->release(it);  // cannot throw
}

ENGINE_ERROR_CODE get(ENGINE_HANDLE* handle, const void* cookie, item** out, const void* key,
                      const int nkey, uint16_t) {
  if (nkey < 0 || key == nullptr || out == nullptr) return ENGINE_EINVAL;
  return guarded(handle, [&](EpEngine& e) {
    return e.get(cookie, out, key_of(key, static_cast<size_t>(nkey)));
  });
}

ENGINE_ERROR_CODE store(ENGINE_HANDLE* handle, const void* cookie, item* it, uint64_t* cas,
                        ENGINE_STORE_OPERATION operation, uint16_t) {
  return guarded(handle, [&](EpEngine& e) { return e.store(cookie, it, cas, operation); });
}

ENGINE_ERROR_CODE arithmetic(ENGINE_HANDLE* handle, const void* cookie, const void* key,
                             const int nkey, const bool increment, const bool create,
                             const uint64_t delta, const uint64_t initial,
                             const rel_time_t exptime, uint64_t* cas, uint64_t* result,
                             uint16_t) {
  if (nkey < 0 || key == nullptr) return ENGINE_EINVAL;
  return guarded(handle, [&](EpEngine& e) {
    return e.arithmetic(cookie, key_of(key, static_cast<size_t>(nkey)), increment, create,
                        delta, initial, exptime, cas, result);
  });
}

ENGINE_ERROR_CODE flush(ENGINE_HANDLE* handle, const void* cookie, time_t when) {
  return guarded(handle, [&](EpEngine& e) { return e.flush(cookie, when); });
}

ENGINE_ERROR_CODE get_stats(ENGINE_HANDLE* handle, const void* cookie, const char* stat_key,
                            int nkey, ADD_STAT add_stat) {
  const std::string_view group = stat_key == nullptr || nkey <= 0
                                     ? std::string_view{}
                                     : key_of(stat_key, static_cast<size_t>(nkey));
  return guarded(handle, [&](EpEngine& e) { return e.get_stats(cookie, group, add_stat); });
}

void reset_stats(ENGINE_HANDLE* handle, const void*) { engine_of(handle)->reset_stats(); }

ENGINE_ERROR_CODE unknown_command(ENGINE_HANDLE*, const void*, protocol_binary_request_header*,
                                  ADD_RESPONSE) {
  return ENGINE_ENOTSUP;
}

void item_set_cas(ENGINE_HANDLE* handle, const void*, item* it, uint64_t cas) {
  if (it != nullptr) engine_of(handle)->item_set_cas(it, cas);
}

bool get_item_info(ENGINE_HANDLE* handle, const void*, const item* it, item_info* info) {
  return engine_of(handle)->get_item_info(it, info);
}

size_t errinfo(ENGINE_HANDLE*, const void*, char*, size_t) { return 0; }

void fill_slots(ENGINE_HANDLE_V1& v1) {
  v1.interface.interface = 1;
  v1.get_info = get_info;
  v1.initialize = initialize;
  v1.destroy = destroy;
  v1.allocate = allocate;
  v1.remove = remove;
  v1.release = release;
  v1.get = get;
  v1.store = store;
  v1.arithmetic = arithmetic;
  v1.flush = flush;
  v1.get_stats = get_stats;
  v1.reset_stats = reset_stats;
  v1.get_stats_struct = nullptr;  // optional: stats are asked for by name
  v1.aggregate_stats = nullptr;
  v1.unknown_command = unknown_command;
  v1.tap_notify = nullptr;  // no TAP
  v1.get_tap_iterator = nullptr;
  v1.item_set_cas = item_set_cas;
  v1.get_item_info = get_item_info;
  v1.errinfo = errinfo;
}

}  // namespace
}  // namespace ep

extern "C" MEMCACHED_PUBLIC_API ENGINE_ERROR_CODE create_instance(uint64_t interface,
                                                                  GET_SERVER_API get_server_api,
                                                                  ENGINE_HANDLE** handle) {
  if (interface != 1) return ENGINE_ENOTSUP;
  if (get_server_api == nullptr || handle == nullptr) return ENGINE_EINVAL;
  SERVER_HANDLE_V1* sapi = get_server_api();
  if (sapi == nullptr || sapi->interface != 1) return ENGINE_ENOTSUP;
  try {
    auto* h = new ep::Handle{};
    try {
      h->engine = new ep::EpEngine(*sapi);
    } catch (...) {
      delete h;
      throw;
    }
    ep::fill_slots(h->v1);
    *handle = reinterpret_cast<ENGINE_HANDLE*>(h);
    return ENGINE_SUCCESS;
  } catch (const std::bad_alloc&) {
    return ENGINE_ENOMEM;
  } catch (...) {
    return ENGINE_FAILED;
  }
}
