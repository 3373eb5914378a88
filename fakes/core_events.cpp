// core_events.cpp - the events the fake core fires to the engine's
// callbacks (ON_CONNECT, ON_DISCONNECT, ON_SWITCH_CONN, ON_LOG_LEVEL), as
// memcached fires them (docs/core-fidelity.md, "Events and the log level").
#include <dlfcn.h>

#include <algorithm>
#include <mutex>

#include "core.h"

namespace enginesim {

void Core::verbosity_command(EXTENSION_LOG_LEVEL level) {
  set_log_level(level);
  perform_callbacks(ON_LOG_LEVEL, nullptr, nullptr);
}

EXTENSION_LOG_LEVEL Core::level_of_verbosity(uint32_t verbose) {
  switch (verbose) {
    case 0: return EXTENSION_LOG_WARNING;
    case 1: return EXTENSION_LOG_INFO;
    case 2: return EXTENSION_LOG_DEBUG;
    default: return EXTENSION_LOG_DETAIL;
  }
}

uint32_t Core::verbosity_of(EXTENSION_LOG_LEVEL level) {
  switch (level) {
    case EXTENSION_LOG_WARNING: return 0;
    case EXTENSION_LOG_INFO: return 1;
    case EXTENSION_LOG_DEBUG: return 2;
    default: return 3;
  }
}

void Core::switch_conn(Connection& conn) { perform_callbacks(ON_SWITCH_CONN, &conn, &conn); }

void Core::register_callback(ENGINE_HANDLE* engine, ENGINE_EVENT_TYPE type, EVENT_CALLBACK cb,
                             const void* cb_data) {
  if (type < 0 || type >= MAX_ENGINE_EVENT_TYPE || cb == nullptr) return;
  std::lock_guard<SpinLock> lock(lock_);
  // memcached prepends (register_callback, memcached.c@82fb476:5912-5922):
  // the last registered runs first.
  callbacks_[type].insert(callbacks_[type].begin(), Callback{engine, cb, cb_data});
}

void Core::perform_callbacks(ENGINE_EVENT_TYPE type, const void* data, const void* cookie) {
  if (type < 0 || type >= MAX_ENGINE_EVENT_TYPE) return;
  std::vector<Callback> copy;
  {
    std::lock_guard<SpinLock> lock(lock_);
    copy = callbacks_[type];
  }
  // Outside the lock: a callback may call back into the server API.
  for (const Callback& c : copy) {
    // The v1 API has no unregister_callback and memcached never unloads an
    // engine; the harness does (dlclose after destroy): a callback whose code
    // is no longer mapped is skipped, not called.
    Dl_info where;
    if (::dladdr(reinterpret_cast<void*>(c.cb), &where) == 0) {
      std::lock_guard<SpinLock> lock(lock_);
      ++unmapped_callbacks_skipped_;
      continue;
    }
    c.cb(cookie, type, data, c.cb_data);
  }
}

void Core::forget_callbacks_of(ENGINE_HANDLE* engine) {
  std::lock_guard<SpinLock> lock(lock_);
  for (std::vector<Callback>& of_type : callbacks_) {
    std::erase_if(of_type, [engine](const Callback& c) { return c.engine == engine; });
  }
}

uint64_t Core::unmapped_callbacks_skipped() const {
  std::lock_guard<SpinLock> lock(lock_);
  return unmapped_callbacks_skipped_;
}

size_t Core::callback_count(ENGINE_EVENT_TYPE type) const {
  std::lock_guard<SpinLock> lock(lock_);
  return callbacks_[type].size();
}

}  // namespace enginesim
