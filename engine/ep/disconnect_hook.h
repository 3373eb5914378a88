// disconnect_hook.h - the ep engine's ON_DISCONNECT callback: tells the
// engine a connection is closing, through data that outlives the engine.
#pragma once

#include <mutex>

#include "memcached/engine.h"

namespace ep {

class EpEngine;

// The core keeps a callback for good (the v1 server API has no
// unregister_callback), so its data cannot be the engine: a DisconnectHook
// points at a live engine or at nothing, and lives as long as the process.
class DisconnectHook {
 public:
  // Registers a new hook for `engine` (reached as `handle`) with the core.
  static DisconnectHook* attach(const SERVER_HANDLE_V1& sapi, ENGINE_HANDLE* handle,
                                EpEngine* engine);
  // Before the engine is destroyed: waits for a callback in progress, after
  // which the hook calls nothing.
  void detach();

 private:
  static void on_disconnect(const void* cookie, ENGINE_EVENT_TYPE type, const void* event_data,
                            const void* cb_data);
  void forward(const void* cookie);

  std::mutex mutex_;  // held across the engine's forget_cookie; taken before any engine lock
  EpEngine* engine_ = nullptr;
};

}  // namespace ep
